"""Running a browser module's checks, written with node:test, under Node."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import require_tool


def run_node_tests(checker: Path) -> str:
    """The report of `checker` (a .mjs file of node:test cases), once it exited cleanly."""
    node = require_tool("node")
    result = subprocess.run([node, str(checker)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
