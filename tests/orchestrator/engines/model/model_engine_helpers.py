"""Helpers for the model engine tests: jobs on the blog example, scripted engines, the CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

from typer.testing import CliRunner

from agents.spec import Mode
from orchestrator.config import Limits
from orchestrator.engine import Job
from orchestrator.engines.model import ModelEngine, ScriptedModel
from orchestrator.planning import render_system_prompt
from orchestrator.project import Project
from orchestrator.workspace import Workspace


def make_job(project: Project, agent: str, mode: Mode, text: str, run_id: str = "run-t") -> Job:
    spec = project.registry.get(agent)
    return Job(run_id, mode, spec, render_system_prompt(project, spec, mode), text)


def workspace(project: Project, agent: str, mode: Mode = "DIRECT") -> Workspace:
    return Workspace(project.root, project.ownership, agent=agent, read_only=mode == "CONSULT")


def scripted_engine(project: Project, model: ScriptedModel, **limits: float) -> ModelEngine:
    return ModelEngine(project, lambda name: model, limits=Limits(**limits) if limits else None)


def invoke(app, *args: str | Path):
    """The real CLI app (`orchestrate_app`, `agent_app`), in-process."""
    return CliRunner().invoke(app, [str(a) for a in args])


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True)
    return done.stdout
