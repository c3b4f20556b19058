"""What one file contributes to the index, and the parser that fits its kind.

A file that cannot be read or parsed is not an error of the index: its `FileFacts` carry
the reason (with the line when the parser gives one) and the build reports it as skipped.
Each reader is imported with the first file of its kind: a project without TypeScript
never loads tree-sitter, one without compose files never loads PyYAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orchestrator.index.facts import ClientCall, EnvVar, Service, TsType
from orchestrator.index.python.module_facts import ModuleFacts

try:  # `hashlib.blake2b` itself, without the OpenSSL library `hashlib` loads (~4 MiB)
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b


@dataclass(slots=True)
class FileFacts:
    kind: str
    python: ModuleFacts | None = None
    ts_types: list[TsType] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    env_vars: list[EnvVar] = field(default_factory=list)
    error: str | None = None
    client_calls: list[ClientCall] = field(default_factory=list)


def content_hash(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def read_file(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def parse_file(data: bytes, rel: str, kind: str) -> FileFacts:
    """The facts of one file; never raises for bad content."""
    try:
        return _PARSERS[kind](data, rel)
    except SyntaxError as exc:
        return FileFacts(kind, error=f"SyntaxError at line {exc.lineno}: {exc.msg}")
    except UnicodeDecodeError as exc:
        return FileFacts(kind, error=f"not UTF-8 text (byte {exc.start})")
    except ValueError as exc:  # null bytes in Python source, malformed compose files
        return FileFacts(kind, error=str(exc))
    except RecursionError:  # nesting deeper than the readers' recursion allows
        return FileFacts(kind, error="nested too deeply to read")


def unreadable(kind: str, exc: OSError) -> FileFacts:
    return FileFacts(kind, error=f"cannot read: {exc.strerror or exc}")


def _python(data: bytes, rel: str) -> FileFacts:
    from orchestrator.index.python.parser import parse_python  # lazy: with its first file

    return FileFacts("python", python=parse_python(data, rel))


def _typescript(data: bytes, rel: str, *, tsx: bool = False) -> FileFacts:
    from orchestrator.index.typescript.parser import parse_typescript  # lazy: with its first file

    types, error, calls = parse_typescript(data, rel, tsx=tsx)
    kind = "tsx" if tsx else "typescript"
    return FileFacts(kind, ts_types=types, error=error, client_calls=calls)


def _tsx(data: bytes, rel: str) -> FileFacts:
    return _typescript(data, rel, tsx=True)


def _vue(data: bytes, rel: str) -> FileFacts:
    from orchestrator.index.typescript.vue import parse_vue  # lazy: with its first file

    types, error, calls = parse_vue(data, rel)
    return FileFacts("vue", ts_types=types, error=error, client_calls=calls)


def _compose(data: bytes, rel: str) -> FileFacts:
    from orchestrator.index.infra.compose import parse_compose_file  # lazy: with its first file

    services, variables = parse_compose_file(data.decode("utf-8"), rel)
    return FileFacts("compose", services=services, env_vars=variables)


def _env(data: bytes, rel: str) -> FileFacts:
    from orchestrator.index.infra.envfile import parse_env_file  # lazy: with its first file

    return FileFacts("env", env_vars=parse_env_file(data.decode("utf-8"), rel))


def load_parsers(kinds: set[str]) -> None:
    """The readers of `kinds` loaded now: a process about to fork workers loads them once
    for all, instead of each worker loading its own copy with its first file (~25 ms)."""
    if "python" in kinds:
        from orchestrator.index.python.parser import parse_python  # noqa: F401  # lazy: see above
    if kinds & {"typescript", "tsx"}:
        from orchestrator.index.typescript.parser import parse_typescript  # noqa: F401  # lazy: see above
    if "vue" in kinds:
        from orchestrator.index.typescript.vue import parse_vue  # noqa: F401  # lazy: see above


_PARSERS = {
    "python": _python,
    "typescript": _typescript,
    "tsx": _tsx,
    "vue": _vue,
    "compose": _compose,
    "env": _env,
}
