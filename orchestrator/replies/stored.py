"""Answers remembered for one build of the index: a question asked again is not worked out
again while nothing it rests on has changed.

An offline answer is a pure function of the ready index (one build of it), the agent, the
question, the output form, the card's contract mapping and the code that answers. The
quick ``agent consult`` writes what it printed under
``.stackcrew-cache/answers/<build>/``, one file per question (this module is its one
owner), and prints it again when the same question comes while that build is still
current (`orchestrator.index.cache.verified`); a new build's first answer forgets the
others', and a build keeps at most `KEPT_ANSWERS` (a big project's answer in JSON can
weigh half a megabyte). The code's part of the key is the modification time and size of every module
that may shape an answer from the cache (`ANSWER_CODE`): an edited or upgraded stackcrew
works its answers out anew.
"""

from __future__ import annotations

import json
import os

from orchestrator.code_stamp import code_stamp
from project_state.cache_folder import CACHE_ROOT
from project_state.cache_trust import cache_trusted, content_path
from project_state.errors import Refusal

ANSWERS_DIR = "answers"
KEPT_ANSWERS = 256
# The code that may shape an answer from a ready cache, relative to the folder holding the
# packages: these folders' modules, their subfolders' included, then these modules.
ANSWER_CODE = (
    ("orchestrator/index", "orchestrator/replies"),
    ("orchestrator/cli/plain.py", "orchestrator/cli/quick_commands.py", "agents/names.py"),
)


def answer_key(agent: str, question: str, as_json: bool, contracts: dict[str, str]) -> str:
    """One line naming an answer: what was asked, how, and by which code."""
    return json.dumps([agent, question, as_json, sorted(contracts.items()), _code_stamp()])


def stored_answer(repo_root: str, build: str, key: str) -> str | None:
    """What was printed for `key` from `build`, if it was remembered."""
    if not cache_trusted(repo_root):
        return None
    try:
        with open(_answer_path(repo_root, build, key), "rb") as handle:
            stored_key, _, output = handle.read().partition(b"\n")
    except OSError:
        return None
    return output.decode("utf-8") if stored_key == key.encode("utf-8") else None


def remember_answer(repo_root: str, build: str, key: str, output: str) -> None:
    """Keep `output` for `key` under `build`, forgetting other builds' answers; a cache
    that cannot be written (a link, which `cache_path` refuses, or one not trusted) is no
    error."""
    from project_state.atomic import write_atomic  # lazy: for writes only

    try:
        folder = content_path(repo_root, ANSWERS_DIR, build)
        _forget_other_builds(os.path.dirname(folder), build)
        if len(os.listdir(folder)) >= KEPT_ANSWERS:
            return  # the questions asked most are usually the first ones
        data = key.encode("utf-8") + b"\n" + output.encode("utf-8")
        write_atomic(_answer_path(repo_root, build, key), data, durable=False)
    except (OSError, Refusal):
        return


def _answer_path(repo_root: str, build: str, key: str) -> str:
    import zlib  # lazy: only a consult that may have been answered before hashes its key

    name = f"{zlib.crc32(key.encode('utf-8')):08x}.answer"  # the key inside tells collisions
    return os.path.join(repo_root, CACHE_ROOT, ANSWERS_DIR, build, name)


def _forget_other_builds(answers: str, build: str) -> None:
    older = [entry.path for entry in os.scandir(answers) if entry.name != build]
    if older:
        import shutil  # lazy: as in `remember_answer`, and only once a build is replaced

        for path in older:
            shutil.rmtree(path, ignore_errors=True)


def _code_stamp() -> list[int]:
    """The modification times and sizes of the `ANSWER_CODE` modules, in path order."""
    folders, modules = ANSWER_CODE
    return code_stamp(folders, modules)
