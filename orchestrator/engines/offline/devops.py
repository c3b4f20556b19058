"""devops recipe: a CI workflow, and a Dockerfile and compose service when missing."""

from __future__ import annotations

from orchestrator.engines.offline.context import RecipeContext, render

CI_WORKFLOW = ".github/workflows/ci.yml"


def add_infra(ctx: RecipeContext) -> None:
    """Write what is missing; an existing Dockerfile or compose file is never replaced."""
    layout = ctx.layout
    values = {
        "backend": layout.backend, "package": layout.package, "python_root": layout.python_root,
        "app_module": layout.module(layout.app_module) if layout.app_module else f"{layout.package}.main",
        "frontend": layout.types.split("/src/")[0] if layout.types and "/src/" in layout.types else None,
        "alembic": layout.versions is not None,
    }  # fmt: skip
    ctx.generate(CI_WORKFLOW, render("ci.yml.j2", **values))
    if not ctx.workspace.exists("Dockerfile"):
        ctx.generate("Dockerfile", render("Dockerfile.j2", **values))
    if not any(
        ctx.workspace.exists(n) for n in ("docker-compose.yml", "compose.yml", "compose.yaml")
    ):
        ctx.generate("docker-compose.yml", render("compose.yml.j2", **values))
