"""`orchestrate merge --pr N` merges only on the gate's own APPROVE of the current head of a
pull request into the default branch, and a merge done on GitHub is reported as done."""

from __future__ import annotations

import pytest

from tests.orchestrator.forge.attack_pulls import merge, open_pull, status


def test_a_stackcrew_qa_success_set_by_someone_else_does_not_merge(github_project):
    """Anyone with `statuses: write` (another workflow, another App, a contributor's token)
    can set context stackcrew/qa=success; merge never looks at the status's creator."""
    head = open_pull(github_project)
    status(github_project, head, creator="mallory", description="APPROVE (forged)")
    done = merge(github_project)
    assert done.exit_code != 0, done.output
    assert not github_project.fake.pulls[46]["merged"]


def test_an_approved_head_is_not_merged_into_a_branch_that_is_not_the_default(github_project):
    """The PR targets `release` (e.g. retargeted after the gate approved it against main).
    merge does not check the base: it merges and then marks issue 45's tasks done although
    GitHub does not close issues for non-default-branch merges."""
    gp = github_project
    gp.git("push", "-q", "origin", "main:refs/heads/release")
    head = open_pull(gp)
    status(gp, head)  # the gate's own APPROVE, on the diff against main
    gp.fake.pulls[46]["base"] = "release"  # retargeted afterwards
    done = merge(gp)
    assert done.exit_code != 0, done.output
    assert not gp.fake.pulls[46]["merged"]


@pytest.mark.parametrize("closes", ["99999999999999999999", "0"])
def test_a_merge_done_on_github_is_reported_done_whatever_the_body_closes(github_project, closes):
    """A branch that is not stackcrew's, whose body closes an issue number that names none:
    the merge is done on GitHub, so the command says so instead of failing afterwards."""
    gp = github_project
    head = open_pull(gp, branch="feature-x", body=f"Closes #{closes}")
    status(gp, head)
    done = merge(gp)
    assert gp.fake.pulls[46]["merged"]
    assert done.exit_code == 0, done.output
