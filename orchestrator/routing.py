"""Which agent takes an issue, and in what order agents work on one that spans layers.

The decision is deterministic: `--agent` first, then the issue's assignee, then a plan
across layers when the issue's labels or spec name several, else a score over triggers,
labels and the paths the issue mentions. A tie is never broken by guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agents.names import REVIEWER, BuiltinAgent
from agents.ownership import OwnershipMap
from agents.registry import AgentRegistry
from project_state.errors import Refusal

if TYPE_CHECKING:
    from project_state.project_file import Issue, SpecKind

# Work flows from the data model outwards; QA closes every plan. Every built-in has a place.
LAYER_ORDER: tuple[BuiltinAgent, ...] = ("database", "fastapi", "vue", "devops", "qa")
# The layers a spec of each kind calls for; a `custom` spec names none and goes by labels.
SPEC_LAYERS: dict[SpecKind, tuple[BuiltinAgent, ...]] = {
    "resource": ("database", "fastapi", "vue"),
    "field": ("database", "fastapi", "vue"),
    "health": ("fastapi",),
    "infra": ("devops",),
}
LABEL_WEIGHT, PATH_WEIGHT, TRIGGER_WEIGHT = 3, 5, 1
PATH_RE = re.compile(r"[\w.\-]+(?:/[\w.\-]+)+/?|[\w\-]+\.(?:py|ts|vue|ya?ml|json|ini|toml|md)\b")


@dataclass(frozen=True)
class Route:
    agents: tuple[str, ...]  # implementing agents, in working order
    primary: str  # names the issue's branch and its parent task
    reason: str
    scores: dict[str, int]


def route_issue(
    issue: Issue,
    registry: AgentRegistry,
    ownership: OwnershipMap,
    *,
    agent: str | None = None,
) -> Route:
    scores = score_agents(issue, registry, ownership)
    if agent:
        registry.get(agent)
        return Route((agent,), agent, "chosen with --agent", scores)
    if issue.assignee:
        registry.get(issue.assignee)
        return Route((issue.assignee,), issue.assignee, "the issue's assignee", scores)
    layers = spanned_layers(issue, registry)
    if len(layers) > 1:
        primary = max(layers, key=lambda name: (scores.get(name, 0), -layers.index(name)))
        return Route(layers, primary, "the issue spans layers", scores)
    return _best_scored(issue, scores)


def score_agents(issue: Issue, registry: AgentRegistry, ownership: OwnershipMap) -> dict[str, int]:
    text = f"{issue.title}\n{issue.body}".lower()
    labels = {label.lower() for label in issue.labels}
    owners = [ownership.owner_of(p) for p in mentioned_paths(issue.body)]
    scores = {}
    for spec in registry:
        score = sum(TRIGGER_WEIGHT for t in spec.triggers if _mentions(text, t))
        score += LABEL_WEIGHT * len(labels & {spec.name, *spec.triggers})
        score += PATH_WEIGHT * owners.count(spec.name)
        scores[spec.name] = score
    return scores


def spanned_layers(issue: Issue, registry: AgentRegistry) -> tuple[str, ...]:
    """Implementing agents the issue's spec or labels call for, in layer order."""
    if issue.spec is not None and issue.spec.kind in SPEC_LAYERS:
        named = set(SPEC_LAYERS[issue.spec.kind])
    else:
        labels = {label.lower() for label in issue.labels}
        named = {s.name for s in registry if labels & {s.name, *s.triggers}}
    named.discard(REVIEWER)  # it reviews the result; it is not an implementing layer
    ordered = [n for n in LAYER_ORDER if n in named]
    return tuple(ordered + sorted(named - set(LAYER_ORDER)))


def mentioned_paths(text: str) -> list[str]:
    return [m.group(0) for m in PATH_RE.finditer(text)]


def _mentions(text: str, trigger: str) -> bool:
    # Plurals count: "endpoints" mentions the trigger "endpoint".
    pattern = rf"(?<![\w-]){re.escape(trigger)}(?:s|es)?(?![\w-])"
    return re.search(pattern, text) is not None


def _best_scored(issue: Issue, scores: dict[str, int]) -> Route:
    top = max(scores.values(), default=0)
    leaders = sorted(n for n, s in scores.items() if s == top)
    if top == 0 or len(leaders) > 1:
        why = "nothing in it points to an agent" if top == 0 else f"{', '.join(leaders)} tie"
        raise Refusal(
            f"cannot route issue #{issue.number}: {why}",
            hint="name the agent with --agent, or set the issue's assignee",
        )
    return Route((leaders[0],), leaders[0], "highest routing score", scores)
