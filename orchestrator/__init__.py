"""stackcrew's orchestrator: decides what runs, where, and under which rules."""

__version__ = "0.1.0"
