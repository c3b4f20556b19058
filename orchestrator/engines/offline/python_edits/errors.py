"""How a Python edit refuses (this module does not import libcst, so anyone may catch it).

LayoutError
└── UnparsablePython    the file to edit does not parse; it is left as it is
"""

from __future__ import annotations

from orchestrator.engines.offline.layout import LayoutError


class UnparsablePython(LayoutError):
    """The file to edit does not parse as Python, so it is not edited."""

    def __init__(self, line: int, reason: str, *, path: str | None = None) -> None:
        self.line, self.reason = line, reason
        where = f"{path}:{line}: " if path else ""
        super().__init__(
            f"{where}the file to edit does not parse as Python (line {line}: {reason}); "
            "it is left as it is",
            hint="fix the file by hand, then run the command again",
        )

    def naming(self, path: str) -> UnparsablePython:
        """The same refusal, naming the file (the edits see only its text)."""
        return UnparsablePython(self.line, self.reason, path=path)
