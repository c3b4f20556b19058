"""The project state remembers: issues, the current sprint, and the log of what happened.

    store.py          ProjectState, the facade the orchestrator calls
    ledger.py         the write protocol: lock, roll forward, append, replace; check, rebuild
    projection.py     the sprint as a pure function of the log
    board.py          a big sprint's board, building only the tasks it shows
    workflow.py       which status a task may move to next; what it may depend on
    drift.py          where the sprint file and the log disagree, in words
    project_file.py   project.json          (models and their only reader/writer)
    sprint_file.py    current-sprint.json   (models and their only reader/writer)
    task_log.py       task-log.jsonl        (events and their only reader/writer)
    jsonfile.py       versioned JSON files: parse, migrate, validate, point at errors
    json_position.py  the line and column of a key path in JSON text
    inputs.py         caller input made into models, or errors naming what was wrong
    atomic.py         atomic replace and the cross-process lock
    paths.py          where the files live; how messages name them
    clock.py          UTC timestamps ending in Z
    errors.py         what can go wrong, as a tree

Importing the package does nothing; import `project_state.store` to use it.
"""
