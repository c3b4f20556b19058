"""Questions about who may call an endpoint, answered from the routes' dependencies.

Every route knows the dependencies it runs, nested ones included (`Route.requires`:
``get_current_active_superuser``, then the ``CurrentUser`` alias it takes, then
``get_current_user``, …). A question is read in this order (words as in
`orchestrator.index.answer.query`; resource words filter the routes by path and tags):

* a word of `PUBLIC` — the endpoints that need no auth;
* a role: a word of the question that is a word of a dependency's name (``superuser`` in
  ``get_current_active_superuser``, ``admin`` in ``get_admin_user``) and either follows a
  word of `NEED` (``need an admin``) or is a word of no path or tag — the endpoints whose
  dependencies include one so named;
* a word of `LOGIN` with no word of `NEED` or `AUTH` (``login endpoints?``) — the
  endpoints that log a user in, so need no auth: ``login``/``signin`` in their path, tags
  or handler's name, a ``POST …/token`` (OAuth2's token URL), or a login form dependency
  (``OAuth2PasswordRequestForm``, a project's ``CredentialsRequestForm``);
* a word of `AUTH`, or of `NEED` with one of `LOGIN` (``which endpoints require login?``)
  — the endpoints that need an authenticated caller (`Route.auth`).

Anything else is not a question about access, and `who_may_call` returns None.
"""

from __future__ import annotations

import re

from orchestrator.index.answer import query
from orchestrator.index.answer.naming import singular
from orchestrator.index.answer.naming import words as name_words

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from orchestrator.index.facts import Route
    from orchestrator.index.project_index import ProjectIndex


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


AUTH = _word_set(
    "auth authenticated authentication protected secured secure permission permissions "
    "authorization authorized logged"
)
NEED = _word_set("need needs require requires required restricted only must")
LOGIN = _word_set("login logins signin logon")
PUBLIC = _word_set("public unauthenticated anonymous unprotected anyone")
INTENT = AUTH | NEED | LOGIN | PUBLIC
_TOKEN_PATHS = frozenset({"token", "access-token", "access_token"})
_FORM_WORDS = frozenset({"oauth2", "password", "credentials", "login", "signin"})


def who_may_call(
    question: str,
    index: ProjectIndex,
    intent: frozenset[str],
    about: list[Route] | None = None,
) -> tuple[list[Route], str] | None:
    """The routes an access question asks for, and a title; None for other questions.

    ``intent`` holds the words that say what is asked (``endpoints``, ``schema``, …), so
    that they are not taken for resources or roles; ``about``, when the caller has them,
    are the routes about the question's resource words (so they are decoded once).
    """
    words = set(query.words(question))
    resources = query.resource_words(question, intent | INTENT)
    if words & PUBLIC:
        routes = [r for r in query.routes_about(index, resources) if not r.auth]
        return routes, "Endpoints that need no auth" + _about(resources)
    if not words & INTENT:
        routes = about if about is not None else query.routes_about(index, resources)
        if not resources or _on_paths(routes, resources):
            return None  # ``user endpoints?``: a question about paths, not about access
    wanted = set(query.resource_words(_after_need(question), intent | INTENT))
    roles, paths = _roles(index, resources, wanted) if resources else ([], [])
    if roles:
        return _needing(index, roles, paths)
    if words & LOGIN and not words & (NEED | AUTH):
        routes = [r for r in query.routes_about(index, resources) if logs_in(r)]
        return routes, "Login endpoints" + _about(resources)
    if words & AUTH or words & NEED and words & LOGIN:
        routes = [r for r in query.routes_about(index, resources) if r.auth]
        return routes, "Endpoints that need auth" + _about(resources)
    return None


def _on_paths(routes: list[Route], resources: list[str]) -> bool:
    """Whether every resource word is a word of the path or tags of one of `routes`."""
    missing = set(resources)
    for route in routes:  # usually the first route names them all
        if not missing:
            break
        missing -= query.route_words(route)
    return not missing


def _after_need(question: str) -> str:
    """The words after the first word of `NEED`: ``need an admin`` asks for a role."""
    words = query.words(question)
    first = next((i for i, w in enumerate(words) if w in NEED), len(words))
    return " ".join(words[first + 1 :])


def _roles(
    index: ProjectIndex, resources: list[str], wanted: set[str]
) -> tuple[list[str], list[str]]:
    """Resource words that name a dependency, and the others. A word that is also on a path
    is the path's (``user endpoints need auth``, ``admin endpoints?``) unless it is what
    the question says is needed (``which endpoints need an admin?``)."""
    routes = index.routes
    on_paths = set().union(*(query.route_words(r) for r in routes)) if routes else set()
    required = {name for r in routes for name in r.requires}
    roles = [
        w
        for w in resources
        if (w in wanted or w not in on_paths) and any(_names(w, n) for n in required)
    ]
    return roles, [w for w in resources if w not in roles]


def _needing(index: ProjectIndex, roles: list[str], paths: list[str]) -> tuple[list[Route], str]:
    chosen: list[Route] = []
    via: dict[str, None] = {}
    for route in query.routes_about(index, paths):
        names = [n for n in route.requires if any(_names(w, n) for w in roles)]
        if names and all(any(_names(w, n) for n in names) for w in roles):
            chosen.append(route)
            via.update(dict.fromkeys(names))
    title = f"Endpoints that need {' and '.join(roles)} ({', '.join(via) or 'no dependency'})"
    return chosen, title + _about(paths)


def _names(word: str, dependency: str) -> bool:
    """Whether ``word`` is a word of a dependency's name: ``superuser`` of
    ``get_current_active_superuser``, ``admin`` of ``AdminUser``."""
    parts = [singular(p) for p in name_words(dependency)]
    return singular(word) in parts or word == "".join(parts)


def issues_tokens(route: Route) -> bool:
    """Whether a route hands its caller tokens: a login, or a refresh (a POST that needs no
    auth and names a token in its path, ``/auth/refresh-token``, ``/token/refresh``).
    Not one whose path names a resource (``/users/{user_id}/token``): its tokens are that
    user's, not ones issued to whoever presents credentials."""
    if "{" in route.path:
        return False
    if logs_in(route):
        return True
    words = {w for part in route.path.lower().split("/") for w in re.split(r"[-_.]", part)}
    return route.method == "POST" and not route.auth and "token" in words


def logs_in(route: Route) -> bool:
    """Whether a route logs a caller in (see the module's docstring)."""
    if route.auth:
        return False  # whoever calls it is logged in already
    handler = set(name_words(route.handler.rpartition(".")[2]))
    if (query.route_words(route) | handler) & LOGIN:
        return True
    last = route.path.rstrip("/").rpartition("/")[2]
    if route.method == "POST" and last in _TOKEN_PATHS:
        return True  # the OAuth2 password flow's token URL
    return any(_is_login_form(name) for name in route.requires)


def _is_login_form(name: str) -> bool:
    """``OAuth2PasswordRequestForm`` and a project's own (``CredentialsRequestForm``)."""
    parts = set(name_words(name))
    return "form" in parts and bool(parts & _FORM_WORDS)


def _about(resources: list[str]) -> str:
    return f" about {', '.join(resources)}" if resources else ""
