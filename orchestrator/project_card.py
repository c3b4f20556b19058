"""The project card: what an answer from the index needs of a project, remembered.

Opening a project validates ``stackcrew.yaml`` and every agent file with pydantic, which
(with the CLI framework) costs about a quarter of a second before a question is read.
Once a full ``agent consult`` has validated them, the card keeps what an offline answer
needs: which agents work in CONSULT mode, the engine setting, whether a ``base_url`` is
set and the contract mapping. With it go the size and modification time of every file
those came from (the config, each agent file) and of the folders agent files are read
from, so that an added agent is noticed too. A card is current only while all of them
match and none was modified at or after the card was written: an edit in the same clock
tick as the card cannot be told apart, so it is not trusted.
"""

from __future__ import annotations

import json
import os

from orchestrator import __version__
from orchestrator.engine_choice import uses_model
from orchestrator.repo_paths import CONFIG_FILE
from project_state.cache_folder import CACHE_ROOT
from project_state.cache_trust import cache_trusted, content_dir

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from orchestrator.project import Project

CARD_FILE = "project-card.json"
CARD_FORMAT = f"1-{__version__}"


class ProjectCard:
    """What an offline answer needs of the project. A plain class: reading a card is the
    first thing a quick answer does, and the `dataclasses` module alone costs ~10 ms."""

    __slots__ = ("base_url", "consult_agents", "contracts", "engine")

    def __init__(
        self,
        engine: str,
        base_url: str | None,
        contracts: dict[str, str],
        consult_agents: list[str],
    ) -> None:
        self.engine, self.base_url = engine, base_url
        self.contracts, self.consult_agents = contracts, consult_agents

    def answers_from_index(self) -> bool:
        """Whether CONSULT goes to the index, not to a model, in this environment."""
        return not uses_model(self.engine, self.base_url)


def write_card(project: Project) -> bool:
    """Remember ``project``'s card, atomically; False when the cache cannot be written."""
    config = project.config
    document = {
        "format": CARD_FORMAT,
        "root": str(project.root),
        "agents_dir": config.agents_dir,
        "inputs": _inputs(project.root, config.agents_dir),
        "engine": config.engine,
        "base_url": config.base_url,
        "contracts": config.contracts,
        "consult_agents": [a.name for a in project.registry if "CONSULT" in a.modes],
    }
    from project_state.atomic import write_atomic  # lazy: as in `_inputs`

    try:
        write_atomic(
            content_dir(project.root) / CARD_FILE, json.dumps(document).encode(), durable=False
        )
    except OSError:
        return False
    return True


def read_card(root: Path | str) -> ProjectCard | None:
    """The card of the repository at ``root`` when it is current; None otherwise.

    The files and folders the card came from are the ones it names: a new agent file
    changes its folder's modification time, and a new ``agents_dir`` the config's."""
    if not cache_trusted(root):
        return None
    try:
        with open(os.path.join(root, CACHE_ROOT, CARD_FILE), "rb") as handle:
            written_ns = os.fstat(handle.fileno()).st_mtime_ns
            data = json.loads(handle.read())
        if data.get("format") != CARD_FORMAT or data.get("root") != str(root):
            return None
        inputs = data["inputs"]
        if any(_signature(path) != sig for path, sig in inputs.items()):
            return None
        if _touched_since(inputs, written_ns):
            return None
        return ProjectCard(
            str(data["engine"]),
            data["base_url"],
            dict(data["contracts"]),
            list(data["consult_agents"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _inputs(root: Path, agents_dir: str | None) -> dict[str, list[int] | None]:
    # lazy: only writing a card lists the agent files; reading it checks the ones it names
    from agents.sources import builtin_agent_files, markdown_files, project_agent_dirs

    paths = [root / CONFIG_FILE, *builtin_agent_files()]
    for folder in project_agent_dirs(root, agents_dir):
        if folder is not None:
            paths += [folder, *markdown_files(folder)]
    return {str(path): _signature(path) for path in paths}


def _signature(path: Path | str) -> list[int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


def _touched_since(inputs: dict[str, Any], written_ns: int) -> bool:
    return any(sig is not None and sig[0] >= written_ns for sig in inputs.values())
