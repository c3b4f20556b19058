"""Run as its own process (single-threaded, as `orchestrate` is): index the project in
argv[1] as the CLI would, edit one file, index again, and print what happened as JSON.

With `wait` as argv[2] the cache writer is waited for explicitly between the builds;
with `foreground` the first build writes the cache itself, as `orchestrate index` does;
otherwise the second build has to wait for it itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from orchestrator.index import build, build_index

root = Path(sys.argv[1])
cold = build_index(root, background=sys.argv[2] != "foreground")
ready_at_once = (root / ".stackcrew-cache" / "index" / "ready.json").is_file()
writers = list(build._WRITERS)
written = build.wait_for_cache() if sys.argv[2] == "wait" else None
left = len(build._WRITERS)
users = root / "app" / "routers" / "users.py"
users.write_text(users.read_text() + "\n")
again = build_index(root)
print(
    json.dumps(
        {
            "forked": len(writers),
            "ready_at_once": ready_at_once,
            "written": written,
            "left": left,
            "reaped": all(writer.ok is not None for writer in writers),
            "cold_parsed": len(cold.stats.parsed),
            "again_parsed": again.stats.parsed,
            "again_source": again.stats.source,
            "same_routes": again.routes == cold.routes,
        }
    )
)
