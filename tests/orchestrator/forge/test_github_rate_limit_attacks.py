"""Rate limit headers a server should not send: a limit that "lifts now" forever, and
values that are no number of seconds."""

from __future__ import annotations

import pytest

from tests.orchestrator.forge.attack_pulls import merge, open_pull, status

TIMES = 300  # a server that keeps answering "rate limited, retry now"


def limited_merge(gp, headers: dict[str, str], times: int):
    """`merge --pr 46` with GitHub answering its pull request read with a rate limit."""
    head = open_pull(gp)
    status(gp, head)
    message = "You have exceeded a secondary rate limit."
    gp.fake.fail("GET", r"/pulls/46$", 403, headers=headers, times=times, message=message)
    return merge(gp), len(gp.fake.calls("GET", r"/pulls/46$"))


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "0"},
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1"},  # 1970: in the past
    ],
)
def test_a_rate_limit_that_lifts_now_is_not_retried_without_end(github_project, headers):
    done, tries = limited_merge(github_project, headers, TIMES)
    assert tries == 6, tries  # the first try and five waits, not the 300 offered
    assert done.exit_code == 2 and "still limited after 5 waits" in done.stderr
    assert not github_project.fake.pulls[46]["merged"]


@pytest.mark.parametrize("value", ["99999999999999999999", "nan", "1e3", "0x10"])
def test_a_retry_after_that_is_no_number_of_seconds_stops_cleanly(github_project, value):
    done, _ = limited_merge(github_project, {"retry-after": value}, 1)
    assert done.exit_code == 2, done.output
    assert "could not be read" in done.stderr and "Traceback" not in done.output
