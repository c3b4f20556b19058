"""FastAPI in one module's AST: applications, routers, inclusions, endpoints, dependencies.

Only the shapes FastAPI documents are read: ``@owner.get(path, ...)`` and the other verbs,
``@owner.api_route(path, methods=[...])``, the same decorators applied by a call
(``owner.post(path, ...)(handler)``), ``owner.add_api_route(path, endpoint, ...)``,
``owner.include_router(child, prefix=..., tags=..., dependencies=...)`` and
``owner.mount(path, child)``. Nothing is imported or evaluated.
"""

from __future__ import annotations

import ast
import inspect
import re

from orchestrator.index.python.module_facts import Dep, Handler, Inclusion, RawParam, RouterDef
from orchestrator.index.python.source_text import (
    SourceText,
    dotted_name,
    last_segment,
    string_value,
)
from orchestrator.index.python.string_templates import template_of

VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")
# One string per method and dependency kind, however many routes name it.
_METHOD_OF = {verb: verb.upper() for verb in VERBS}
_DEP_KIND_OF = {"Depends": "depends", "Security": "security"}
MARKERS = frozenset(
    {"Query", "Path", "Body", "Header", "Cookie", "Form", "File", "Depends", "Security"}
)
RESPONSE_CLASSES = frozenset(
    {
        "Response",
        "JSONResponse",
        "HTMLResponse",
        "PlainTextResponse",
        "RedirectResponse",
        "StreamingResponse",
        "FileResponse",
        "ORJSONResponse",
        "UJSONResponse",
        "None",
    }
)
_STATUS = re.compile(r"HTTP_(\d{3})")


def router_def(name: str, call: ast.Call, src: SourceText) -> RouterDef | None:
    """``FastAPI(...)``/``APIRouter(...)`` bound to ``name``, or a call of a class whose name
    ends in ``Router`` (a subclass such as ``AdminAPIRouter``); None for other calls."""
    callee = dotted_name(call.func)
    called = last_segment(callee) or ""
    kind = {"FastAPI": "app", "APIRouter": "router"}.get(called)
    if kind is None and not (called.endswith("Router") and called[:1].isupper()):
        return None
    kw = keywords(call)
    return RouterDef(
        name=name,
        kind=kind or "router",
        line=call.lineno,
        prefix=template_of(kw.get("prefix"), src) or "",
        tags=string_list(kw.get("tags"), src),
        dependencies=dependency_list(kw.get("dependencies"), src),
        factory=None if kind else callee,
        include_in_schema=_flag(kw.get("include_in_schema"), default=True),
    )


def init_dependencies(init: ast.FunctionDef, src: SourceText) -> list[Dep]:
    """``super().__init__(..., dependencies=[Depends(f)])`` in a router class's ``__init__``."""
    found: list[Dep] = []
    for node in ast.walk(init):
        func = node.func if type(node) is ast.Call else None  # type: ignore[attr-defined]
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "__init__"
            and isinstance(func.value, ast.Call)
            and dotted_name(func.value.func) == "super"
        ):
            found += dependency_list(keywords(node).get("dependencies"), src)  # type: ignore[arg-type]
    return found


