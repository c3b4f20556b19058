"""The QA gate's closed sets, named once: a review's verdict and a finding's severity.

Apart from `pr_file`, which records them, so that the gate's config and findings can name
them without loading the pull requests' file models.
"""

from __future__ import annotations

from typing import Literal

Verdict = Literal["APPROVE", "REQUEST_CHANGES", "BLOCK"]
Severity = Literal["block", "error", "warning"]
