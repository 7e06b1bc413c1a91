"""Room chat: lines reach everyone with the sender's name; limits are explained, not fatal."""

from __future__ import annotations

import pytest

from tests.play.wsclient import Client, connect_and_greet, join_and_find_snake, running_room

pytestmark = pytest.mark.django_db(transaction=True)


async def _line(client: Client) -> dict[str, object]:
    return await client.line("player")


async def test_a_chat_line_reaches_everyone_with_the_senders_name_and_time() -> None:
    ada = await connect_and_greet()
    await join_and_find_snake(ada, "Ada")
    bea = await connect_and_greet()
    await ada.send({"type": "chat", "text": "  hello \n  there  "})
    for client in (ada, bea):
        line = await _line(client)
        assert {k: line[k] for k in ("name", "player", "text")} == {
            "name": "Ada",
            "player": ada.player,
            "text": "hello there",
        }
        assert isinstance(line["at"], int)
    await ada.close()
    await bea.close()


async def test_markup_is_carried_as_plain_text_for_clients_to_escape() -> None:
    ada = await connect_and_greet()
    text = '<b>hi</b><img src=x onerror="alert(1)">'
    await ada.send({"type": "chat", "text": text})
    line = await _line(ada)
    assert line["text"] == text
    assert line["name"] == "Spectator"
    await ada.close()


@pytest.mark.parametrize("text", ["", "   ", "x" * 201, 42, None, "bell\x07"])
async def test_a_bad_chat_line_is_refused_with_bad_chat(text: object) -> None:
    ada = await connect_and_greet()
    await ada.send({"type": "chat", "text": text})
    error = await ada.error()
    assert error["code"] == "bad_chat"
    assert "200" in error["message"]
    await ada.send({"type": "chat", "text": "x" * 200})
    assert (await _line(ada))["text"] == "x" * 200
    await ada.close()


async def test_chatting_too_fast_is_limited_and_the_connection_stays() -> None:
    ada = await connect_and_greet()
    for i in range(6):
        await ada.send({"type": "chat", "text": f"line {i}"})
    assert (await ada.error())["code"] == "chat_rate_limited"
    for i in range(5):
        assert (await _line(ada))["text"] == f"line {i}"
    await ada.send({"type": "ping", "t": 1})
    assert (await ada.receive_until(lambda m: m["type"] == "pong"))["t"] == 1
    await ada.close()


async def test_newcomers_get_the_last_fifty_lines() -> None:
    first = await connect_and_greet()
    room = running_room("test")
    assert first.player is not None
    for i in range(55):
        room.say(first.player, f"line {i}")
    await first.receive_until(lambda m: bool(m.get("feed")))  # the lines went out
    newcomer = await connect_and_greet()
    history = await newcomer.receive()
    assert history["type"] == "chat_history"
    assert [m["text"] for m in history["messages"]] == [f"line {i}" for i in range(5, 55)]
    await first.close()
    await newcomer.close()


async def test_joins_deaths_and_leaves_appear_in_the_feed() -> None:
    ada = await connect_and_greet()
    watcher = await connect_and_greet()
    await join_and_find_snake(ada, "Ada")
    assert (await watcher.line("notice"))["text"] == "Ada joined the game"
    await ada.send({"type": "spectate"})
    assert (await watcher.line("notice"))["text"] == "Ada left the game"
    await ada.close()
    await watcher.close()
