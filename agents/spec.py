"""The shape of an agent file's frontmatter, in stackcrew's format and Claude Code's."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Mode = Literal["EXECUTE", "DIRECT", "CONSULT"]
ALL_MODES: tuple[Mode, ...] = ("EXECUTE", "DIRECT", "CONSULT")
AGENT_NAME = r"^[a-z][a-z0-9_-]{0,39}$"
# Claude Code's tool names and the stackcrew tools each one grants. Tools that read the
# index, ask another agent, finish or hand work on (request_change) are always granted;
# Claude Code tools with no counterpart here (WebFetch, Task, mcp__...) grant nothing.
CLAUDE_TOOLS: dict[str, tuple[str, ...]] = {
    "Read": ("read_file",),
    "Grep": ("search_code",),
    "Glob": ("list_files",),
    "LS": ("list_files",),
    "Write": ("write_file", "run_recipe"),
    "Edit": ("edit_file",),
    "MultiEdit": ("edit_file",),
    "Bash": ("run_command", "run_tests"),
}
CHANGING_TOOLS = frozenset(("write_file", "edit_file", "run_recipe", "run_command", "run_tests"))
NOT_FRONTMATTER = ("body", "source", "tools")


class AgentSpec(BaseModel):
    """One agent: its identity, routing triggers, ownership and prompt template."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=AGENT_NAME)
    description: str = Field(min_length=1)
    triggers: tuple[str, ...] = ()
    owns: tuple[str, ...] = ()
    delegates_to: tuple[str, ...] = ()
    modes: tuple[Mode, ...] = ALL_MODES
    model: str | None = None
    # Not frontmatter: filled in by the loader. `tools` is None for every tool of the mode,
    # else the stackcrew tools a Claude Code file's `tools:` line grants.
    body: str = Field(default="", exclude=True)
    source: str = Field(default="", exclude=True)
    tools: frozenset[str] | None = Field(default=None, exclude=True)

    @property
    def can_change_files(self) -> bool:
        """False for an agent whose file grants no tool that writes or runs commands."""
        return self.tools is None or bool(self.tools & CHANGING_TOOLS)

    @field_validator("triggers")
    @classmethod
    def _lowercase_triggers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(t.strip().lower() for t in value if t.strip())

    @field_validator("owns")
    @classmethod
    def _no_empty_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not p.strip() for p in value):
            raise ValueError("ownership patterns must not be empty")
        return value


class ClaudeSubagentSpec(BaseModel):
    """Frontmatter of a Claude Code subagent file (`.claude/agents/*.md`)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=AGENT_NAME)
    description: str = Field(min_length=1)
    tools: str | list[str] | None = None
    model: str | None = None
    color: str | None = None

    def to_agent(self, body: str, source: str) -> AgentSpec:
        """A Claude subagent owns nothing until the project config grants it paths."""
        model = None if self.model in (None, "inherit") else self.model
        return AgentSpec(
            name=self.name,
            description=self.description,
            model=model,
            body=body,
            source=source,
            tools=self.granted_tools(),
        )

    def granted_tools(self) -> frozenset[str] | None:
        """The stackcrew tools the `tools:` line grants; None (all) when there is none."""
        if self.tools is None:
            return None
        names = self.tools.split(",") if isinstance(self.tools, str) else self.tools
        return frozenset(t for n in names for t in CLAUDE_TOOLS.get(n.strip(), ()))
