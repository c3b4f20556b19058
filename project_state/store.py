"""`ProjectState`: what the rest of stackcrew calls to read and change the project state.

Reads take no lock: every file is replaced whole (the log only grows), so a reader sees the
old or the new one. Every change takes `project_state/.lock`. Sprint changes follow the
write protocol of `project_state.ledger`: the event is appended to the log, and the sprint
file, a snapshot, is rewritten every so many events; `sprint()` always includes the log
after the snapshot.

The models of each file load with the first call that needs them: listing issues builds
no sprint models, and showing the log or the board no issue models.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from project_state.atomic import StateLock, write_atomic
from project_state.clock import utc_now
from project_state.errors import IssueNotFoundError, Refusal, StackcrewError, TaskNotFoundError
from project_state.paths import StatePaths
from project_state.task_ids import nearby_task_ids, next_sprint_id, task_id_for

if TYPE_CHECKING:
    from project_state.board import Board
    from project_state.event_merge import MergeReport
    from project_state.ledger import NextEvent, SprintLedger
    from project_state.project_file import Issue, IssueSpec, Project
    from project_state.sprint_file import Sprint, SprintFile, Task, TaskStatus
    from project_state.task_log import Event, EventFilter, LogRead, NewEvent, TaskLog

__all__ = ["ProjectState", "task_id_for"]

UPDATABLE = ("branch", "pr", "title", "depends_on")
GITIGNORE = b"# written by stackcrew: the lock is per machine\n.lock\n"


class ProjectState:
    """The state of the repository at `repo_root`, kept in `repo_root / "project_state"`."""

    def __init__(
        self,
        repo_root: Path,
        *,
        lock_timeout: float = 60.0,
        lock_poll: float = 0.002,
        snapshot_every: int | None = None,
    ) -> None:
        """`snapshot_every`: events between rewrites of the sprint file (default: the
        ledger's `SNAPSHOT_EVERY`)."""
        self.paths = StatePaths(Path(repo_root))
        lock = StateLock(
            self.paths.lock,
            self.paths.shown(self.paths.lock),
            timeout=lock_timeout,
            poll_interval=lock_poll,
        )
        self._lock = lock
        self._snapshot_every = snapshot_every

    @cached_property
    def _ledger(self) -> SprintLedger:
        from project_state.ledger import SNAPSHOT_EVERY, SprintLedger  # lazy: sprint models

        every = SNAPSHOT_EVERY if self._snapshot_every is None else self._snapshot_every
        return SprintLedger(self.paths, self._lock, snapshot_every=every)

    @cached_property
    def _log(self) -> TaskLog:
        from project_state.task_log import TaskLog  # lazy: reading the log needs no sprint

        return TaskLog(self.paths.log, self.paths.shown(self.paths.log), self.paths.torn)

    @property
    def dir(self) -> Path:
        return self.paths.dir

    def exists(self) -> bool:
        return self.paths.project.is_file()

    def init(self, name: str) -> None:
        """Create whichever state files are missing; existing files are never touched."""
        from project_state.inputs import checked  # lazy: the models load on first use
        from project_state.project_file import Project, save_project

        project = checked(Project, "project", name=name, next_issue=1, issues=[])
        try:
            self.dir.mkdir(exist_ok=True)
        except FileNotFoundError:
            raise StackcrewError(
                f"{self.paths.root} does not exist; run init inside a repository"
            ) from None
        with self._lock.held():
            if not self.paths.project.exists():
                save_project(self.paths.project, project)
            self._ledger.create_if_missing()
            self._ledger.log.create_if_missing()
            if not self.paths.gitignore.exists():
                write_atomic(self.paths.gitignore, GITIGNORE)

    # -- reads ---------------------------------------------------------------------------

    def project(self) -> Project:
        from project_state.project_file import load_project  # lazy: the issue models

        return load_project(self.paths.project, self.paths.shown(self.paths.project))

    def issue_listing(self, status: str, newest: int) -> tuple[list[Issue], int] | None:
        """The `newest` issues of `status` ("all": any) and how many there are, read without
        building every issue; None when only the whole read of `project()` can tell."""
        from project_state.project_file import load_listing  # lazy: the issue models

        return load_listing(self.paths.project, status, newest)

    def sprint(self) -> SprintFile:
        """The current sprint: the snapshot in `current-sprint.json` and every event logged
        after it."""
        return self._ledger.read()

    def board(self, latest: int) -> Board | None:
        """Each status's count and `latest` newest tasks, read without building every task
        (`project_state.board`); None when only the whole read of `sprint()` can tell."""
        from project_state.board import read_board  # lazy: only a board needs it

        return read_board(self.paths, self._log, latest)

    def snapshot(self) -> SprintFile:
        """`current-sprint.json` as it is on disk (its `last_seq` may lag the log)."""
        return self._ledger.snapshot()

    def events(self) -> LogRead:
        """Every event of the log, validated, oldest first."""
        return self._log.read()

    def newest_events(self, limit: int, wanted: EventFilter | None = None) -> LogRead:
        """The last `limit` events `wanted` keeps (0: all), read from the end of the log."""
        return self._log.newest(limit, wanted)

    def events_after(self, seq: int) -> list[Event]:
        """The events logged after `seq`, oldest first, read from the end of the log (for
        a process that follows the log as others append to it)."""
        return self._ledger.log.events_after(seq)

    def last_seq(self) -> int:
        return self._ledger.log.last_seq()

    def issue(self, number: int) -> Issue:
        return _issue_in(self.project(), number)

    def task(self, task_id: str) -> Task:
        return self._task_in(self.sprint(), task_id)

    # -- issues --------------------------------------------------------------------------

    def new_issue(
        self,
        title: str,
        body: str = "",
        labels: Sequence[str] = (),
        assignee: str | None = None,
        spec: IssueSpec | None = None,
    ) -> Issue:
        """Open an issue under the next free number."""
        from project_state.inputs import checked  # lazy: the models load on first use
        from project_state.project_file import Issue

        with self._lock.held():
            project = self.project()
            issue = checked(
                Issue,
                "issue",
                number=project.next_issue,
                title=title,
                body=body,
                labels=list(labels),
                assignee=assignee,
                spec=spec,
                created_at=utc_now(),
            )
            issues = [*project.issues, issue]
            self._save_project(project, issues=issues, next_issue=issue.number + 1)
            return issue

    def close_issue(self, number: int) -> Issue:
        """Close an issue; closing a closed issue changes nothing."""
        with self._lock.held():
            project = self.project()
            issue = _issue_in(project, number)
            if issue.status == "closed":
                return issue
            closed = issue.model_copy(update={"status": "closed", "closed_at": utc_now()})
            issues = [closed if i.number == number else i for i in project.issues]
            self._save_project(project, issues=issues)
            return closed

    def cache_issue(self, issue: Issue) -> Issue:
        """Keep a forge's issue (its `source` set) under its own number, replacing the
        earlier copy; an issue that lives here (no `source`) is never overwritten."""
        if issue.source is None:
            raise StackcrewError(f"issue #{issue.number} has no source to cache it from")
        with self._lock.held():
            project = self.project()
            kept = project.find(issue.number)
            if kept is not None and kept.source is None:
                raise Refusal(
                    f"issue #{issue.number} in {self.paths.shown(self.paths.project)} was "
                    f"filed locally, so it cannot hold {issue.source.repo}#{issue.number}",
                    hint="close or renumber the local issue, or keep `tracker: local`",
                )
            issues = [i for i in project.issues if i.number != issue.number] + [issue]
            issues.sort(key=lambda i: i.number)
            next_issue = max(project.next_issue, issue.number + 1)
            self._save_project(project, issues=issues, next_issue=next_issue)
            return issue

    # -- the sprint ----------------------------------------------------------------------

    def start_sprint(
        self, name: str, goal: str, start: date, end: date, sprint_id: str | None = None
    ) -> Sprint:
        """Start a new sprint (its id defaults to ``SPRINT-<n+1>``, n the highest number used
        so far). Unfinished tasks of the current sprint carry over into the new one; DONE
        tasks leave the sprint file (the log keeps them). A sprint id is never reused."""
        from project_state.inputs import checked  # lazy: the models load on first use
        from project_state.sprint_file import Sprint
        from project_state.task_log import NewEvent

        def next_event(state: SprintFile, ts: datetime) -> NewEvent:
            used = self._sprint_ids(state)
            new_id = sprint_id or next_sprint_id(used)
            if new_id in used:
                raise Refusal(f"sprint id {new_id!r} was used before", hint="pick another id")
            sprint = checked(
                Sprint, "sprint", id=new_id, name=name, goal=goal, start=start, end=end
            )
            return NewEvent("sprint_started", data=sprint.model_dump(mode="json"))

        state, _ = self._ledger.commit(next_event)
        assert state.sprint is not None
        return state.sprint

    def add_task(
        self,
        *,
        issue: int | None,
        agent: str,
        title: str,
        suffix: str | None = None,
        depends_on: Sequence[str] = (),
        run_id: str | None = None,
        mode: str | None = None,
    ) -> Task:
        """Add a TODO task with the id `task_id_for(issue, suffix)` to the current sprint."""
        from project_state.inputs import checked  # lazy: the models load on first use
        from project_state.sprint_file import Task
        from project_state.task_log import NewEvent
        from project_state.workflow import check_dependencies

        task_id = task_id_for(issue, suffix)
        if issue is not None:
            self.issue(issue)

        def next_event(state: SprintFile, ts: datetime) -> NewEvent:
            if state.sprint is None:
                raise Refusal(
                    "no sprint has started, so there is nowhere to add a task",
                    hint="orchestrate sprint new",
                )
            if state.find(task_id) is not None:
                raise Refusal(
                    f"task {task_id} already exists in {state.sprint.id}",
                    hint="give the new task a different suffix",
                )
            check_dependencies(state, task_id, depends_on)
            task = checked(
                Task,
                "task",
                id=task_id,
                issue=issue,
                agent=agent,
                title=title,
                depends_on=list(depends_on),
                created_at=ts,
                updated_at=ts,
            )
            data = task.model_dump(mode="json")
            return NewEvent(
                "task_added", task=task_id, agent=agent, mode=mode, run_id=run_id, data=data
            )

        return self._commit_for(task_id, next_event)

    def move_task(
        self,
        task_id: str,
        status: TaskStatus,
        *,
        reason: str | None = None,
        run_id: str | None = None,
        agent: str | None = None,
        mode: str | None = None,
    ) -> Task:
        """Move a task along the workflow (see `project_state.workflow`); moving it to the
        status it has changes nothing and logs nothing. BLOCKED needs a `reason`."""
        from project_state.task_log import NewEvent  # lazy: the models load on first use
        from project_state.workflow import check_move, parse_status

        wanted = parse_status(status)

        def next_event(state: SprintFile, ts: datetime) -> NewEvent | None:
            task = self._task_in(state, task_id)
            if task.status == wanted:
                return None
            check_move(task, wanted, reason)
            data: dict[str, Any] = {"status": wanted}
            if reason:
                data["reason"] = reason
            return NewEvent(
                "task_status",
                task=task_id,
                agent=agent or task.agent,
                mode=mode,
                run_id=run_id,
                data=data,
            )

        return self._commit_for(task_id, next_event)

    def update_task(
        self, task_id: str, *, run_id: str | None = None, mode: str | None = None, **changes: Any
    ) -> Task:
        """Change a task's `branch`, `pr`, `title` or `depends_on`; unchanged values are not
        logged, and a call that changes nothing logs nothing."""
        from project_state.inputs import checked  # lazy: the models load on first use
        from project_state.projection import TaskChanges
        from project_state.task_log import NewEvent
        from project_state.workflow import check_dependencies

        unknown = sorted(changes.keys() - set(UPDATABLE))
        if unknown:
            raise StackcrewError(
                f"cannot update {', '.join(unknown)} of a task; only {', '.join(UPDATABLE)}",
                hint="statuses change with move_task",
            )
        wanted = checked(TaskChanges, "task change", **changes).present()

        def next_event(state: SprintFile, ts: datetime) -> NewEvent | None:
            task = self._task_in(state, task_id)
            differing = {key: value for key, value in wanted.items() if getattr(task, key) != value}
            if not differing:
                return None
            if "depends_on" in differing:
                check_dependencies(state, task_id, differing["depends_on"])
            return NewEvent("task_updated", task=task_id, mode=mode, run_id=run_id, data=differing)

        return self._commit_for(task_id, next_event)

    def record(
        self,
        event: str,
        *,
        task: str | None = None,
        agent: str | None = None,
        mode: str | None = None,
        run_id: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> Event:
        """Log an event that does not change the sprint (`run_started`, `commit`, `usage`, …)."""
        from project_state.inputs import check_event  # lazy: the models load on first use
        from project_state.projection import PROJECTION_EVENTS
        from project_state.task_log import NewEvent

        if event in PROJECTION_EVENTS:
            raise StackcrewError(
                f"{event!r} changes the sprint, so only its own method logs it: "
                "start_sprint, add_task, move_task or update_task"
            )
        draft = NewEvent(event, task=task, agent=agent, mode=mode, run_id=run_id, data=data or {})
        check_event(draft)
        return self._ledger.append(draft)

    # -- consistency ---------------------------------------------------------------------

    def check(self) -> list[str]:
        """What keeps the sprint file from being the replay of the log (empty: in sync)."""
        return self._ledger.check()

    def rebuild(self) -> SprintFile:
        """Replay the whole log into `current-sprint.json` (the old file is kept as `.bak`)."""
        return self._ledger.rebuild()

    def merge_events(self, files: Sequence[Path]) -> MergeReport:
        """Fold task-log files written elsewhere into the log and rebuild the sprint file
        (`project_state.event_merge`); on a conflict, nothing is written."""
        from project_state.event_merge import merge_event_files  # lazy for start-up

        with self._lock.held():
            return merge_event_files(self.paths, self._ledger.log, files)

    def roll_forward(self) -> SprintFile:
        """Write the snapshot up to the end of the log (changes do this every so many events)."""
        return self._ledger.roll_forward()

    # -- inside --------------------------------------------------------------------------

    def _commit_for(self, task_id: str, next_event: NextEvent) -> Task:
        state, _ = self._ledger.commit(next_event)
        return self._task_in(state, task_id)

    def _save_project(self, project: Project, **changes: Any) -> None:
        from project_state.project_file import save_project  # lazy: the issue models

        save_project(self.paths.project, project.model_copy(update=changes))

    def _sprint_ids(self, state: SprintFile) -> set[str]:
        from project_state.task_log import EventFilter  # lazy: the models load on first use

        started = self.newest_events(0, EventFilter(event="sprint_started")).events
        used = {event.data.get("id") for event in started}
        if state.sprint is not None:
            used.add(state.sprint.id)
        return {sprint_id for sprint_id in used if isinstance(sprint_id, str)}

    def _task_in(self, state: SprintFile, task_id: str) -> Task:
        task = state.find(task_id)
        if task is not None:
            return task
        where = state.sprint.id if state.sprint else "the sprint"
        nearby = nearby_task_ids(task_id, [t.id for t in state.tasks])
        also = f"; nearby ids: {', '.join(nearby)}" if nearby else ""
        raise TaskNotFoundError(
            f"no task {task_id!r} in {where} ({self.paths.shown(self.paths.sprint)}){also}",
            hint="task ids look like TASK-045 or TASK-045-database",
        )


def _issue_in(project: Project, number: int) -> Issue:
    issue = project.find(number)
    if issue is None:
        raise IssueNotFoundError(
            f"No issue found for #{number}. Create the issue first or use DIRECT mode",
            hint="orchestrate issue new ... / orchestrate direct AGENT ...",
        )
    return issue
