"""Which index-based rules a change can reach, decided from the changed files alone.

The rules that read the static index (missing migrations, endpoints, contract drift)
need the whole repository indexed, at head and at base. Most changes cannot give them
anything to report, and saying so takes parsing only the changed files:

* ``head_declares`` — a changed Python file declares a class or an endpoint at head. A
  model, a route or a schema field the change adds lives in a changed file, so without
  one the migration and endpoint rules have nothing to report.
* ``reaches_index`` — some changed file can alter what the index links: it declares a
  class, endpoint, router, alias, revision or TypeScript type at base or at head, changes
  its imports or module-level names, or is a module added or deleted that an unchanged
  file mentions by name (it could be imported from). Without one, every schema and type
  is the same at base and at head, and so is their drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.git_repo import try_git
from orchestrator.review.base_index import base_facts, indexed_kind
from orchestrator.review.diff import Changes

if TYPE_CHECKING:
    from orchestrator.index.files.file_facts import FileFacts

GREP_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class ChangeScope:
    head_declares: bool
    reaches_index: bool


def change_scope(tree: Path, root: Path, changes: Changes, base: str, head: str) -> ChangeScope:
    """The scope of `changes` (`tree` holds head's files, `root` the git objects)."""
    heads, bases = _head_facts(tree, changes), base_facts(root, changes)
    declares = any(f.python is not None and _declares(f) for f in heads.values())
    if declares:
        return ChangeScope(head_declares=True, reaches_index=True)
    moved: dict[str, str] = {}  # added or deleted modules: name -> the commit that has it
    for path in {*heads, *bases}:
        old, new = bases.get(path), heads.get(path)
        if not _neutral(old, new):
            return ChangeScope(head_declares=False, reaches_index=True)
        either = new if new is not None else old
        if (old is None or new is None) and either is not None and either.python is not None:
            moved[_module_word(path)] = head if new is not None else base
    reaches = _mentioned_elsewhere(root, moved, set(changes.status))
    return ChangeScope(head_declares=False, reaches_index=reaches)


def _head_facts(tree: Path, changes: Changes) -> dict[str, FileFacts]:
    # lazy: keeps importing this module light
    from orchestrator.index.files.file_facts import parse_file, unreadable

    facts = {}
    for path in changes.present():
        kind = indexed_kind(path)
        if kind is None:
            continue
        try:
            facts[path] = parse_file((tree / path).read_bytes(), path, kind)
        except OSError as exc:
            facts[path] = unreadable(kind, exc)
    return facts


def _neutral(base: FileFacts | None, head: FileFacts | None) -> bool:
    sides = [facts for facts in (base, head) if facts is not None]
    if any(f.error or f.ts_types or _declares(f) for f in sides):
        return False
    if base is None or head is None or base.python is None or head.python is None:
        return True  # added or deleted: see `_mentioned_elsewhere`
    return _names(base) == _names(head)


def _declares(facts: FileFacts) -> bool:
    module = facts.python
    if module is None:
        return False
    return bool(
        module.classes or module.handlers or module.routers or module.inclusions
        or module.aliases or module.revision or module.declarative_bases or module.schemes
    )  # fmt: skip


def _names(facts: FileFacts) -> tuple[object, ...]:
    module = facts.python
    return (module.imports, module.assigns, module.constants, module.returns) if module else ()


def _module_word(path: str) -> str:
    """The word an import of the module must spell: `totals` for `app/totals.py`, the
    package's name for an `__init__.py`."""
    parts = path.removesuffix(".py").split("/")
    return parts[-2] if parts[-1] == "__init__" and len(parts) > 1 else parts[-1]


def _mentioned_elsewhere(root: Path, moved: dict[str, str], changed: set[str]) -> bool:
    """Whether a Python file the change leaves alone names one of the `moved` modules, in
    the commit that has the module (added: head; deleted: base)."""
    by_commit: dict[str, list[str]] = {}
    for word, commit in moved.items():
        by_commit.setdefault(commit, []).append(word)
    for commit, words in by_commit.items():
        patterns = [arg for word in words for arg in ("-e", word)]
        grep = ["grep", "-l", "-z", "-w", "-F", *patterns, commit, "--", "*.py"]
        done = try_git(root, *grep, timeout=GREP_TIMEOUT_SECONDS)
        if done is None or done.returncode not in (0, 1):
            return True  # cannot tell: assume it is
        found = done.stdout.decode("utf-8", "surrogateescape").split("\0")
        if any(hit.split(":", 1)[-1] not in changed for hit in found if hit):
            return True
    return False
