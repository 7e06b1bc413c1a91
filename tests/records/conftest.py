"""Recorder fixtures: a fresh recorder per test, always stopped afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from kogame.records import recorder as recorder_module
from kogame.records.recorder import Recorder, Result

# Short, so a test that waits out an outage retries often; no test asserts any duration.
RETRY_SECONDS = 0.02


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    made = Recorder(retry_seconds=RETRY_SECONDS)
    yield made
    made.stop(timeout=10)


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Sizes of the batches the writer tried to write (successfully or not), in order."""
    tried: list[int] = []
    write_batch: Callable[[list[Result]], int] = recorder_module.write_batch

    def counting(batch: list[Result]) -> int:
        tried.append(len(batch))
        return write_batch(batch)

    monkeypatch.setattr(recorder_module, "write_batch", counting)
    return tried
