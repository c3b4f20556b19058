"""fastapi recipes: a CRUD resource (schemas, service, router, registration, tests) and
a health-check endpoint."""

from __future__ import annotations

import re

from orchestrator.engines.offline.context import RecipeContext, render
from orchestrator.engines.offline.database import keyed
from orchestrator.engines.offline.insertion import add_import, add_include, merge_module
from orchestrator.engines.offline.layout import LayoutError
from orchestrator.engines.offline.resource import Resource


def add_crud(ctx: RecipeContext, resource: Resource) -> None:
    """Schemas (unless they live beside the table), data access (new functions in the
    project's ``crud.py``, or a service module of functions or of one class, as the
    project writes them), the router, its registration, the tests."""
    layout, stack = ctx.layout, ctx.layout.stack
    if stack.service_classes is not None:
        raise LayoutError(
            f"data access is written as classes ({stack.service_classes}); "
            "no recipe follows service or repository classes yet",
            hint="add the resource's data access by hand, or let a model-backed engine do it",
        )
    resource = keyed(ctx, resource)
    model = next((m for m in ctx.index.models if m.name == resource.cls), None)
    if model is None:
        raise LayoutError(
            f"no model {resource.cls!r} in the index: the database step comes first",
            hint="run the database agent's part of the issue before the fastapi one",
        )
    names = _names(ctx, resource, model.file)
    if not stack.schemas_in_models:
        ctx.generate(f"{layout.schemas}/{resource.name}.py", render("schemas.py.j2", **names))
    access = render("service.py.j2", **names)
    if stack.crud_module is not None:
        ctx.change(stack.crud_module, lambda text: merge_module(text, access))
    else:
        ctx.generate(f"{layout.services}/{names['access']}.py", access)
    router_stem = resource.table if layout.plural_routers else resource.name
    ctx.generate(f"{layout.routers}/{router_stem}.py", render("router.py.j2", **names))
    _register_router(ctx, router_stem)
    ctx.generate(f"{layout.tests}/test_{resource.table}.py", render("test_resource.py.j2", **names))


def _names(ctx: RecipeContext, resource: Resource, model_file: str) -> dict[str, object]:
    """What the schemas, data access, router and test templates are rendered with."""
    layout = ctx.layout
    conventions, stack = layout.conventions, layout.stack
    model_module = layout.module(model_file)
    if stack.crud_module is not None:  # ``from app import crud``, then ``crud.create_x``
        access_package, _, access = layout.module(stack.crud_module).rpartition(".")
    else:
        access_package = layout.module(f"{layout.services}/__init__.py")
        access = f"{resource.name}{layout.service_suffix}"
    return {
        "r": resource, "layout": layout, "model_module": model_module,
        "schemas_module": model_module if stack.schemas_in_models
        else layout.module(f"{layout.schemas}/{resource.name}.py"),
        "access_package": access_package, "access": access,
        "uuid": stack.key == "uuid" or resource.uuid_columns,
        "annotated": any(c.spec.max_length for c in resource.columns),
        "dt_imports": _dt_imports(resource, timestamps=layout.timestamps and not conventions.utc_datetime),
        "db_type": conventions.db_alias[1] if conventions.db_alias else "Db",
        "service": f"{resource.cls}{stack.service_class.suffix}" if stack.service_class else "",
        "required": [c.name for c in resource.columns if c.spec.required],
        "patch": next((c for c in resource.columns if c.spec.type in ("str", "text")), resource.columns[0]),
    }  # fmt: skip


def add_health(ctx: RecipeContext, path: str = "/health") -> None:
    """A `/health` router included on the application itself (outside any API prefix)."""
    layout = ctx.layout
    app_module = layout.app_module
    if app_module is None:
        raise LayoutError("no module creating `FastAPI()` was found")
    ctx.generate(f"{layout.routers}/health.py", render("health_router.py.j2", path=path))
    text = ctx.read(app_module)
    app_var = re.search(r"^\s*(\w+)\s*=\s*FastAPI\(", text, re.MULTILINE)
    routers_pkg = layout.module(f"{layout.routers}/__init__.py")
    ctx.change(
        app_module,
        lambda text: add_include(
            add_import(text, routers_pkg, "health"), "health", app_var=app_var and app_var.group(1)
        ),
    )
    factory = "create_app" if "def create_app(" in text else None
    ctx.generate(
        f"{layout.tests}/test_health.py",
        render(
            "test_health.py.j2", path=path, app_module=layout.module(app_module),
            app_name=factory or "app", app_expr=f"{factory}()" if factory else "app",
        ),
    )  # fmt: skip


def _register_router(ctx: RecipeContext, stem: str) -> None:
    registry = ctx.layout.registry
    if registry is None:
        raise LayoutError("no module calls `.include_router(<module>.router)`; nowhere to add it")
    routers_pkg = ctx.layout.module(f"{ctx.layout.routers}/__init__.py")
    ctx.change(registry, lambda text: add_include(add_import(text, routers_pkg, stem), stem))


def _dt_imports(resource: Resource, *, timestamps: bool) -> list[str]:
    found = set(resource.datetime_imports())
    return sorted(found | {"datetime"} if timestamps else found)