def inclusion(call: ast.Call, src: SourceText) -> Inclusion | None:
    """An ``include_router`` or ``mount`` call, or None for any other call."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in ("include_router", "mount"):
        return None
    owner = dotted_name(func.value)
    kw = keywords(call)
    if func.attr == "mount":
        child, prefix = _arg(call, 1, kw, "app"), template_of(_arg(call, 0, kw, "path"), src)
    else:
        child, prefix = _arg(call, 0, kw, "router"), template_of(kw.get("prefix"), src)
    child_ref = _child_ref(child, src)
    if owner is None or child_ref is None:
        return None
    return Inclusion(
        owner=owner,
        child=child_ref,
        kind="mount" if func.attr == "mount" else "include",
        prefix=prefix or "",
        tags=string_list(kw.get("tags"), src),
        dependencies=dependency_list(kw.get("dependencies"), src),
        include_in_schema=_flag(kw.get("include_in_schema"), default=True),
        line=call.lineno,
    )


def _child_ref(child: ast.expr | None, src: SourceText) -> str | None:
    """What is included or mounted: a name (``users.router``), else the call that builds
    it as written (``fastapi_users.get_auth_router(backend)``), which the linker lists
    among the routers it cannot read."""
    if child is None:
        return None
    name = dotted_name(child)
    if name is not None or type(child) is not ast.Call:
        return name
    return src.of(child)


def decorated_handlers(
    func: ast.FunctionDef | ast.AsyncFunctionDef, params: list[RawParam], src: SourceText
) -> list[Handler]:
    """One handler per route decorator on ``func`` (whose parameters are ``params``)."""
    handlers = []
    for decorator in func.decorator_list:
        if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
            continue
        verb, owner = decorator.func.attr, dotted_name(decorator.func.value)
        if owner is None or (verb not in VERBS and verb != "api_route"):
            continue
        kw = keywords(decorator)
        methods = [_METHOD_OF[verb]] if verb in VERBS else _methods(kw.get("methods"))
        path = _arg(decorator, 0, kw, "path")
        handlers.append(_handler(owner, methods, path, func, params, kw, src))
    return handlers


def added_route(
    call: ast.Call, functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef], src: SourceText
) -> Handler | None:
    """``owner.add_api_route(path, endpoint, methods=[...])`` or ``owner.get(path)(endpoint)``
    as a handler."""
    func = call.func
    if type(func) is ast.Call:
        return _applied_route(call, func, functions, src)  # type: ignore[arg-type]
    if not isinstance(func, ast.Attribute) or func.attr != "add_api_route":
        return None
    owner, kw = dotted_name(func.value), keywords(call)
    endpoint = _arg(call, 1, kw, "endpoint")
    methods = _methods(kw.get("methods"))
    return _registered(
        owner, methods, _arg(call, 0, kw, "path"), endpoint, call, kw, functions, src
    )


def _applied_route(
    call: ast.Call,
    decorator: ast.Call,
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
    src: SourceText,
) -> Handler | None:
    """``owner.post("/x", ...)(handler)``: a route decorator called by hand."""
    func = decorator.func
    if not isinstance(func, ast.Attribute) or len(call.args) != 1:
        return None
    verb = func.attr
    if verb not in VERBS and verb != "api_route":
        return None
    kw = keywords(decorator)
    methods = [_METHOD_OF[verb]] if verb in VERBS else _methods(kw.get("methods"))
    path = _arg(decorator, 0, kw, "path")
    return _registered(
        dotted_name(func.value), methods, path, call.args[0], call, kw, functions, src
    )


def _registered(
    owner: str | None,
    methods: list[str],
    path: ast.expr | None,
    endpoint_node: ast.expr | None,
    call: ast.Call,
    kw: dict[str, ast.expr],
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
    src: SourceText,
) -> Handler | None:
    """The handler a registering call names: read from its function when it is local."""
    endpoint = dotted_name(endpoint_node) if endpoint_node is not None else None
    if owner is None or endpoint is None:
        return None
    target = functions.get(endpoint)
    if target is None:
        return _bare_handler(owner, methods, path, endpoint, call.lineno, kw, src)
    return _handler(owner, methods, path, target, parameters(target.args, src), kw, src)


def _handler(
    owner: str,
    methods: list[str],
    path: ast.expr | None,
    func: ast.FunctionDef | ast.AsyncFunctionDef,
    params: list[RawParam],
    kw: dict[str, ast.expr],
    src: SourceText,
) -> Handler:
    handler = _bare_handler(owner, methods, path, func.name, func.lineno, kw, src)
    handler.params = params
    if "response_model" not in kw and func.returns is not None:
        returned = src.of(func.returns)
        if last_segment(returned) not in RESPONSE_CLASSES:
            handler.response_model = returned
    if handler.description is None:
        handler.description = docstring(func)
    return handler


def docstring(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """``ast.get_docstring``, without its dedent pass for the usual one-line docstring."""
    first = func.body[0] if func.body else None
    if type(first) is not ast.Expr or type(first.value) is not ast.Constant:  # type: ignore[union-attr]
        return None
    text = first.value.value  # type: ignore[union-attr]
    if not isinstance(text, str):
        return None
    if "\n" in text:
        return inspect.cleandoc(text)
    return text.expandtabs().lstrip()


def _bare_handler(
    owner: str,
    methods: list[str],
    path: ast.expr | None,
    function: str,
    line: int,
    kw: dict[str, ast.expr],
    src: SourceText,
) -> Handler:
    if not kw:  # ``@router.get("/")``: nothing else to read
        return Handler(
            owner, methods, template_of(path, src) or "", function, line, [], None, None, [],
            None, None, [], True,
        )  # fmt: skip
    get = kw.get
    return Handler(
        owner,
        methods,
        template_of(path, src) or "",
        function,
        line,
        [],
        _response_model(get("response_model"), src),
        status_code(get("status_code")),
        dependency_list(get("dependencies"), src),
        string_value(get("summary")),
        string_value(get("description")),
        string_list(get("tags"), src),
        _flag(get("include_in_schema"), default=True),
    )


def parameters(args: ast.arguments, src: SourceText) -> list[RawParam]:
    """Every parameter of a function, with its FastAPI marker and dependencies."""
    positional = [*args.posonlyargs, *args.args] if args.posonlyargs else args.args
    defaults = args.defaults
    first_default = len(positional) - len(defaults)
    params = []
    for i, arg in enumerate(positional):
        if arg.arg != "self" and arg.arg != "cls":
            default = defaults[i - first_default] if i >= first_default else None
            params.append(_param(arg, default, src))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append(_param(arg, default, src))
    return params


def _param(arg: ast.arg, default: ast.expr | None, src: SourceText) -> RawParam:
    """`raw_param`, made once per file for each way a parameter is written: the handlers
    of a router repeat theirs (``db: Session = Depends(get_db)``), and facts are read,
    never changed, so they share it."""
    text = src.span(arg, default if default is not None else arg)
    if text is None:
        return raw_param(arg.arg, arg.annotation, default, src)
    made = src.read.get(text)
    if made is None:
        made = src.read[text] = raw_param(arg.arg, arg.annotation, default, src)
    return made


def raw_param(
    name: str, annotation: ast.expr | None, default: ast.expr | None, src: SourceText
) -> RawParam:
    text = src.of(annotation)
    param = RawParam(name, text, text, None, False, None, [])
    if type(annotation) is ast.Subscript:
        _read_annotated(param, annotation, src)  # type: ignore[arg-type]
    if default is not None:
        _read_default(param, default, src)
    return param


def annotated_alias(name: str, value: ast.expr, src: SourceText) -> RawParam | None:
    """``CurrentUser = Annotated[User, Depends(get_current_user)]`` as a reusable param."""
    param = raw_param(name, value, None, src)
    return param if param.marker is not None else None


def bound_dependency(name: str, call: ast.Call, src: SourceText) -> RawParam | None:
    """``DependsJwtAuth = Depends(HTTPBearer())``: a marker bound to a name, then used as it
    is (``dependencies=[DependsJwtAuth]``, ``token: str = DependsJwtAuth``)."""
    return raw_param(name, None, call, src) if _marker(call) in _DEP_KIND_OF else None


def _read_annotated(param: RawParam, annotation: ast.Subscript, src: SourceText) -> None:
    if _simple_name(annotation.value) != "Annotated":
        return
    index = annotation.slice
    if type(index) is not ast.Tuple or not index.elts:  # type: ignore[union-attr]
        return
    elements = index.elts  # type: ignore[union-attr]
    param.base = src.of(elements[0])
    for meta in elements[1:]:
        if type(meta) is ast.Call:
            marker = _marker(meta)  # type: ignore[arg-type]
            if marker is not None:
                _apply_marker(param, marker, meta, src)  # type: ignore[arg-type]


def _read_default(param: RawParam, default: ast.expr, src: SourceText) -> None:
    if type(default) is ast.Call:
        marker = _marker(default)  # type: ignore[arg-type]
        if marker is not None:
            _apply_marker(param, marker, default, src)  # type: ignore[arg-type]
            return
    param.has_default = True
    param.default = src.of(default)


def _apply_marker(param: RawParam, marker: str, call: ast.Call, src: SourceText) -> None:
    param.marker = marker
    kw = keywords(call) if call.keywords else {}
    if marker == "Depends" or marker == "Security":
        target = _arg(call, 0, kw, "dependency")
        param.deps.append(Dep(src.of(target), _DEP_KIND_OF[marker]))
        return
    value = _arg(call, 0, kw, "default")
    if value is not None and not (type(value) is ast.Constant and value.value is Ellipsis):  # type: ignore[attr-defined]
        param.has_default, param.default = True, src.of(value)
    elif "default_factory" in kw:
        param.has_default, param.default = True, src.of(kw["default_factory"])


def _marker(call: ast.Call) -> str | None:
    name = _simple_name(call.func)
    return name if name in MARKERS else None


def _simple_name(node: ast.expr) -> str | None:
    """``Depends`` for ``Depends`` and for ``fastapi.Depends``."""
    kind = type(node)
    if kind is ast.Name:
        return node.id  # type: ignore[attr-defined]
    if kind is ast.Attribute:
        return node.attr  # type: ignore[attr-defined]
    return None


def dependency_list(node: ast.expr | None, src: SourceText) -> list[Dep]:
    """``[Depends(a), Security(b)]`` as dependencies, and a name bound to such a marker
    (``[DependsJwtAuth]``: see `bound_dependency`); other elements are ignored."""
    if not isinstance(node, ast.List | ast.Tuple):
        return []
    deps = []
    for element in node.elts:
        if isinstance(element, ast.Call) and _marker(element) in ("Depends", "Security"):
            target = _arg(element, 0, keywords(element), "dependency")
            deps.append(Dep(src.of(target), _DEP_KIND_OF[str(_marker(element))]))
        elif (name := dotted_name(element)) is not None:
            deps.append(Dep(name, "annotation"))  # a dependency if the name is bound to one
    return deps


def status_code(node: ast.expr | None) -> int | None:
    """``201``, ``status.HTTP_201_CREATED`` or ``HTTPStatus.CREATED`` as a number."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    name = dotted_name(node) if node is not None else None
    if name is None:
        return None
    match = _STATUS.search(name)
    if match:
        return int(match.group(1))
    from http import HTTPStatus  # lazy: only a status written by name needs it

    member = HTTPStatus.__members__.get(name.rpartition(".")[2])
    return int(member) if member is not None else None


def string_list(node: ast.expr | None, src: SourceText) -> list[str]:
    if not isinstance(node, ast.List | ast.Tuple):
        return []
    return [string_value(e) or src.of(e) or "" for e in node.elts]


def keywords(call: ast.Call) -> dict[str, ast.expr]:
    return {k.arg: k.value for k in call.keywords if k.arg is not None}


def _arg(call: ast.Call, position: int, kw: dict[str, ast.expr], name: str) -> ast.expr | None:
    args = call.args
    if len(args) > position and type(args[position]) is not ast.Starred:
        return args[position]
    return kw.get(name)


def _methods(node: ast.expr | None) -> list[str]:
    if not isinstance(node, ast.List | ast.Tuple | ast.Set):
        return ["GET"]
    return [str(string_value(e)).upper() for e in node.elts if string_value(e)]


def _flag(node: ast.expr | None, *, default: bool) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return node.value
    return default


def _response_model(node: ast.expr | None, src: SourceText) -> str | None:
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return None
    return src.of(node)
