"""Ruff with a curated rule set, run on the changed Python files; only added lines count.

Rule ids are ``RUFF-<code>``. Hard-coded credentials (S105/S106/S107; not a message or an
auth scheme's name that only a variable's name calls a password) and SQL built from
strings (S608) block; missing annotations (ANN) are warnings, and not asked of Alembic
revisions (their ``upgrade()``/``downgrade()`` come from Alembic's template, annotated or
not); the rest request changes.

Ruff runs with ``--ignore-noqa`` and with the project's per-file ignores and excludes
cleared: a ``# noqa`` (or a per-file ignore) the change writes cannot silence the gate.
A finding on a line whose ``# noqa`` covers it keeps its severity and is shown as an
inline waiver; only a waiver in the project's ``review:`` config, with a reason, waives it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from orchestrator.config.review import ReviewSettings
from orchestrator.review.catalog import RUFF_PREFIX
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding, Severity
from orchestrator.review.paths_of_tests import is_test_path
from orchestrator.review.rules.history import is_revision
from orchestrator.ruff_program import ruff_program
from project_state.errors import StackcrewError

TIMEOUT_SECONDS = 300
# Ruff codes graded above the default `error`; others of `ANN` are graded below it.
RUFF_BLOCKING = ("S105", "S106", "S107", "S608")
RUFF_TEST_IGNORES = ("ANN", "S101", "S105", "S106", "S107", "S311")
NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]*(?:[\s,]+[A-Z]+[0-9]*)*))?", re.IGNORECASE)
FILE_NOQA = re.compile(r"#\s*(?:ruff|flake8)\s*:\s*noqa\b.*", re.IGNORECASE)
STRING = re.compile(r"""(["'])((?:(?!\1).)*)\1""")
AUTH_SCHEMES = frozenset({"bearer", "token", "jwt", "basic", "digest"})
# What S105-S107 read a name as: a message about one says so (`"Incorrect email or
# password"`); a passphrase (`"Tested 4 Horses Running"`) does not.
ABOUT_A_CREDENTIAL = re.compile(r"pas+wo?r?d|passphrase|pwd|token|secret", re.IGNORECASE)


def check(ctx: ReviewContext) -> list[Finding]:
    found = []
    lines: dict[str, list[str]] = {}
    for item in collect(ctx):
        path = _relative(ctx, item["filename"])
        line = int(item["location"]["row"])
        if path is not None and line in ctx.added(path) and not _ignored(ctx, path, item):
            text = lines.setdefault(path, ctx.read(path).splitlines())
            if _no_password(str(item.get("code") or ""), text, line):
                continue
            comment = inline_noqa(text, ctx.added(path), line, str(item.get("code") or ""))
            finding = _finding(ctx, item, path, line)
            found.append(finding.with_inline(comment) if comment else finding)
    return found


def start(ctx: ReviewContext) -> None:
    """Start ruff on the changed files now, so it runs while the other rules do."""
    files = [p for p in ctx.files(".py") if ctx.added(p)]
    if files and "ruff" not in ctx.running:
        ctx.running["ruff"] = subprocess.Popen(
            [*ruff_argv(ctx.settings), "--", *files],
            cwd=ctx.tree, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip


def collect(ctx: ReviewContext) -> list[dict[str, object]]:
    """Ruff's findings on the changed files (started by `start`, or now)."""
    start(ctx)
    process = ctx.running.pop("ruff", None)
    if process is None:
        return []
    try:
        out, err = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.wait()
        raise StackcrewError(f"ruff took over {TIMEOUT_SECONDS} s; the review stopped") from exc
    if process.returncode != 0:
        raise StackcrewError(
            f"ruff failed (exit {process.returncode}): {err.strip()[:500]}",
            hint="install it with `pip install ruff`; stackcrew depends on it",
        )
    return list(json.loads(out or "[]"))


def inline_noqa(lines: list[str], added: set[int], line: int, code: str) -> str | None:
    """The `# noqa` comment the change wrote that covers `code` at `line`, if any."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    match = NOQA.search(text)
    if match and line in added:
        codes = re.split(r"[\s,]+", (match.group("codes") or "").upper())
        if not match.group("codes") or any(code.startswith(c) for c in codes if c):
            return match.group(0).strip()
    for number in sorted(added):
        if 0 < number <= len(lines) and (found := FILE_NOQA.search(lines[number - 1])):
            return found.group(0).strip()
    return None


def ruff_argv(settings: ReviewSettings) -> list[str]:
    """Ruff as the gate runs it, up to the file names."""
    argv = [
        # --isolated: no configuration file of the change's (per-file ignores, options
        # that loosen a rule, an `extend` that has ruff read and quote a machine's file)
        *ruff_program(), "check", "--isolated", "--output-format", "json", "--no-cache",
        "--exit-zero", "--no-fix", "--ignore-noqa", "--no-force-exclude",
        "--select", ",".join(settings.ruff_select),
    ]  # fmt: skip
    if settings.ruff_ignore:
        argv += ["--ignore", ",".join(settings.ruff_ignore)]
    return argv


def grade(code: str) -> Severity:
    if code in RUFF_BLOCKING:
        return "block"
    return "warning" if code.startswith("ANN") else "error"


def _finding(ctx: ReviewContext, item: dict, path: str, line: int) -> Finding:
    code = str(item.get("code") or "syntax")
    url = item.get("url")
    fix = f"see {url}" if url else "fix the code ruff points at"
    fixed = item.get("fix")
    if isinstance(fixed, dict) and fixed.get("message"):
        fix = f"{fixed['message']} ({fix})"
    return ctx.finding(f"{RUFF_PREFIX}{code}", grade(code), path, line, str(item["message"]), fix)


def _relative(ctx: ReviewContext, filename: str) -> str | None:
    try:
        return Path(filename).resolve().relative_to(ctx.tree.resolve()).as_posix()
    except ValueError:
        return None


def _no_password(code: str, lines: list[str], line: int) -> bool:
    """S105-S107 read a string as a password by its name alone; a message (words with
    spaces that speak of a credential: `PASSWORD_INVALID = "Incorrect email or password"`)
    or an auth scheme's name (`token_type = "Bearer"`) is none. A line with any other
    string stays a finding."""
    if code not in ("S105", "S106", "S107") or not 0 < line <= len(lines):
        return False
    values = [m.group(2) for m in STRING.finditer(lines[line - 1])]
    return bool(values) and all(_a_message(v) or v.lower() in AUTH_SCHEMES for v in values)


def _a_message(value: str) -> bool:
    return " " in value.strip() and ABOUT_A_CREDENTIAL.search(value) is not None


def _ignored(ctx: ReviewContext, path: str, item: dict) -> bool:
    """Tests may assert, skip annotations and use literal passwords as fixtures; revisions
    may leave their functions unannotated."""
    code = str(item.get("code") or "")
    if is_test_path(path) and code.startswith(RUFF_TEST_IGNORES):
        return True
    return code.startswith("ANN") and is_revision(ctx, path)
