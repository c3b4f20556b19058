"""The code under review (its tests, its conftest.py) runs without the gate's token, so it
cannot act on GitHub as the gate."""

from __future__ import annotations

import json
import sys

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.forge.attack_pulls import event_file, open_pull

CODE = """
import json, os, urllib.request
api, tok = os.environ.get('GITHUB_API_URL'), os.environ.get('GITHUB_TOKEN')
def call(method, path, body=None):
    req = urllib.request.Request(api + path, method=method,
        data=json.dumps(body).encode() if body else None,
        headers={'Authorization': 'token ' + tok, 'Accept': 'application/json'})
    return json.load(urllib.request.urlopen(req))
head = call('GET', '/repos/acme/blog/pulls/46')['head']['sha']
call('POST', '/repos/acme/blog/statuses/' + head,
     {'state': 'success', 'context': 'pwned-by-pr-code', 'description': 'used the gate token'})
"""


def test_the_prs_test_code_cannot_use_the_gates_token(github_project, tmp_path, monkeypatch):
    gp = github_project
    config = (
        (gp.root / "stackcrew.yaml")
        .read_text()
        .replace(
            "test_command: [python, -m, pytest, -q]",
            f"test_command: [{sys.executable}, -c, {json.dumps(CODE)}]",
        )
    )
    head = open_pull(gp, files=(("stackcrew.yaml", config),))
    event_file(gp, tmp_path, monkeypatch)
    orchestrate("review", "--post", "--project", gp.root)  # tests on, as in the workflow
    contexts = [(s["context"], s["creator"]) for s in gp.fake.statuses.get(head, [])]
    assert ("pwned-by-pr-code", "stackcrew-bot") not in contexts
