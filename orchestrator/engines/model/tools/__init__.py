"""The tools an agent may call and the `Toolbox` that runs them."""

from orchestrator.engines.model.tools.toolbox import Toolbox

__all__ = ["Toolbox"]
