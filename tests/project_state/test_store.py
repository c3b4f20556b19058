"""`ProjectState`: issues, sprints, tasks and other events, through the public API."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from filelock import FileLock

from orchestrator.cli.common import exit_code_for
from project_state.errors import (
    IssueNotFoundError,
    LockTimeoutError,
    Refusal,
    StackcrewError,
    StateFileError,
)
from project_state.project_file import FieldSpec, IssueSpec
from project_state.projection import replay
from project_state.store import ProjectState

START, END = date(2026, 11, 16), date(2026, 11, 29)


def test_init_creates_the_state_and_never_clobbers(tmp_path: Path) -> None:
    state = ProjectState(tmp_path)
    assert not state.exists()
    state.init("blog")
    state.new_issue("First")
    files = {p.name: p.read_bytes() for p in state.dir.iterdir() if p.is_file()}
    ProjectState(tmp_path).init("another name")
    assert {p.name: p.read_bytes() for p in state.dir.iterdir() if p.is_file()} == files
    assert state.project().name == "blog"
    assert b".lock" in (state.dir / ".gitignore").read_bytes()


def test_init_recreates_only_missing_files(state: ProjectState) -> None:
    state.new_issue("Keep me")
    (state.dir / "task-log.jsonl").unlink()
    state.init("blog")
    assert state.issue(1).title == "Keep me"
    assert state.events().events == []


def test_reading_before_init_says_to_init(tmp_path: Path) -> None:
    state = ProjectState(tmp_path)
    with pytest.raises(StateFileError, match="project_state/project.json") as missing:
        state.project()
    assert "orchestrate init" in (missing.value.hint or "")
    with pytest.raises(StateFileError, match="orchestrate init|does not exist"):
        state.new_issue("too early")


def test_issues_are_numbered_in_order_and_survive_reopening(state: ProjectState) -> None:
    spec = IssueSpec(kind="resource", resource="post", fields=[FieldSpec(name="title", type="str")])
    first = state.new_issue("Add Post", body="CRUD", labels=["backend"], spec=spec)
    second = state.new_issue("Add Comment", assignee="fastapi")
    assert (first.number, second.number) == (1, 2)
    again = ProjectState(state.paths.root)
    assert again.issue(1) == first
    assert again.issue(2).assignee == "fastapi"
    assert again.project().next_issue == 3


def test_numbers_are_not_reused_after_closing(state: ProjectState) -> None:
    state.new_issue("One")
    closed = state.close_issue(1)
    assert closed.status == "closed" and closed.closed_at is not None
    assert state.close_issue(1) == closed  # closing twice changes nothing
    assert state.new_issue("Two").number == 2


def test_a_missing_issue_is_refused_with_the_documented_words(state: ProjectState) -> None:
    with pytest.raises(IssueNotFoundError) as missing:
        state.issue(45)
    assert missing.value.message == (
        "No issue found for #45. Create the issue first or use DIRECT mode"
    )
    assert missing.value.hint == "orchestrate issue new ... / orchestrate direct AGENT ..."
    assert exit_code_for(missing.value) == 1
    with pytest.raises(IssueNotFoundError):
        state.close_issue(45)


def test_an_empty_title_is_bad_input(state: ProjectState) -> None:
    with pytest.raises(StackcrewError, match="title") as bad:
        state.new_issue("")
    assert exit_code_for(bad.value) == 2


def test_sprint_ids_count_up_and_are_not_reused(state: ProjectState) -> None:
    assert state.start_sprint("One", "g", START, END).id == "SPRINT-1"
    assert state.start_sprint("Two", "g", START, END).id == "SPRINT-2"
    assert state.start_sprint("Named", "g", START, END, sprint_id="hardening").id == "hardening"
    assert state.start_sprint("Three", "g", START, END).id == "SPRINT-3"
    with pytest.raises(Refusal, match="used before"):
        state.start_sprint("Again", "g", START, END, sprint_id="SPRINT-2")


def test_a_sprint_ending_before_it_starts_is_bad_input(state: ProjectState) -> None:
    with pytest.raises(StackcrewError, match="before it starts"):
        state.start_sprint("Backwards", "g", END, START)
    assert state.events().events == []


def test_a_new_sprint_carries_over_unfinished_tasks(sprinting: ProjectState) -> None:
    sprinting.add_task(issue=1, agent="database", title="Model", suffix="database")
    sprinting.move_task("TASK-001-database", "IN_PROGRESS")
    sprinting.move_task("TASK-001-database", "DONE")
    sprinting.move_task("TASK-001", "IN_PROGRESS")
    sprint = sprinting.start_sprint("Sprint 2", "More posts", END, date(2026, 12, 13))
    current = sprinting.sprint()
    assert current.sprint == sprint
    assert [(t.id, t.status) for t in current.tasks] == [("TASK-001", "IN_PROGRESS")]


def test_adding_a_task_needs_a_sprint_and_an_existing_issue(state: ProjectState) -> None:
    state.new_issue("Add Post")
    with pytest.raises(Refusal, match="no sprint") as no_sprint:
        state.add_task(issue=1, agent="fastapi", title="Endpoints")
    assert no_sprint.value.hint == "orchestrate sprint new"
    state.start_sprint("S", "g", START, END)
    with pytest.raises(IssueNotFoundError):
        state.add_task(issue=7, agent="fastapi", title="Endpoints")


def test_added_tasks_get_their_ids_and_a_duplicate_is_refused(sprinting: ProjectState) -> None:
    task = sprinting.add_task(
        issue=1, agent="database", title="Model", suffix="database", run_id="run-9", mode="EXECUTE"
    )
    assert (task.id, task.status, task.created_at) == ("TASK-001-database", "TODO", task.updated_at)
    logged = sprinting.events().events[-1]
    assert (logged.event, logged.task, logged.run_id, logged.mode) == (
        "task_added",
        "TASK-001-database",
        "run-9",
        "EXECUTE",
    )
    assert logged.data == task.model_dump(mode="json")
    with pytest.raises(Refusal, match="already exists"):
        sprinting.add_task(issue=1, agent="database", title="Again", suffix="database")
    chore = sprinting.add_task(issue=None, agent="devops", title="CI", suffix="ci")
    assert chore.id == "TASK-ci" and chore.issue is None


def test_dependencies_must_be_tasks_of_the_sprint(sprinting: ProjectState) -> None:
    with pytest.raises(Refusal, match="TASK-404"):
        sprinting.add_task(issue=1, agent="qa", title="Tests", suffix="qa", depends_on=["TASK-404"])
    with pytest.raises(Refusal, match="itself"):
        sprinting.update_task("TASK-001", depends_on=["TASK-001"])
    task = sprinting.add_task(
        issue=1, agent="qa", title="Tests", suffix="qa", depends_on=["TASK-001"]
    )
    assert task.depends_on == ["TASK-001"]


def test_update_task_changes_only_what_differs(sprinting: ProjectState) -> None:
    updated = sprinting.update_task("TASK-001", branch="fastapi/1-add-post", pr=12, run_id="r")
    assert (updated.branch, updated.pr) == ("fastapi/1-add-post", 12)
    assert sprinting.events().events[-1].data == {"branch": "fastapi/1-add-post", "pr": 12}
    sprinting.update_task("TASK-001", branch="fastapi/1-add-post", title="Post CRUD")
    assert sprinting.events().events[-1].data == {"title": "Post CRUD"}
    count = len(sprinting.events().events)
    sprinting.update_task("TASK-001", title="Post CRUD")
    assert len(sprinting.events().events) == count
    assert sprinting.update_task("TASK-001", pr=None).pr is None


def test_update_task_refuses_other_keys_and_bad_values(sprinting: ProjectState) -> None:
    with pytest.raises(StackcrewError, match="status"):
        sprinting.update_task("TASK-001", status="DONE")
    with pytest.raises(StackcrewError, match="title"):
        sprinting.update_task("TASK-001", title="")


def test_record_logs_other_events_without_touching_the_sprint(sprinting: ProjectState) -> None:
    sprint_bytes = (sprinting.dir / "current-sprint.json").read_bytes()
    event = sprinting.record("usage", run_id="run-1", agent="fastapi", data={"tokens": 1200})
    assert sprinting.events().events[-1] == event
    assert event.seq == sprinting.snapshot().last_seq + 1 == sprinting.sprint().last_seq
    assert (sprinting.dir / "current-sprint.json").read_bytes() == sprint_bytes
    assert sprinting.check() == []


def test_record_refuses_sprint_events_and_bad_names(sprinting: ProjectState) -> None:
    with pytest.raises(StackcrewError, match="move_task"):
        sprinting.record("task_status", task="TASK-001", data={"status": "DONE"})
    with pytest.raises(StackcrewError, match="event"):
        sprinting.record("Not A Name")
    with pytest.raises(StackcrewError, match="not JSON"):
        sprinting.record("usage", data={"what": object()})
    assert sprinting.events().events[-1].event == "task_added"


def test_a_second_store_sees_changes_made_by_the_first(sprinting: ProjectState) -> None:
    other = ProjectState(sprinting.paths.root)
    other.move_task("TASK-001", "IN_PROGRESS")
    sprinting.move_task("TASK-001", "IN_REVIEW")  # must not work from a stale copy
    assert other.task("TASK-001").status == "IN_REVIEW"
    assert sprinting.check() == []


def test_a_held_lock_times_out_with_an_error_naming_it(state: ProjectState) -> None:
    impatient = ProjectState(state.paths.root, lock_timeout=0.1)
    held = FileLock(state.dir / ".lock")
    with held, pytest.raises(LockTimeoutError, match=r"project_state/\.lock") as busy:
        impatient.new_issue("Waits")
    assert exit_code_for(busy.value) == 2
    assert impatient.new_issue("Now it works").number == 1


def test_taking_the_lock_clears_temporary_files_of_dead_writers(sprinting: ProjectState) -> None:
    leftover = sprinting.dir / ".current-sprint.json.k2j4.stackcrew-tmp"
    leftover.write_text('{"half": ')
    sprinting.record("run_started")
    assert not leftover.exists()


def test_init_outside_an_existing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(StackcrewError, match="does not exist"):
        ProjectState(tmp_path / "nowhere").init("blog")


def test_transitions_on_a_sprint_far_past_the_snapshot_interval_stay_exact(
    state: ProjectState,
) -> None:
    store = ProjectState(state.paths.root, snapshot_every=16)
    store.start_sprint("Big", "g", START, END)
    ids = [
        store.add_task(issue=None, agent="qa", title=f"t{n}", suffix=f"t{n}").id for n in range(150)
    ]
    for task_id in ids[::3]:
        store.move_task(task_id, "IN_PROGRESS")
    store.move_task(ids[-1], "BLOCKED", reason="waits on the API")
    events = store.events().events
    snapshot = store.snapshot()
    assert len(events) - 16 < snapshot.last_seq <= len(events)
    assert snapshot == replay(e for e in events if e.seq <= snapshot.last_seq)
    for reader in (store, ProjectState(state.paths.root)):
        sprint = reader.sprint()
        assert sprint == replay(events) and sprint.last_seq == len(events)
        assert reader.task(ids[3]).status == "IN_PROGRESS"
        assert reader.task(ids[-1]).blocked_reason == "waits on the API"
    assert store.check() == []


def test_every_event_has_an_id_no_other_writer_gives(sprinting: ProjectState) -> None:
    other = ProjectState(sprinting.paths.root)
    for n in range(5):
        sprinting.record("usage", data={"n": n})
        other.record("usage", data={"n": n})
    events = sprinting.events().events
    assert len({event.id for event in events}) == len(events)
    assert all(event.v == 2 for event in events)
    mine = [e.id for e in events if e.id.startswith(events[0].id.rsplit("-", 1)[0])]
    assert [int(i.rsplit("-", 1)[1]) for i in mine] == list(range(1, len(mine) + 1))
    assert {len(e.id.rsplit("-", 1)[0]) for e in events} == {16}


def test_check_names_an_event_id_logged_twice(sprinting: ProjectState) -> None:
    line = (sprinting.dir / "task-log.jsonl").read_bytes().splitlines()[-1]
    copied = line.replace(b'"seq":2', b'"seq":3')
    with open(sprinting.dir / "task-log.jsonl", "ab") as log:
        log.write(copied + b"\n")
    assert any("seq 3 repeats the event id" in problem for problem in sprinting.check())


def test_reading_the_state_never_loads_the_lock_library(sprinting: ProjectState) -> None:
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from project_state.store import ProjectState\n"
        f"state = ProjectState(Path({str(sprinting.paths.root)!r}))\n"
        "state.sprint(); state.project(); state.newest_events(50)\n"
        "print('filelock' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("read", "unloaded"),
    [
        ("project()", ["project_state.sprint_file", "project_state.task_log"]),
        ("newest_events(50)", ["project_state.project_file", "project_state.sprint_file"]),
        ("sprint()", ["project_state.project_file", "project_state.drift"]),
    ],
)
def test_each_read_loads_only_the_models_of_its_file(
    sprinting: ProjectState, read: str, unloaded: list[str]
) -> None:
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from project_state.store import ProjectState\n"
        f"ProjectState(Path({str(sprinting.paths.root)!r})).{read}\n"
        f"print(sorted(m for m in {unloaded!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
