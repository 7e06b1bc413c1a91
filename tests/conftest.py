"""Fixtures and helpers shared by every test suite."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest


def require_tool(path: str) -> str:
    """Path of an external tool a suite needs: missing fails under CI, and skips elsewhere."""
    found = shutil.which(path) or (path if os.path.exists(path) else None)
    if found is None:
        message = f"{path} is not installed (on Debian: see .ci/run for what it installs)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def results_writer(django_db_setup: None) -> Iterator[None]:
    """For suites whose rooms record results: the process's results writer is stopped (and
    its database connection closed) before the test database is dropped."""
    from kogame.records.recorder import stop_recorder

    yield
    stop_recorder()
