"""Running a sprint's tasks in parallel without two of them writing the same file.

| module | concept |
|---|---|
| `batches.py` | which tasks are ready and which can run together (`plan_sprint`) |
| `run_lock.py` | one `sprint run` at a time per checkout, the holder named |
| `worktrees.py` | a git worktree and branch for each running task |
| `children.py` | each task as a real `orchestrate run` process in its worktree |
| `board.py` | the live board (Rich) or plain lines, and JSON events |
| `budget.py` | the sprint's `--max-cost` shared among its runs |
| `runner.py` | the batches in order: launch, watch, merge approved work, clean up |
| `workflow.py` | the same sprint as a GitHub Actions workflow |

A task's writable files are known before it starts: its run's agents (the issue's route)
and the paths the ownership map gives them. Every path has one owner, so two tasks whose
runs share no agent can never write the same file.
"""
