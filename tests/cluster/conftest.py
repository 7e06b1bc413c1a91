"""A real cluster per test (tests/cluster/cluster.py), stopped by the test, its logs printed
when the test fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cluster.cluster import SETTINGS, Cluster
from tests.conftest import require_tool


@pytest.fixture
def cluster_settings() -> dict[str, str]:
    """The cluster's environment; a test module may override this fixture."""
    return SETTINGS


@pytest.fixture
def cluster(tmp_path: Path, cluster_settings: dict[str, str]) -> Iterator[Cluster]:
    require_tool("redis-server")
    started = Cluster(tmp_path, cluster_settings)
    try:
        yield started
    except BaseException:
        print(started.logs())
        raise
    finally:
        started.stop()
