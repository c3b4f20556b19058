"""The tools an agent may call, each written once as a function, and the `Toolbox` that runs them.

| module          | what it holds                                                          |
|-----------------|------------------------------------------------------------------------|
| `definition.py` | `Tool`: a function's signature and docstring become its input model    |
|                 | (pydantic, extra="forbid") and its Messages-API definition             |
| `registry.py`   | every tool by name, and which tools each mode grants                   |
| `reading.py`    | read_file, list_files, search_code, query_index                        |
| `writing.py`    | write_file, edit_file (every write passes `Workspace.write_text`)      |
| `commands.py`   | run_tests, run_command (policy-checked, confined, tree-guarded)        |
| `recipes.py`    | run_recipe: the agent's own deterministic offline recipes              |
| `talking.py`    | ask_agent, request_change, finish                                      |
| `toolbox.py`    | `Toolbox`: dispatch by name through the registry, errors as results    |

CONSULT grants the reading tools and ask_agent (read-only); DIRECT adds write_file,
edit_file, run_recipe, run_tests, run_command and finish; EXECUTE adds request_change.
Unknown tools, input that fails validation and refusals go back to the model as an
`is_error` tool result it can act on. `search_code` runs in a worker process stopped after
`limits.search_seconds`, so no regular expression can hang the run.
"""

from orchestrator.engines.model.tools.toolbox import Toolbox

__all__ = ["Toolbox"]
