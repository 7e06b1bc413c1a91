"""The token bucket, on a fake clock."""

from __future__ import annotations

from kogame.play.ratelimit import TokenBucket, Verdict


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_up_to_the_limit_is_allowed_then_limited_then_a_flood() -> None:
    bucket = TokenBucket(rate=30, burst=30, flood=30, clock=FakeClock())
    verdicts = [bucket.take() for _ in range(61)]
    assert verdicts[:30] == [Verdict.ALLOW] * 30
    assert verdicts[30:59] == [Verdict.LIMIT] * 29
    assert verdicts[60] is Verdict.FLOOD


def test_thirty_messages_a_second_are_always_allowed() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=30, burst=30, flood=30, clock=clock)
    for _ in range(300):
        assert bucket.take() is Verdict.ALLOW
        clock.now += 1 / 30


def test_tokens_come_back_with_time_but_never_beyond_the_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=30, burst=30, flood=30, clock=clock)
    for _ in range(35):
        bucket.take()
    clock.now += 60
    verdicts = [bucket.take() for _ in range(31)]
    assert verdicts[:30] == [Verdict.ALLOW] * 30
    assert verdicts[30] is Verdict.LIMIT
