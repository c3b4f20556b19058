"""`.stackcrew-cache/` is believed only when stackcrew wrote it on this machine: a cache a
repository brings (committed and cloned, shipped in a copy, pulled onto a good one) is never
read, and the normal path still reads its own. Every command runs as the installed CLI, in
a process of its own, as a person would run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator.engines.model.scripted import text
from project_state.cache_folder import CACHE_ROOT
from project_state.cache_trust import CONTENT, FIX, STAMP

BIN = Path(sys.executable).parent
QUESTION = ("consult", "fastapi", "user endpoints?")
TRUE_ROUTE = "GET /api/v1/users/me"
FORGED = "users-forged"  # the router prefix a forged files.json claims


def cli(program: str, repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / program), *args, "--project", str(repo)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def consult(repo: Path) -> subprocess.CompletedProcess[str]:
    return cli("agent", repo, *QUESTION)


def git(repo: Path, *args: str) -> str:
    identity = ("-c", "user.name=someone", "-c", "user.email=someone@example.com")
    done = subprocess.run(
        ["git", *identity, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return done.stdout


def forge_files_json(repo: Path) -> Path:
    """Index `repo` for real, then give users.py's router a false prefix in ``files.json``
    (its content hash still right) and drop the rest, so a build reuses the forged facts."""
    assert cli("orchestrate", repo, "index").returncode == 0
    index = repo / CACHE_ROOT / "index"
    files = index / "files.json"
    document = json.loads(files.read_text())
    entry = document["files"]["backend/app/routers/users.py"]
    entry[3] = json.loads(json.dumps(entry[3]).replace('"/users"', f'"/{FORGED}"'))
    files.write_text(json.dumps(document))
    for other in index.iterdir():
        if other != files:
            other.unlink()
    return files


def assert_truthful(run: subprocess.CompletedProcess[str]) -> None:
    assert run.returncode == 0, run.stderr
    assert TRUE_ROUTE in run.stdout
    assert FORGED not in run.stdout


def assert_warned(run: subprocess.CompletedProcess[str], tracked: str) -> None:
    assert f"warning: git tracks {tracked!r}" in run.stderr
    assert FIX in run.stderr
    assert run.stderr.count("warning:") == 1


# -- committed with `git add -f`, then cloned -------------------------------------------


def test_a_cloned_forged_index_is_not_believed_and_the_cache_is_left_alone(
    blog: Path, tmp_path: Path
) -> None:
    forge_files_json(blog)
    git(blog, "add", "-f", f"{CACHE_ROOT}/index/files.json")
    git(blog, "commit", "-q", "-m", "a cache that looks helpful")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(blog), str(clone))
    forged = (clone / CACHE_ROOT / "index" / "files.json").read_bytes()

    run = consult(clone)
    assert_truthful(run)
    assert_warned(run, f"{CACHE_ROOT}/index/files.json")
    routes = cli("orchestrate", clone, "index", "--routes")
    assert routes.returncode == 0 and FORGED not in routes.stdout
    # nothing written into the tracked folder, and no stamp to make it look adopted
    assert sorted(p.name for p in (clone / CACHE_ROOT).rglob("*")) == ["files.json", "index"]
    assert (clone / CACHE_ROOT / "index" / "files.json").read_bytes() == forged


def test_a_committed_card_cannot_send_a_question_away_from_the_configured_model(
    blog: Path, fake_api
) -> None:
    from orchestrator.project import open_project
    from orchestrator.project_card import CARD_FILE, write_card

    config = blog / "stackcrew.yaml"
    config.write_text(config.read_text() + "engine: model\n")
    git(blog, "commit", "-q", "-am", "answers come from the model")
    assert write_card(open_project(blog))
    card = blog / CACHE_ROOT / CARD_FILE
    card.write_text(card.read_text().replace('"engine": "model"', '"engine": "offline"'))
    git(blog, "add", "-f", f"{CACHE_ROOT}/{CARD_FILE}")
    git(blog, "commit", "-q", "-m", "a card that says offline")
    fake_api.add(text("the model's own answer"))

    run = consult(blog)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "the model's own answer"  # not the index's, as the card says
    assert len(fake_api.requests) == 1
    assert_warned(run, f"{CACHE_ROOT}/{CARD_FILE}")


# -- shipped in a copy with no git history ------------------------------------------------


def ship(source: Path, to: Path) -> None:
    """What unpacking an archive of `source` at `to` leaves: the same files, modification
    times and links, new inodes and change times, no git history (a fresh commit)."""
    shutil.copytree(source, to, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    git(to, "init", "-q")
    git(to, "add", "-A")
    git(to, "commit", "-q", "-m", "unpacked")


def test_a_shipped_forged_cache_is_discarded_and_rebuilt_and_a_sprint_survives(
    blog: Path, tmp_path: Path
) -> None:
    assert consult(blog).returncode == 0  # a real cache, with its stamp, ships too
    forge_files_json(blog)
    cache = blog / CACHE_ROOT
    (cache / "worktrees" / "TASK-1").mkdir(parents=True)
    (cache / "worktrees" / "TASK-1" / "work.py").write_text("half done\n")
    (cache / "sprint").mkdir()
    (cache / "sprint" / "TASK-1.err").write_text("a task's stderr\n")
    (cache / "sprint-run.lock").write_text("")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not the cache's\n")
    (cache / "board").symlink_to(outside, target_is_directory=True)
    unpacked = tmp_path / "unpacked"
    ship(blog, unpacked)

    run = consult(unpacked)
    assert_truthful(run)
    assert "warning" not in run.stderr  # nothing tracked: adopted without a word
    kept = unpacked / CACHE_ROOT
    assert FORGED not in (kept / "index" / "files.json").read_text()  # rebuilt
    assert (kept / STAMP).is_file()
    assert (kept / "worktrees" / "TASK-1" / "work.py").read_text() == "half done\n"
    assert (kept / "sprint" / "TASK-1.err").is_file() and (kept / "sprint-run.lock").is_file()
    assert not (kept / "board").is_symlink()  # the link is gone, what it led to is not
    assert (outside / "keep.txt").read_text() == "not the cache's\n"


def test_a_stamp_that_is_a_folder_is_replaced(blog: Path) -> None:
    (blog / CACHE_ROOT / STAMP / "odd").mkdir(parents=True)
    assert_truthful(consult(blog))
    assert json.loads((blog / CACHE_ROOT / STAMP).read_text())["format"] == 1


def test_a_stamp_copied_with_its_folder_is_not_this_machines(blog: Path, tmp_path: Path) -> None:
    assert consult(blog).returncode == 0
    stamp = json.loads((blog / CACHE_ROOT / STAMP).read_text())
    forge_files_json(blog)
    unpacked = tmp_path / "unpacked"
    ship(blog, unpacked)
    assert json.loads((unpacked / CACHE_ROOT / STAMP).read_text()) == stamp

    assert_truthful(consult(unpacked))
    assert json.loads((unpacked / CACHE_ROOT / STAMP).read_text()) != stamp


# -- brought by `git pull` onto a trusted cache ----------------------------------------------


def test_a_pull_that_brings_a_cache_file_is_caught_and_its_removal_adopts_anew(
    blog: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(blog), str(clone))
    assert_truthful(consult(clone))
    assert (clone / CACHE_ROOT / STAMP).is_file()
    users = blog / "backend" / "app" / "routers" / "users.py"
    users.write_text(users.read_text() + "# tidied\n")
    git(blog, "commit", "-q", "-am", "tidy the users router")
    forge_files_json(blog)  # hashes of the new commit's files: a build would reuse it
    git(blog, "add", "-f", f"{CACHE_ROOT}/index/files.json")
    git(blog, "commit", "-q", "-m", "a cache that looks helpful")

    git(clone, "pull", "-q", "--ff-only")
    assert FORGED in (clone / CACHE_ROOT / "index" / "files.json").read_text()  # git wrote it
    run = consult(clone)
    assert_truthful(run)
    assert_warned(run, f"{CACHE_ROOT}/index/files.json")
    assert not (clone / CACHE_ROOT / STAMP).exists()

    git(clone, "rm", "-r", "-q", "--cached", CACHE_ROOT)  # the files stay on disk
    git(clone, "commit", "-q", "-m", "the cache is never committed")
    run = consult(clone)
    assert_truthful(run)
    assert "warning" not in run.stderr
    assert FORGED not in (clone / CACHE_ROOT / "index" / "files.json").read_text()


# -- the normal path keeps its cache ----------------------------------------------------------


def stored_answers(repo: Path) -> list[Path]:
    return sorted((repo / CACHE_ROOT / "answers").rglob("*.answer"))


def test_a_question_asked_again_is_still_served_from_the_stored_answer(blog: Path) -> None:
    assert consult(blog).returncode == 0  # the full command: validates, writes the card
    assert consult(blog).returncode == 0  # quick: the ready cache checked, the tree recorded
    assert consult(blog).returncode == 0  # quick: of that build, so remembered
    [answer] = stored_answers(blog)
    key, _, output = answer.read_text().partition("\n")
    answer.write_text(f"{key}\n{output}as remembered\n")
    git(blog, "read-tree", "HEAD")  # git's index rewritten, nothing tracked in the cache

    run = consult(blog)
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout.endswith("as remembered\n")


def test_content_names_what_readers_believe() -> None:
    from orchestrator.index.cache.store import CACHE_DIR
    from orchestrator.project_card import CARD_FILE
    from orchestrator.replies.stored import ANSWERS_DIR
    from project_state.board_summary import SUMMARY_PARTS

    owners = {CACHE_DIR.split("/")[1], ANSWERS_DIR, SUMMARY_PARTS[0], CARD_FILE}
    assert set(CONTENT) == owners


@pytest.mark.parametrize("tracked", [STAMP, ".gitignore"])
def test_a_committed_stamp_or_marker_is_tracked_like_any_other(
    blog: Path, tmp_path: Path, tracked: str
) -> None:
    assert consult(blog).returncode == 0
    git(blog, "add", "-f", f"{CACHE_ROOT}/{tracked}")
    git(blog, "commit", "-q", "-m", "the stamp too")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(blog), str(clone))
    run = consult(clone)
    assert_truthful(run)
    assert_warned(run, f"{CACHE_ROOT}/{tracked}")
    assert not os.path.exists(clone / CACHE_ROOT / "project-card.json")


# -- the board summary, and state writes beside an untrusted cache -------------------------


def test_a_committed_board_summary_is_not_believed_and_state_writes_go_on(tmp_path: Path) -> None:
    from test_board import big_sprint

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    state = big_sprint(repo)
    summary = repo / CACHE_ROOT / "board" / "summary.json"
    written = json.loads(summary.read_text())
    every = range(len(written["ids"]))
    lie = {status: [] for status in written["counts"]} | {"BLOCKED": list(every)[-8:]}
    counts = {status: 0 for status in written["counts"]} | {"BLOCKED": len(every)}
    summary.write_text(json.dumps({**written, "counts": counts, "ranked": lie}))
    git(repo, "add", "-A")
    git(repo, "add", "-f", f"{CACHE_ROOT}/board/summary.json")
    git(repo, "commit", "-q", "-m", "a board that says all is blocked")

    run = cli("orchestrate", repo, "sprint", "status")
    assert run.returncode == 0, run.stderr
    assert "TODO (80, latest)" in run.stdout and "BLOCKED (0)" in run.stdout
    assert_warned(run, f"{CACHE_ROOT}/board/summary.json")
    state.move_task("TASK-t1", "BLOCKED", reason="waits")
    state.roll_forward()  # a new snapshot; its summary is not written into the folder
    assert json.loads(summary.read_text())["counts"] == counts
    after = cli("orchestrate", repo, "sprint", "status").stdout
    assert "TODO (79, latest)" in after and "BLOCKED (1" in after


def test_a_cache_folder_that_is_a_link_is_neither_read_nor_emptied(
    blog: Path, tmp_path: Path
) -> None:
    forged = forge_files_json(blog).read_bytes()
    elsewhere = tmp_path / "elsewhere"  # as an archive's link may lead anywhere, unstamped
    (blog / CACHE_ROOT).rename(elsewhere)
    (elsewhere / STAMP).unlink()
    (blog / CACHE_ROOT).symlink_to(elsewhere, target_is_directory=True)

    run = cli("orchestrate", blog, "index", "--routes")
    assert run.returncode == 1 and f"error: {CACHE_ROOT} is a link" in run.stderr
    assert FORGED not in run.stdout
    assert (elsewhere / "index" / "files.json").read_bytes() == forged  # nothing deleted
    assert not (elsewhere / STAMP).exists()  # nor adopted through the link


def test_each_reader_behind_the_card_refuses_a_tracked_cache_of_its_own(blog: Path) -> None:
    """The quick answer reads the card first, and the index reads go through one loader; the
    readers behind them check too: the recorded tree and a stored answer."""
    from orchestrator.index.cache.verified import current_build
    from orchestrator.replies.stored import stored_answer

    for _ in range(3):
        assert consult(blog).returncode == 0
    [answer] = stored_answers(blog)
    key = answer.read_text().partition("\n")[0]
    build = answer.parent.name
    root = str(blog.resolve())
    assert current_build(root) == build and stored_answer(root, build, key) is not None
    git(blog, "add", "-f", f"{CACHE_ROOT}/answers", f"{CACHE_ROOT}/index/verified.json")
    git(blog, "commit", "-q", "-m", "answers that look helpful")
    assert current_build(root) is None
    assert stored_answer(root, build, key) is None


def test_a_linked_worktree_checks_its_own_git_index(blog: Path, tmp_path: Path) -> None:
    """A worktree's ``.git`` is a file naming its git folder, whose index is the one a
    checkout there rewrites (a sprint task's worktree is one)."""
    tree = tmp_path / "task"
    git(blog, "worktree", "add", "-q", "-b", "task", str(tree))
    assert_truthful(consult(tree))
    assert json.loads((tree / CACHE_ROOT / STAMP).read_text())["index"] is not None
    forge_files_json(tree)
    git(tree, "add", "-f", f"{CACHE_ROOT}/index/files.json")

    run = consult(tree)
    assert_truthful(run)
    assert_warned(run, f"{CACHE_ROOT}/index/files.json")
