"""Reading an issue's structured spec from a JSON or YAML file given on the command line."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from project_state.errors import StackcrewError
from project_state.input_problems import describe_error, first_error
from project_state.nesting import load_yaml
from project_state.project_file import IssueSpec


def load_issue_spec(path: Path) -> IssueSpec:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))  # YAML is a superset of JSON
    except (OSError, yaml.YAMLError) as exc:
        raise StackcrewError(f"{path}: cannot read the issue spec ({exc})") from exc
    try:
        return IssueSpec.model_validate(data)
    except ValidationError as exc:
        raise StackcrewError(
            f"{path}: {describe_error(first_error(exc))}",
            hint="a spec has `kind` (resource, field, health, infra, custom), `resource` and `fields`",
        ) from exc
