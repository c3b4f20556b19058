"""Which argv a model agent may run: an allowed prefix, then every argument checked.

`allowed_commands` names argv prefixes (`[ruff, check]`); a prefix is necessary, not
sufficient. After it, every argument and every `--option=value` must stay inside the
repository. For ruff, whose options can write files, each option is judged on its own:
`--config` and `--cache-dir` are refused (they change what ruff writes and reads),
`--output-file` must name a file the agent owns, and a writing run (`check --fix`,
`format` without `--check`/`--diff`) may only be given paths whose every file the
agent owns. What the command does anyway is caught by `orchestrator.tree_guard`.
"""

from __future__ import annotations

import os
from pathlib import Path

from orchestrator.engines.model.errors import ToolError
from orchestrator.workspace import Workspace

RUFF_REFUSED = frozenset({"--config", "--cache-dir", "--watch", "-w", "--stdin-filename"})
RUFF_OUTPUT = frozenset({"--output-file", "-o"})
RUFF_FIXES = frozenset({"--fix", "--fix-only", "--unsafe-fixes", "--add-noqa"})
RUFF_READ_ONLY_FORMAT = frozenset({"--check", "--diff"})
RUFF_VALUED = frozenset({
    "--select", "--ignore", "--extend-select", "--extend-ignore", "--fixable", "--unfixable",
    "--extend-fixable", "--per-file-ignores", "--extend-per-file-ignores", "--exclude",
    "--extend-exclude", "--line-length", "--target-version", "--output-format", "--range",
    "--dummy-variable-rgx", "--config", "--cache-dir", "--output-file", "-o", "--stdin-filename",
})  # fmt: skip


def check_command(argv: list[str], allowed: list[list[str]], workspace: Workspace) -> None:
    """Raise `ToolError` saying what to change unless `argv` may run."""
    if not any(argv[: len(prefix)] == prefix for prefix in allowed):
        shown = "; ".join(" ".join(p) for p in allowed) or "none"
        raise ToolError(f"command {argv!r} is not allowed; allowed prefixes: {shown}")
    for arg in argv[1:]:
        _inside(workspace, arg.partition("=")[2] if arg.startswith("-") else arg, arg)
    start = _ruff_subcommand(argv)
    if start is not None:
        _check_ruff(argv[start], argv[start + 1 :], workspace)


def _inside(workspace: Workspace, value: str, arg: str) -> None:
    if not value:
        return
    root = str(workspace.root)
    resolved = os.path.realpath(os.path.join(root, value))
    if resolved != root and not resolved.startswith(root + os.sep):
        raise ToolError(
            f"argument {arg!r} leads outside the repository ({resolved!r}); "
            "commands may only be given paths inside it"
        )


def _ruff_subcommand(argv: list[str]) -> int | None:
    """Where ruff's subcommand is in `ruff …` or `python -m ruff …`, else None."""
    if Path(argv[0]).name == "ruff" and len(argv) > 1:
        return 1
    if argv[1:3] == ["-m", "ruff"] and len(argv) > 3:
        return 3
    return None


def _check_ruff(sub: str, args: list[str], workspace: Workspace) -> None:
    paths, options = _split(args)
    for name, value in options:
        if name in RUFF_REFUSED:
            raise ToolError(f"ruff option {name} is not allowed here; leave it out")
        if name in RUFF_OUTPUT:
            _own_all(workspace, [value or ""], f"ruff {name} writes {value!r}")
    writes = (sub == "check" and any(n in RUFF_FIXES for n, _ in options)) or (
        sub == "format" and not any(n in RUFF_READ_ONLY_FORMAT for n, _ in options)
    )
    if writes:
        _own_all(workspace, paths or ["."], f"`ruff {sub}` rewrites the files it is given")


def _split(args: list[str]) -> tuple[list[str], list[tuple[str, str | None]]]:
    """Positional paths, and `(option, value)` pairs (`-oFILE`, `--x=v`, `--x v`)."""
    paths, options, rest = [], [], iter(args)
    for arg in rest:
        if not arg.startswith("-") or arg == "-":
            paths.append(arg)
        elif "=" in arg:
            options.append(tuple(arg.split("=", 1)))
        elif arg.startswith("-o") and len(arg) > 2 and not arg.startswith("--"):
            options.append(("-o", arg[2:]))
        elif len(arg) > 2 and not arg.startswith("--"):
            # `-so FILE` hides `-o` in a cluster whose value the checks above would not see
            raise ToolError(f"give ruff's short options one by one, not joined as {arg!r}")
        else:
            options.append((arg, next(rest, None) if arg in RUFF_VALUED else None))
    return paths, options  # type: ignore[return-value]


def _own_all(workspace: Workspace, paths: list[str], what: str) -> None:
    for path in paths:
        target = workspace.root / path
        files = _files_under(workspace, path) if target.is_dir() else [path]
        foreign = [f for f in files if not workspace.owns(f)]
        if foreign:
            shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
            raise ToolError(
                f"{what}, and {path!r} includes files you do not own ({shown}); pass only "
                "your own files, or use `ruff check` without fixes / `ruff format --check`"
            )


def _files_under(workspace: Workspace, folder: str) -> list[str]:
    rel = (
        ""
        if os.path.realpath(workspace.root / folder) == str(workspace.root)
        else (workspace.resolve(folder))
    )
    return [f for f in workspace.list_files("**/*") if not rel or f.startswith(rel + "/")]
