"""The tools an agent may call, by mode (their schemas: `tool_schemas`), and their execution through the Workspace.

CONSULT: read_file, list_files, search_code, query_index, ask_agent (read-only).
DIRECT adds write_file, edit_file, run_recipe, run_tests, run_command, finish; EXECUTE
adds request_change. `run_recipe` runs one of the agent's own deterministic offline
recipes (boilerplate at no token cost). Inputs are validated with pydantic; any failure
goes back to the model as an `is_error` tool result it can act on. Every write passes
`Workspace.write_text`. `run_tests` and `run_command` run code the agent may have
written: argv is checked by `command_policy`, the process is confined where the platform
allows (`orchestrator.confinement`), and `orchestrator.tree_guard` puts back whatever
it changed outside the agent's paths. `search_code` runs in a worker process stopped
after `limits.search_seconds`, so no regular expression can hang the run.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from agents.spec import Mode
from orchestrator.config import Config
from orchestrator.engines.model.code_search import SEARCH_HITS, search_in_worker
from orchestrator.engines.model.command_policy import check_command
from orchestrator.engines.model.errors import BoundaryBreach, Finished, ToolError
from orchestrator.engines.model.tools.schemas import (
    AskAgent,
    EditFile,
    Finish,
    ListFiles,
    QueryIndex,
    ReadFile,
    RequestChange,
    RunCommand,
    RunRecipe,
    RunTests,
    SearchCode,
    WriteFile,
    describe_params,
    recipes_of,
    tool_specs,
    tools_for,
)
from orchestrator.errors import StackcrewError
from orchestrator.redaction import REDACTED
from orchestrator.workspace import Workspace

OUTPUT_LIMIT = 12_000
READ_LIMIT = 60_000


@dataclass
class Toolbox:
    """Executes tool calls for one agent in one mode."""

    workspace: Workspace
    config: Config
    mode: Mode
    ask: Callable[[str, str], str] | None = None
    delegations: list[tuple[str, str]] = field(default_factory=list)
    granted: frozenset[str] | None = None  # an agent file's `tools:`; None grants all

    def tool_specs(self) -> list[dict[str, Any]]:
        """The tool definitions for this agent (its own recipes and granted tools only)."""
        return tool_specs(self.mode, self.workspace.agent, self.granted)

    def result(self, call: dict[str, Any]) -> dict[str, Any]:
        """The tool_result block for one tool_use block (`Finished` propagates)."""
        try:
            content, is_error = self.run(call["name"], call.get("input")), False
        except ToolError as exc:
            content, is_error = f"error: {exc}", True
        block = {"type": "tool_result", "tool_use_id": call["id"], "content": content}
        if is_error:
            block["is_error"] = True
        return block

    def run(self, name: str, raw: Any) -> str:
        schema = tools_for(self.mode, self.granted).get(name)
        if schema is None:
            known = ", ".join(tools_for(self.mode, self.granted))
            raise ToolError(f"unknown tool {name!r} in {self.mode} mode; available: {known}")
        if not isinstance(raw, dict):
            raise ToolError(f"the input for {name} must be a JSON object, got {raw!r:.80}")
        try:
            args = schema.model_validate(raw)
        except ValidationError as exc:
            raise ToolError(f"invalid input for {name}: {_problems(exc)}") from None
        try:
            return getattr(self, f"_{name}")(args)
        except StackcrewError as exc:
            raise ToolError(exc.message + (f" ({exc.hint})" if exc.hint else "")) from None
        except (OSError, UnicodeError) as exc:
            raise ToolError(f"{name} failed: {exc}") from None

    # -- read ----------------------------------------------------------------------------

    def _read_file(self, a: ReadFile) -> str:
        lines = self.workspace.read_text(a.path).splitlines(keepends=True)
        start, end = a.start or 1, a.end or len(lines)
        if start > max(len(lines), 1):
            raise ToolError(f"{a.path!r} has {len(lines)} lines; start={start} is past the end")
        numbered = "".join(f"{n}\t{lines[n - 1]}" for n in range(start, min(end, len(lines)) + 1))
        if len(numbered) > READ_LIMIT:
            cut = numbered[:READ_LIMIT].rsplit("\n", 1)[0]
            shown = cut.count("\n") + start
            return f"{cut}\n… cut after line {shown}: read on with start={shown + 1}"
        return numbered

    def _list_files(self, a: ListFiles) -> str:
        files = self.workspace.list_files(a.pattern)
        return "\n".join(files[:2000]) or f"no files match {a.pattern!r}"

    def _search_code(self, a: SearchCode) -> str:
        try:
            re.compile(a.regex)
        except re.error as exc:
            raise ToolError(f"invalid regex {a.regex!r}: {exc}") from None
        files = {path: self._lines(path) for path in self.workspace.list_files(a.glob)}
        hits = search_in_worker(a.regex, files, self.config.limits.search_seconds)
        if len(hits) >= SEARCH_HITS:
            return "\n".join(hits) + f"\n… stopped at {SEARCH_HITS} hits; narrow the search"
        return "\n".join(hits) or f"no match for {a.regex!r} in {a.glob!r}"

    def _lines(self, path: str) -> list[str]:
        try:
            return self.workspace.read_text(path).splitlines()
        except StackcrewError:
            return []

    def _query_index(self, a: QueryIndex) -> str:
        from orchestrator.engines.model.index_tool import index_facts
        from orchestrator.index import build_index

        return index_facts(
            build_index(self.workspace.root),
            a.section,
            a.about,
            contracts=self.config.contracts,
            owner_of=self.workspace.ownership.owner_of,
        )

    def _ask_agent(self, a: AskAgent) -> str:
        if self.ask is None:
            raise ToolError("ask_agent is not available here (nesting depth reached)")
        return self.ask(a.agent, a.question)

    # -- write ---------------------------------------------------------------------------

    def _write_file(self, a: WriteFile) -> str:
        rel = self._write(a.path, a.content)
        return f"wrote {rel} ({len(a.content)} characters)"

    def _edit_file(self, a: EditFile) -> str:
        text = self.workspace.read_text(a.path)
        count = text.count(a.old)
        if count != 1:
            where = "does not occur" if count == 0 else f"occurs {count} times"
            raise ToolError(
                f"`old` {where} in {a.path!r}; it must match exactly once "
                "(copy it from read_file, add surrounding lines to make it unique)"
            )
        rel = self._write(a.path, text.replace(a.old, a.new, 1))
        return f"edited {rel}"

    def _run_recipe(self, a: RunRecipe) -> str:
        from orchestrator.engines.offline import RECIPES, run_recipe  # deferred: optional engine
        from orchestrator.index import build_index

        agent = self.workspace.agent
        mine = ", ".join(r.name for r in recipes_of(agent)) or "none"
        recipe = RECIPES.get(a.name)
        if recipe is None:
            raise ToolError(f"unknown recipe {a.name!r}; your recipes: {mine}")
        if recipe.agent != agent:
            ask = (
                f"; call request_change(agent={recipe.agent!r}, description=...) to ask for it"
                if self.mode == "EXECUTE"
                else ""
            )
            raise ToolError(
                f"recipe {a.name!r} belongs to agent {recipe.agent!r}, not to {agent!r}{ask}; "
                f"your recipes: {mine}"
            )
        try:
            recipe.params.model_validate(a.params)
        except ValidationError as exc:
            raise ToolError(
                f"invalid params for {a.name}: {_problems(exc)}; "
                f"expected {describe_params(recipe.params)}"
            ) from None
        before = len(self.workspace.written)
        try:
            files = run_recipe(a.name, a.params, self.workspace, build_index(self.workspace.root))
        except StackcrewError as exc:
            written = self.workspace.written[before:]
            partial = f"; it had already written {', '.join(written)}" if written else ""
            hint = f" ({exc.hint})" if exc.hint else ""
            raise ToolError(f"recipe {a.name} stopped: {exc.message}{hint}{partial}") from None
        if not files:
            return f"{a.name}: nothing to change (everything it generates is already there)"
        return f"{a.name} changed {len(files)} files:\n" + "\n".join(files)

    def _write(self, path: str, content: str) -> str:
        if content.count(REDACTED) > self._text_or_empty(path).count(REDACTED):
            raise ToolError(
                f"write refused: the content holds {REDACTED}, which stands for a secret you were "
                "not shown; writing it would replace the secret in the file. Leave those lines "
                "as they are: change the others with edit_file"
            )
        try:
            return self.workspace.write_text(path, content)
        except StackcrewError as exc:
            raise ToolError(f"write refused: {exc.message}.{self._owner_hint(path)}") from None

    def _text_or_empty(self, path: str) -> str:
        try:
            return self.workspace.read_text(path)
        except (StackcrewError, OSError, UnicodeError):
            return ""

    def _owner_hint(self, path: str) -> str:
        owner = _owner(self.workspace, path)
        if owner is None or owner == self.workspace.agent or self.workspace.read_only:
            return ""
        if self.mode == "EXECUTE":
            return (
                f" {path!r} belongs to agent {owner!r}: call request_change(agent={owner!r}, "
                "description=...) to ask them for the change"
            )
        return f" {path!r} belongs to agent {owner!r}; DIRECT work stays inside your own paths"

    def _run_tests(self, a: RunTests) -> str:
        return self._run_guarded(self.config.test_command, self.config.test_workdir)

    def _run_command(self, a: RunCommand) -> str:
        check_command(a.argv, self.config.allowed_commands, self.workspace)
        return self._run_guarded(a.argv, ".")

    def _run_guarded(self, argv: list[str], workdir: str) -> str:
        """Run confined; put back what it changed outside the agent's paths and say so."""
        from orchestrator.tree_guard import TreeGuard

        root = self.workspace.root
        guard = TreeGuard.take(root, self.workspace.owns)
        try:
            output = _run(argv, root / workdir, root, self.config.test_timeout_seconds)
        finally:
            breach = guard.check()
            self.workspace.reverted.extend(breach.reverted + breach.unrestorable)
        if breach.unrestorable:
            raise BoundaryBreach(
                f"{argv[0]} changed files that cannot be put back: "
                f"{', '.join(breach.unrestorable[:5])}; check them, then `orchestrate resume`"
            )
        if breach.reverted:
            raise ToolError(
                f"{output}\n{argv[0]} changed files outside your paths; they were put back: "
                f"{', '.join(breach.reverted[:10])}. Change only files you own."
            )
        return output

    def _finish(self, a: Finish) -> str:
        raise Finished(a.summary)

    def _request_change(self, a: RequestChange) -> str:
        if a.agent == self.workspace.agent:
            raise ToolError("you cannot delegate to yourself; make the change directly")
        if a.agent not in self.workspace.ownership.agents():
            known = ", ".join(self.workspace.ownership.agents())
            raise ToolError(f"unknown agent {a.agent!r}; known agents: {known}")
        self.delegations.append((a.agent, a.description))
        return f"request for {a.agent} recorded; it runs after you finish"


def _run(argv: list[str], cwd: Any, repo: Any, timeout: int) -> str:
    from orchestrator.confinement import run_confined

    try:
        done = run_confined(argv, cwd=cwd, repo=repo, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ToolError(f"{argv[0]} timed out after {timeout} s") from None
    except FileNotFoundError:
        raise ToolError(f"command not found: {argv[0]!r}") from None
    output = _truncate((done.stdout or "") + (done.stderr or ""), OUTPUT_LIMIT)
    return f"exit code {done.returncode}\n{output}"


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"… {len(text) - limit} characters cut …\n" + text[-limit:]


def _owner(workspace: Workspace, path: str) -> str | None:
    try:
        return workspace.ownership.owner_of(workspace.resolve(path))
    except StackcrewError:
        return None


def _problems(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}"
        for e in exc.errors(include_url=False)
    )
