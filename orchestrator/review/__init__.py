"""The QA gate: review a change from evidence and answer APPROVE, REQUEST CHANGES or BLOCK.

diff.py          what the change adds (files, added line numbers), parsed from git's diffs
context.py       `ReviewContext`: what every rule may look at, computed once
catalog.py       every rule id, written once, with a line about it
rules/           one module per concern; `rules.RULES` lists them in running order
secret_scan.py   detect-secrets as a library: secrets in text, line by line
secret_worker.py the scan in a forked worker that loads detect-secrets beside the review
secret_serve.py  that worker's side; worker_files.py what the two talk through
findings.py      `Finding`, `verdict_of`
settings.py      the `review:` section of stackcrew.yaml (off, re-grade, waivers)
gate.py          `review_change(project, base, head) -> ReviewReport`
output.py        table, Markdown, JSON, SARIF 2.1.0, GitHub annotations
pull_requests.py open / review / merge the pull requests in project_state/prs.json
execute_gate.py  the review loop at the end of an EXECUTE run
"""
