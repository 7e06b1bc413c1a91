"""Players' rows are changed with targeted UPDATEs, so concurrent writers keep both changes."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections

from kogame.accounts.merge import adopt_player
from kogame.players.identity import (
    SESSION_KEY,
    current_player,
    ensure_player,
    player_of_session,
    set_player,
)
from kogame.players.models import Player
from kogame.players.updates import create_player, rename_player

pytestmark = pytest.mark.django_db(transaction=True)

Step = Callable[[], None]


def test_renaming_changes_only_the_name() -> None:
    create_player("playerAAAAAA", "Brisk Otter")
    before = Player.objects.get()
    rename_player("playerAAAAAA", "Ada")
    after = Player.objects.get()
    assert after.name == "Ada"
    assert after.created_at == before.created_at
    assert after.last_seen >= before.last_seen


def test_renaming_a_player_without_a_row_creates_it() -> None:
    rename_player("playerAAAAAA", "Ada")
    assert Player.objects.get().name == "Ada"


def test_creating_an_existing_player_leaves_it_as_it_is() -> None:
    create_player("playerAAAAAA", "Ada")
    create_player("playerAAAAAA", "Someone Else")
    assert Player.objects.get().name == "Ada"


def _interleave(first: tuple[Step, Step], second: tuple[Step, Step]) -> None:
    """Two writers in two threads: both read before either writes, then the first writes,
    then the second: the interleaving that loses updates with read-modify-write."""
    both_read = threading.Barrier(2, timeout=30)
    first_wrote = threading.Event()
    errors: list[BaseException] = []

    def run(read: Step, write: Step, before_writing: Callable[[], object]) -> None:
        try:
            read()
            both_read.wait()
            before_writing()
            write()
        except BaseException as exc:
            errors.append(exc)
            both_read.abort()
        finally:
            first_wrote.set()
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(*first, lambda: None)),
        threading.Thread(target=run, args=(*second, lambda: first_wrote.wait(30))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def _saved_session(**data: object) -> str:
    session = SessionStore()
    session.update(data)
    session.save()
    assert session.session_key is not None
    return session.session_key


def test_the_naive_way_two_writers_of_one_session_lose_an_update() -> None:
    """The consumer keeps the name in the session while a page keeps a preference there."""
    key = _saved_session(**{SESSION_KEY: "playerAAAAAA"})
    consumer, page = SessionStore(key), SessionStore(key)

    def consumer_saves_name() -> None:
        consumer["name"] = "Ada"
        consumer.save()

    def page_saves_theme() -> None:
        page["theme"] = "dark"
        page.save()

    def reads(session: SessionStore) -> Step:
        """A writer's first step: load the session (Django loads it on first access)."""

        def read() -> None:
            session.get(SESSION_KEY)

        return read

    _interleave((reads(consumer), consumer_saves_name), (reads(page), page_saves_theme))
    final = SessionStore(key)
    assert final["theme"] == "dark"
    assert "name" not in final, "the later save silently reverted the consumer's change"


def test_kogame_keeps_both_changes_the_session_only_holds_the_player_id() -> None:
    """The consumer renames the player while a page logs the same browser in."""
    browser = SessionStore()
    player = ensure_player(browser)
    browser.save()
    key = browser.session_key
    user = User.objects.create_user("ada", password="correct horse battery")
    seen: dict[str, str | None] = {}
    page = SessionStore(key)

    def consumer_handshake() -> None:
        seen["consumer"] = player_of_session(key)

    def consumer_renames() -> None:
        assert seen["consumer"] is not None
        rename_player(seen["consumer"], "Ada")

    def page_loads() -> None:
        seen["page"] = current_player(page)

    def page_logs_in() -> None:
        set_player(page, adopt_player(user, seen["page"]))
        page["_auth_user_id"] = str(user.pk)
        page.save()

    _interleave((consumer_handshake, consumer_renames), (page_loads, page_logs_in))
    row = Player.objects.get(pk=player)
    assert row.name == "Ada", "the consumer's rename survived the page's save"
    assert row.user == user, "and the page's change is there too"
    assert current_player(SessionStore(key)) == player
