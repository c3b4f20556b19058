"""The built-in agents' names, written once: the closed set the code may single out.

A project's own agents (its `agents_dir`, `.claude/agents`) have other names and take
the generic paths. Code that treats a built-in specially names it with `BuiltinAgent`;
a table keyed by built-in has a test that its keys are this set, so that a new built-in
is not forgotten silently.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

BuiltinAgent = Literal["fastapi", "database", "vue", "devops", "qa"]
# Precedence for ownership: later agents win where patterns overlap.
BUILTIN_AGENTS: tuple[BuiltinAgent, ...] = get_args(BuiltinAgent)
# The agent that reviews changes rather than making them.
REVIEWER: Final[BuiltinAgent] = "qa"
