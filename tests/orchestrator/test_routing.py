"""Routing: --agent, assignee, spans across layers, scores, and ties that ask."""

from __future__ import annotations

from typing import get_args

import pytest

from agents.names import BUILTIN_AGENTS, REVIEWER
from agents.registry import load_registry
from orchestrator.routing import LAYER_ORDER, SPEC_LAYERS, route_issue, score_agents
from project_state.errors import Refusal
from project_state.project_file import Issue, IssueSpec, SpecKind

REGISTRY = load_registry()
OWNERSHIP = REGISTRY.ownership()


def issue(title, body="", labels=(), assignee=None, spec=None):
    return Issue.model_validate({
        "number": 7, "title": title, "body": body, "labels": list(labels), "assignee": assignee,
        "status": "open", "spec": spec, "created_at": "2026-11-20T10:00:00Z", "closed_at": None,
    })  # fmt: skip


def route(i, agent=None):
    return route_issue(i, REGISTRY, OWNERSHIP, agent=agent)


def test_agent_option_wins_over_everything():
    assert route(issue("Add a migration", assignee="vue"), agent="devops").agents == ("devops",)


def test_assignee_comes_next():
    assert route(issue("Add a migration", assignee="vue")).agents == ("vue",)


def test_spec_of_a_resource_spans_layers_in_order():
    spec = IssueSpec.model_validate({"kind": "resource", "resource": "tag", "fields": []})
    assert route(issue("Tags", spec=spec)).agents == ("database", "fastapi", "vue")


def test_labels_naming_several_layers_span_them():
    got = route(issue("Ship it", labels=["frontend", "devops", "backend"]))
    assert got.agents == ("fastapi", "vue", "devops")


def test_paths_named_in_the_body_point_to_their_owner():
    got = route(issue("Fix typo", body="see backend/alembic/versions/0001_create_users.py"))
    assert got.agents == ("database",)


def test_trigger_words_score():
    scores = score_agents(issue("Add pagination to the users endpoints"), REGISTRY, OWNERSHIP)
    assert max(scores, key=scores.get) == "fastapi"


def test_nothing_to_go_on_asks_for_an_agent():
    with pytest.raises(Refusal, match="nothing in it points to an agent") as caught:
        route(issue("Make it better"))
    assert "--agent" in caught.value.hint


def test_a_tie_asks_for_an_agent():
    with pytest.raises(Refusal, match="tie"):
        route(issue("docker and vue"))


def test_every_builtin_has_one_place_in_the_layer_order():
    assert sorted(LAYER_ORDER) == sorted(BUILTIN_AGENTS)


def test_every_spec_kind_but_custom_names_implementing_builtins():
    assert set(SPEC_LAYERS) == set(get_args(SpecKind)) - {"custom"}
    named = {agent for layers in SPEC_LAYERS.values() for agent in layers}
    assert named <= set(BUILTIN_AGENTS) - {REVIEWER}
