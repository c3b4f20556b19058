"""The loopback Messages API lives in `tests/fakes/messages_api.py`; this name still finds it."""

from tests.fakes.messages_api import FAULTS, FakeMessagesAPI, validate

__all__ = ["FAULTS", "FakeMessagesAPI", "validate"]
