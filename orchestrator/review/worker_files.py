"""What the secrets worker and the review talk through: anonymous files and lengths.

A request or a reply is written whole into an anonymous file (``memfd``, made before the
fork so both sides hold it), then its length goes down a pipe: eight bytes, which a pipe
never splits and never makes the writer wait for.
"""

from __future__ import annotations

import os
import struct

LENGTH = struct.Struct("<Q")
Hits = list[tuple[int, str, str, bool]]  # a job's hits as marshal carries them


def memfd(name: str) -> int:
    return os.memfd_create(f"stackcrew-secrets-{name}", os.MFD_CLOEXEC)


def write_at(fd: int, data: bytes) -> None:
    """All of `data` at the start of the anonymous file `fd`."""
    view, at = memoryview(data), 0
    while at < len(data):
        at += os.pwrite(fd, view[at:], at)


def read_length(fd: int) -> int | None:
    """A length the other side wrote to a pipe, or None when it closed it first (an
    eight-byte write to a pipe arrives whole)."""
    data = os.read(fd, LENGTH.size)
    return LENGTH.unpack(data)[0] if len(data) == LENGTH.size else None
