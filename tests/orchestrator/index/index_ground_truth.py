"""Ask an application for its own route table and schemas, in a separate interpreter.

Each fixture has packages named like every other FastAPI project (``app``), so importing
two of them in the test process would clash; a subprocess imports one and prints JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_SCRIPT = r"""
import importlib, inspect, json, sys
import pydantic
from starlette.routing import Mount

sys.path.insert(0, sys.argv[1])
module_name, attribute = sys.argv[2].split(":")
app = getattr(importlib.import_module(module_name), attribute)
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

def operations(application, prefix):
    found = []
    for path, item in application.openapi()["paths"].items():
        found += [[m.upper(), prefix + path] for m in item if m in METHODS]
    for route in application.routes:
        if isinstance(route, Mount) and hasattr(route.app, "openapi"):
            found += operations(route.app, prefix + route.path)
    return found

schemas = {}
for name in sys.argv[3:]:
    module = importlib.import_module(name)
    for cls_name, cls in vars(module).items():
        if inspect.isclass(cls) and issubclass(cls, pydantic.BaseModel) and cls.__module__ == name:
            schemas[cls_name] = [[f, info.is_required()] for f, info in cls.model_fields.items()]
print(json.dumps({"routes": sorted(operations(app, "")), "schemas": schemas}))
"""


def application_facts(
    sys_path: Path, app_ref: str, schema_modules: tuple[str, ...] = ()
) -> dict[str, object]:
    """``{"routes": [[METHOD, path], ...], "schemas": {name: [[field, required], ...]}}``."""
    completed = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(sys_path), app_ref, *schema_modules],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if completed.returncode != 0:
        raise AssertionError(f"importing {app_ref} from {sys_path} failed:\n{completed.stderr}")
    return json.loads(completed.stdout)
