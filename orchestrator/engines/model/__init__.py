"""The model engine: Claude agents that work inside their boundaries through tools.

`ModelEngine.perform(job, workspace)` runs `AgentLoop` (loop.py) with the model the agent
asks for (frontmatter `model`, else config `agent_models`, else config `model`), the tools
of the job's mode (tools/) and the run's limits. What a run writes depends on its mode:

| mode    | usage and cost of each request            | conversation and transcript      |
|---------|-------------------------------------------|----------------------------------|
| EXECUTE | `usage` events in the task log            | `project_state/runs/<run-id>/`   |
| DIRECT  | `project_state/runs/<run-id>/usage.jsonl` | `project_state/runs/<run-id>/`   |
| CONSULT | nothing (the Outcome's `data` carries it) | nothing                          |

Everything written is redacted (`orchestrator.redaction`). Importing this package does not
import `anthropic`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from orchestrator.config import Limits
from orchestrator.engine import Job, Outcome
from orchestrator.engines.model.aliases import resolve_model
from orchestrator.engines.model.errors import ToolError
from orchestrator.engines.model.loop import AgentLoop, EventSink
from orchestrator.engines.model.model import AnthropicModel, Model, Reply
from orchestrator.engines.model.scripted import ScriptedModel
from orchestrator.engines.model.tools import Toolbox
from orchestrator.engines.model.transcript import RunFiles, run_usage
from orchestrator.workspace import Workspace

if TYPE_CHECKING:
    from agents.spec import AgentSpec
    from orchestrator.project import Project

__all__ = ["AnthropicModel", "Model", "ModelEngine", "Reply", "ScriptedModel"]

UsageSink = Callable[[Job, Reply, float, int], None]

MAX_ASK_DEPTH = 2
NESTED_LIMITS = Limits(max_turns=12, max_cost_usd=0.5, max_seconds=300)


@dataclass
class ModelEngine:
    project: Project
    model_for: Callable[[str], Model]
    limits: Limits | None = None
    on_event: EventSink | None = None
    name: str = "model"

    @classmethod
    def for_project(
        cls,
        project: Project,
        *,
        on_event: EventSink | None = None,
        limits: Limits | None = None,
        max_retries: int = 4,
        timeout: float = 600.0,
    ) -> ModelEngine:
        """The engine for a real run: base_url from config (else ANTHROPIC_BASE_URL)."""
        # lazy: keeps importing this module light
        from orchestrator.engines.model.client import MessagesClient

        clients: list[MessagesClient] = []

        def model_for(name: str) -> Model:
            if not clients:  # the SDK is built on the first request, not before
                clients.append(
                    MessagesClient.connect(
                        base_url=project.config.base_url, max_retries=max_retries, timeout=timeout
                    )
                )
            return AnthropicModel(name, clients[0])

        return cls(project, model_for, limits=limits, on_event=on_event or _default_view())

    def model_name(self, spec: AgentSpec) -> str:
        """The model id for the agent, with short names (`sonnet`) resolved."""
        config = self.project.config
        name = spec.model or config.agent_models.get(spec.name) or config.model
        return resolve_model(name, config.model_aliases)

    def perform(self, job: Job, workspace: Workspace) -> Outcome:
        files = self._run_files(job)
        return self._perform(job, workspace, depth=0, files=files, sink=self._sink(job, files))

    def _perform(
        self, job: Job, workspace: Workspace, *, depth: int, files: RunFiles | None,
        sink: UsageSink | None,
    ) -> Outcome:  # fmt: skip
        saved = files.load() if files else None
        if saved and saved.get("outcome"):
            return Outcome(**saved["outcome"], delegations=[tuple(d) for d in saved["delegations"]])
        ask = self._asker(job, depth, sink) if depth < MAX_ASK_DEPTH else None
        toolbox = Toolbox(
            workspace, self.project.config, job.mode, ask=ask, granted=job.agent.tools
        )
        loop = AgentLoop(
            self.model_for(self.model_name(job.agent)), toolbox, job.system_prompt,
            self.limits or (self.project.config.limits if depth == 0 else NESTED_LIMITS),
            files=files, on_usage=_bound(sink, job), on_event=self.on_event,
            spent_before=self._spent_in_run(job.run_id) if depth == 0 else 0.0,
        )  # fmt: skip
        return loop.run(job.instruction)

    def _run_files(self, job: Job) -> RunFiles | None:
        """Where the conversation is kept: nowhere for CONSULT, which writes no state."""
        if job.mode == "CONSULT" or not self.project.state.exists():
            return None
        key = job.task.id if job.task is not None else f"{job.agent.name}-{job.mode.lower()}"
        return RunFiles(self.project.state.dir, job.run_id, key)

    def _sink(self, job: Job, files: RunFiles | None) -> UsageSink | None:
        """EXECUTE usage goes to the task log, DIRECT usage to its run folder, CONSULT's nowhere."""
        if job.mode == "EXECUTE" and self.project.state.exists():
            return self._to_task_log
        if job.mode == "DIRECT" and files is not None:
            return lambda j, reply, cost, turn: files.record_usage(
                j.run_id, j.agent.name, j.mode, self._usage_data(j, reply, cost, turn)
            )
        return None

    def _spent_in_run(self, run_id: str) -> float:
        """USD already spent by this run (earlier steps, earlier attempts): the budget is per run."""
        state = self.project.state
        if not state.exists():
            return 0.0
        logged = [e for e in state.events().events if e.event == "usage" and e.run_id == run_id]
        usage = [e.data for e in logged] + [r.data for r in run_usage(state.dir, run_id)]
        return sum(float(data.get("cost_usd") or 0.0) for data in usage)

    def _to_task_log(self, job: Job, reply: Reply, cost: float, turn: int) -> None:
        self.project.state.record(
            "usage", task=job.task.id if job.task else None, agent=job.agent.name,
            mode=job.mode, run_id=job.run_id, data=self._usage_data(job, reply, cost, turn),
        )  # fmt: skip

    def _usage_data(self, job: Job, reply: Reply, cost: float, turn: int) -> dict[str, Any]:
        return {"model": reply.model or self.model_name(job.agent), "turn": turn,
                "issue": job.issue.number if job.issue else None,
                **reply.usage.to_json(), "cost_usd": round(cost, 8)}  # fmt: skip

    def _asker(self, job: Job, depth: int, sink: UsageSink | None) -> Callable[[str, str], str]:
        def ask(agent: str, question: str) -> str:
            spec = self._consultable(agent)
            # lazy: keeps importing this module light
            from orchestrator.planning import render_system_prompt

            prompt = render_system_prompt(self.project, spec, "CONSULT")
            sub = Job(job.run_id, "CONSULT", spec, prompt, question, job.issue, job.task)
            ws = Workspace(self.project.root, self.project.ownership, agent=agent, read_only=True)
            answer = self._perform(sub, ws, depth=depth + 1, files=None, sink=sink)
            if answer.status == "blocked":
                raise ToolError(f"{agent} could not answer: {answer.reason}")
            return answer.summary

        return ask

    def _consultable(self, agent: str) -> AgentSpec:
        registry = self.project.registry
        if agent not in registry:
            raise ToolError(f"unknown agent {agent!r}; known agents: {', '.join(registry.names())}")
        spec = registry.get(agent)
        if "CONSULT" not in spec.modes:
            raise ToolError(f"agent {agent!r} does not answer questions (no CONSULT mode)")
        return spec


def _bound(sink: UsageSink | None, job: Job) -> Callable[[Reply, float, int], None] | None:
    return None if sink is None else lambda reply, cost, turn: sink(job, reply, cost, turn)


def _default_view() -> Any:
    import sys

    if not sys.stdout.isatty():
        return None
    from orchestrator.engines.model.live import LiveView  # lazy: keeps importing this module light

    return LiveView()
