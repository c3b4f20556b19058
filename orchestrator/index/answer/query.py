"""Looking facts up by the words of a question: simple, deterministic, documented.

A question is split into lowercase words (letters, digits, ``_``). Words in `STOPWORDS`
and the words that name what is asked (``endpoints``, ``models``, …) are set aside; what
remains, singularised (``users`` -> ``user``), are resource words. A route is about a
resource when a resource word equals a singularised segment of its path (split on ``/``,
``-`` and ``_``, path parameters excluded) or a word of one of its tags. A model, schema or
TypeScript type is about a resource when a resource word equals the singularised entity
of its name (`naming.type_key`) or, for models, its table name.
"""

from __future__ import annotations

import functools
import re

from orchestrator.index.answer.naming import singular, type_key

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from orchestrator.index.facts import Model, Route, Schema, TsType
    from orchestrator.index.project_index import ProjectIndex

STOPWORDS = frozenset(
    {
        "a", "an", "and", "are", "all", "any", "do", "does", "for", "from", "get", "give",
        "how", "i", "in", "is", "it", "list", "me", "my", "of", "on", "or", "our", "show",
        "tell", "that", "the", "their", "them", "there", "these", "this", "to", "under", "us",
        "we", "what", "which", "who", "with", "where", "why", "can", "could", "should",
        "would", "will", "have", "has", "please", "about", "each", "every", "by", "its", "be",
        # the verbs of a question about endpoints, not their resources (``what does the
        # checkout endpoint return?``, ``which endpoints handle orders?``)
        "return", "returns", "returned", "accept", "accepts", "take", "takes", "send",
        "sends", "handle", "handles", "exist", "exists", "available",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9_]+")
_IDENTIFIER = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
_OPERATION = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/\S*)", re.IGNORECASE)
_PARAM = re.compile(r"\{[^}]*\}")
# The same words recur in path after path (``api``, ``users``): each is made singular once.
_singular = functools.cache(singular)


def words(question: str) -> list[str]:
    return _WORD.findall(question.lower())


def resource_words(question: str, intent_words: frozenset[str]) -> list[str]:
    """The words left when stopwords and intent words are removed, singularised."""
    kept = [w for w in words(question) if w not in STOPWORDS and w not in intent_words]
    return list(dict.fromkeys(singular(w) for w in kept if not w.isdigit()))


def operation(question: str) -> tuple[str, str] | None:
    """``POST /users`` in the question, as (method, path)."""
    match = _OPERATION.search(question)
    if match is None:
        return None
    return match.group(1).upper(), match.group(2).rstrip("?.,;:!")


def find_route(index: ProjectIndex, method: str, path: str) -> Route | None:
    """The route for an operation; ``/users/42`` matches ``/users/{user_id}``."""
    wanted = path.rstrip("/") or "/"
    candidates = [r for r in index.routes if r.method == method]
    for route in candidates:
        if (route.path.rstrip("/") or "/") == wanted:
            return route
    for exact in (True, False):
        for route in candidates:
            if _same_shape(route.path, wanted, whole=exact):
                return route
    return None


def _same_shape(pattern: str, path: str, *, whole: bool) -> bool:
    """Segment by segment, parameters matching anything; or the pattern's tail only."""
    left, right = pattern.strip("/").split("/"), path.strip("/").split("/")
    if len(left) < len(right) or (whole and len(left) != len(right)):
        return False
    tail = left[len(left) - len(right) :]
    if not whole and tail[0] != right[0]:  # a tail must start with a literal match
        return False
    return all(
        a == b or _PARAM.fullmatch(a) or _PARAM.fullmatch(b)
        for a, b in zip(tail, right, strict=True)
    )


def routes_about(index: ProjectIndex, resources: list[str]) -> list[Route]:
    if not resources:
        return list(index.routes)
    wanted = set(resources)
    stems = tuple({r.removesuffix("y") for r in resources})

    def keep(path: str, tags: list[str]) -> bool:
        return _mentions(path, tags, stems) and not wanted.isdisjoint(path_words(path, tags))

    return index.routes_where(keep, stems)  # stems: letters, digits and _, as `_mentions` tests


def _mentions(path: str, tags: list[str], stems: tuple[str, ...]) -> bool:
    """A cheap first pass, run on every route: a stem (``categor`` for ``category``) appears
    somewhere in the path or the tags."""
    text = (f"{path} {' '.join(tags)}" if tags else path).lower()
    for stem in stems:  # a loop, not any(): this runs ten thousand times a question
        if stem in text:
            return True
    return False


def route_words(route: Route) -> set[str]:
    return path_words(route.path, route.tags)


def path_words(path: str, tags: list[str]) -> set[str]:
    """The singular words of a route's path segments (split on ``/``, ``_`` and ``-``,
    parameters dropped) and tags."""
    lowered = path.lower()
    if "{" in lowered:
        lowered = _PARAM.sub("", lowered)
    segments = lowered.replace("_", "/").replace("-", "/").split("/")
    found = {_singular(w) for w in segments if w}
    for tag in tags:
        found |= _tag_words(tag)
    return found


@functools.cache  # a project has few tags, each on many routes
def _tag_words(tag: str) -> frozenset[str]:
    return frozenset(singular(w) for w in words(tag))


def named(question: str, names: list[str]) -> list[str]:
    """Names of facts that appear in the question as identifiers (case-insensitive)."""
    present = {t.lower() for t in _IDENTIFIER.findall(question)}
    return [n for n in names if n.lower() in present]


def has_type_name(question: str) -> bool:
    """Whether the question holds a capitalised identifier such as ``UserCreate``."""
    return any(t[:1].isupper() and t[1:] != t[1:].upper() for t in _IDENTIFIER.findall(question))


def about(name: str, resources: list[str]) -> bool:
    entity = type_key(name)[0]
    return any(r == entity or singular(r) == entity for r in resources)


def schema_named(index: ProjectIndex, name: str) -> Schema | None:
    return next((s for s in index.schemas if s.name == name), None)


def model_named(index: ProjectIndex, name: str) -> Model | None:
    return next((m for m in index.models if m.name == name or m.table == name), None)


def ts_named(index: ProjectIndex, name: str) -> TsType | None:
    return next((t for t in index.ts_types if t.name == name), None)


def models_about(index: ProjectIndex, resources: list[str]) -> list[Model]:
    if not resources:
        return list(index.models)
    return [m for m in index.models if about(m.name, resources) or singular(m.table) in resources]
