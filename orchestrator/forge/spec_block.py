"""An issue's structured spec, written in its body as a fenced `stackcrew` YAML block:

    ```stackcrew
    kind: resource
    resource: post
    fields:
      - {name: title, type: str, max_length: 200}
    ```

The issue form `orchestrate init --github` installs gives the same YAML as a ```yaml block
under the heading `### stackcrew spec` (GitHub's rendering of a form field). The block is
validated as strictly as `--spec FILE` (unknown keys refused); an error names the issue and
the line of the body it is on, so the person who filed it can fix it on the forge.
"""

from __future__ import annotations

import re

import yaml
from pydantic import ValidationError

from project_state.errors import StackcrewError
from project_state.input_problems import describe_error, first_error
from project_state.nesting import load_yaml, yaml_position, yaml_problem_place
from project_state.project_file import IssueSpec

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>stackcrew|yaml)[ \t]*$")
# How GitHub writes the issue form's spec field (`render: yaml`) into the body.
FORM_HEADING = "### stackcrew spec"
HINT = "a spec has `kind` (resource, field, health, infra, custom), `resource` and `fields`"


def spec_block(body: str) -> tuple[str, int] | None:
    """The text of the first ```stackcrew block (or ```yaml block under the form's heading)
    and the body line it starts on (1-based), or None when the body has none."""
    lines = body.splitlines()
    under_heading = False
    for start, line in enumerate(lines):
        opened = FENCE.match(line.strip())
        if opened is None or (opened["info"] == "yaml" and not under_heading):
            if line.strip():
                under_heading = line.strip().lower() == FORM_HEADING
            continue
        fence = opened["fence"]
        inside = []
        for text in lines[start + 1 :]:
            if text.strip().startswith(fence) and not text.strip().strip(fence[0]):
                break
            inside.append(text)
        return "\n".join(inside) + "\n", start + 2
    return None


def spec_from_body(body: str, issue: str) -> IssueSpec | None:
    """The validated spec of the issue `issue` (e.g. "acme/blog#45") whose body is `body`."""
    found = spec_block(body)
    if found is None:
        return None
    text, first_line = found
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        line = first_line + (yaml_problem_place(exc) or (1, 1))[0] - 1
        raise StackcrewError(
            f"{issue}: body line {line}: the stackcrew block is not valid YAML "
            f"({getattr(exc, 'problem', None) or exc})",
            hint=HINT,
        ) from None
    try:
        return IssueSpec.model_validate(data)
    except ValidationError as exc:
        err = first_error(exc)
        line = first_line + yaml_position(text, err["loc"])[0] - 1
        raise StackcrewError(
            f"{issue}: body line {line}: stackcrew block: {describe_error(err)}", hint=HINT
        ) from None
