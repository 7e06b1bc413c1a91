"""The game page and its static files, through the real ASGI stack's HTTP side."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from kogame import play
from kogame.engine.registry import GAMES
from kogame.players.identity import SESSION_KEY
from kogame.players.models import Player
from kogame.records.models import Match, Score
from kogame.rooms.models import RoomDefinition

pytestmark = pytest.mark.django_db


ROOM = "/play/snek/main/"


def test_the_room_page_reads_the_player_and_points_at_its_socket(client: Client) -> None:
    response = client.get(ROOM)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session, "a page that only looks issues no player"
    assert b'data-ws-path="/ws/play/snek/main/"' in response.content
    assert b'data-has-player="false"' in response.content
    assert b'data-player-url="/play/player"' in response.content
    player = client.post("/play/player").json()["player"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", player)
    assert client.session[SESSION_KEY] == player
    assert b'data-has-player="true"' in client.get(ROOM).content
    assert client.session[SESSION_KEY] == player


def test_a_defined_room_page_has_its_own_socket_path_and_name(client: Client) -> None:
    RoomDefinition.objects.create(game="snek", slug="friday-night", name="Friday <night>")
    response = client.get("/play/snek/friday-night/")
    assert response.status_code == 200
    assert b'data-ws-path="/ws/play/snek/friday-night/"' in response.content
    assert b"Friday &lt;night&gt;" in response.content
    assert response.context["watch"] is False
    assert client.get("/play/snek/friday-night/?watch=1").context["watch"] is True


@pytest.mark.parametrize(
    "path",
    ["/play/chess/main/", "/play/snek/Main/", "/play/snek/a_b/", "/play/snek/nobody-made-this/"],
)
def test_unknown_games_and_bad_room_names_are_not_found(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_the_page_links_hashed_static_files_served_with_far_future_caching(
    client: Client,
) -> None:
    page = client.get(ROOM).content.decode()
    script = re.search(r'src="(/static/play/js/main\.[0-9a-f]{12}\.js)"', page)
    style = re.search(r'href="(/static/play/css/kogame\.[0-9a-f]{12}\.css)"', page)
    assert script and style, "the page must link hashed file names from the manifest"
    for url in (script.group(1), style.group(1)):
        response = client.get(url)
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"]
        assert "max-age=315360000" in response["Cache-Control"]


def module_imports(client: Client, url: str) -> list[str]:
    """The relative paths a served ES module imports."""
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return re.findall(r'from\s+"(\./[^"]+)"', body)


def test_module_imports_inside_hashed_scripts_point_at_hashed_files(client: Client) -> None:
    page = client.get(ROOM).content.decode()
    script = re.search(r'src="(/static/play/js/main\.[0-9a-f]{12}\.js)"', page)
    assert script
    imports = module_imports(client, script.group(1))
    assert imports, "main.js imports the other modules"
    for path in imports:
        assert re.fullmatch(r"\./\w+\.[0-9a-f]{12}\.js", path), path


def test_the_page_names_the_games_hashed_client_module_and_shows_the_games_words(
    client: Client,
) -> None:
    page = client.get(ROOM).content.decode()
    module = re.search(r'data-client-module="(/static/snek/js/game\.[0-9a-f]{12}\.js)"', page)
    assert module, "the page must name the game's module by its hashed name"
    imports = module_imports(client, module.group(1))
    assert imports, "game.js imports the game's other modules"
    for path in imports:
        assert re.fullmatch(r"\./\w+\.[0-9a-f]{12}\.js", path), path
    assert "Eat to grow." in page, "the join card's lead comes from the game's partial"
    assert "Swipe on the board" in page, "the controls come from the game's partial"


def test_the_page_shell_names_no_game() -> None:
    shell = [Path(play.__file__).parent / part for part in ("static", "templates")]
    files = [path for folder in shell for path in folder.rglob("*") if path.is_file()]
    assert any(path.name == "main.js" for path in files)
    for path in files:
        text = path.read_text().lower()
        for game in GAMES:
            assert game not in text, f"{path} names {game}"


def test_the_manifest_lives_with_the_code() -> None:
    from django.conf import settings

    from kogame.staticstorage import MANIFEST_DIR

    manifest = MANIFEST_DIR / "staticfiles.json"
    assert manifest.exists(), "run `make static` (collectstatic) first"
    assert not (settings.STATIC_ROOT / "staticfiles.json").exists()


def test_the_room_page_carries_the_player_s_best_score_today(client: Client) -> None:
    """Empty without a player or a life today; the records' best once there is one."""
    assert b'data-best-today=""' in client.get(ROOM).content
    player = client.post("/play/player").json()["player"]
    assert b'data-best-today=""' in client.get(ROOM).content
    Player.objects.create(id=player, name="Ada")
    match = Match.objects.create(key="m", game="snek", room="main", started_at=timezone.now())
    for life, score in enumerate((4, 9, 2), start=1):
        Score.objects.create(
            player_id=player, match=match, life=life, score=score, game="snek",
            stats={"length": 3, "kills": 0}, cause="wall", duration=1, at=timezone.now(),
        )  # fmt: skip
    assert b'data-best-today="9"' in client.get(ROOM).content


def test_the_join_card_offers_the_games_swatches_with_the_players_choice_checked(
    client: Client,
) -> None:
    """Radio buttons named for screen readers, from the game's declaration: none checked until
    the player has chosen, then the one kept on their row. A game without colours has none."""
    radios = re.compile(r'<input class="colour-input" type="radio" name="colour" value="(#\w+)"')
    page = client.get(ROOM).content.decode()
    offered = radios.findall(page)
    assert offered == [swatch.colour for swatch in GAMES["snek"].colours] and len(offered) == 12
    assert all(
        f'<span class="visually-hidden">{s.label}</span>' in page for s in GAMES["snek"].colours
    )
    assert " checked>" not in page
    player = client.post("/play/player").json()["player"]
    Player.objects.create(id=player, name="Ada", colour="#00ccaa")
    page = client.get(ROOM).content.decode()
    assert 'value="#00ccaa" checked>' in page and page.count(" checked>") == 1
    zombies = client.get("/play/zombies/main/")
    assert zombies.status_code == 200 and b'name="colour"' not in zombies.content
