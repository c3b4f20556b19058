"""Running a sprint's tasks in parallel without two of them writing the same file.

`batches.py` decides which tasks are ready and which can run together (`plan_sprint`).
A task's writable files are known before it starts: its run's agents (the issue's route)
and the paths the ownership map gives them. Every path has one owner, so two tasks whose
runs share no agent can never write the same file.
"""
