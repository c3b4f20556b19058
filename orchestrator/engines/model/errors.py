"""Why a model run stops early. Each exception carries a message a person can act on.

```
ModelRunStop(reason)               the loop ends; the Outcome says why
├── Finished(summary)              the agent called finish (or ended its turn)   -> done
├── LimitsExceeded(reason)         turns, cost or wall time would be exceeded    -> blocked
├── ModelUnavailable(reason)       the SDK gave up (rate limit, 5xx, connection) -> blocked
├── ModelStopped(reason)           refusal, context window exceeded              -> blocked
└── BoundaryBreach(reason)         a command changed files that cannot be put back -> blocked
ToolError(message)                 a tool failed; goes back to the model as is_error
```
"""

from __future__ import annotations


class ModelRunStop(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Finished(ModelRunStop):
    """The agent is done; `reason` is its summary."""


class LimitsExceeded(ModelRunStop):
    pass


class ModelUnavailable(ModelRunStop):
    pass


class ModelStopped(ModelRunStop):
    pass


class ToolError(Exception):
    """A tool could not do what was asked; the message goes back to the model."""


class BoundaryBreach(ModelRunStop):
    """A command or test run changed files outside the agent's paths beyond repair."""
