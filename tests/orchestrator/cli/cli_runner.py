"""Invoking the real CLI apps in-process, as a person would from a shell."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from orchestrator.cli.apps import agent_app, orchestrate_app


def orchestrate(*args: str | Path):
    return CliRunner().invoke(orchestrate_app, [str(a) for a in args])


def agent(*args: str | Path):
    return CliRunner().invoke(agent_app, [str(a) for a in args])
