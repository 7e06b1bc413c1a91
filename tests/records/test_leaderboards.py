"""Leaderboards: who ranks where, which day is today, and pages that cost a fixed number of
queries however many scores there are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kogame.players.models import Player
from kogame.records import leaderboards, views
from kogame.records.models import Match, Score
from tests.records.othergame import TAG, offer_tag
from tests.records.results import player_id

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def _scores(
    count: int,
    at: datetime = NOON,
    room: str = "main",
    players: int = 10,
    key: str = "m1",
    public: bool = True,
) -> list[Score]:
    """`count` scores (score n for the n-th), spread over `players` players, one match."""
    match = Match.objects.create(
        key=key, game="snek", room=room, started_at=at, settings={"public": public}
    )
    Player.objects.bulk_create(
        [Player(id=player_id(n), name=f"Player {n}") for n in range(players)],
        ignore_conflicts=True,
    )
    return Score.objects.bulk_create(
        Score(
            player_id=player_id(n % players),
            match=match,
            life=n // players + 1,
            score=n,
            game="snek",
            stats={"length": 3 + 2 * n, "kills": n % 3},
            cause="wall",
            duration=float(n),
            at=at,
        )
        for n in range(count)
    )


def test_the_best_score_ranks_first_and_ties_go_to_whoever_got_there_first() -> None:
    _scores(3)
    Player.objects.create(id="lateLATElate", name="Late")
    match = Match.objects.get()
    Score.objects.create(
        player_id="lateLATElate", match=match, life=1, score=2, game="snek",
        stats={"length": 7, "kills": 0},
        cause="self", duration=1, at=NOON + timedelta(seconds=1),
    )  # fmt: skip
    ranked = [(s.player_id, s.score) for s in leaderboards.all_time("snek")]
    assert ranked == [(player_id(2), 2), ("lateLATElate", 2), (player_id(1), 1), (player_id(0), 0)]


def test_today_is_the_current_day_in_utc() -> None:
    start = datetime(2026, 5, 4, tzinfo=UTC)
    _scores(2, at=start - timedelta(microseconds=1), key="yesterday")
    _scores(2, at=start, key="midnight")
    _scores(2, at=start + timedelta(days=1) - timedelta(microseconds=1), key="late")
    _scores(2, at=start + timedelta(days=1), key="tomorrow")
    evening_in_new_york = datetime(2026, 5, 4, 22, 0, tzinfo=UTC).astimezone(
        timezone.get_fixed_timezone(-4 * 60)
    )
    keys = {s.match.key for s in leaderboards.today("snek", now=evening_in_new_york)}
    assert keys == {"midnight", "late"}


def test_a_room_board_has_only_that_rooms_scores() -> None:
    _scores(3, room="main", key="a")
    _scores(2, room="other", key="b")
    assert {s.match.room for s in leaderboards.in_room("snek", "other")} == {"other"}
    assert leaderboards.in_room("snek", "other").count() == 2


def test_the_lobby_gets_todays_top_ten_as_plain_data() -> None:
    _scores(30, at=timezone.now())
    _scores(5, at=timezone.now() - timedelta(days=2), key="old")
    top = leaderboards.top_today("snek")
    assert [entry["score"] for entry in top] == list(range(29, 19, -1))
    assert top[0] == {
        "player": player_id(9),
        "name": "Player 9",
        "score": 29,
        "figure": 29,
        "game": "snek",
        "room": "main",
        "room_name": "main",  # recorded without a name: its slug
        "at": top[0]["at"],
    }
    assert len(leaderboards.top_today("snek", limit=3)) == 3


def test_the_lobbys_best_of_the_day_is_the_days_board_each_player_once_and_nothing_for_nothing(
    client: Client,
) -> None:
    """The lobby's list is the top of the day's board it links to: each player's best, and no
    life that achieved nothing (it once listed every life, zeros and repeats included)."""
    _scores(25, at=timezone.now(), players=5)  # scores 0-24: each player's best is 20-24
    top = leaderboards.top_today("snek")
    assert [entry["score"] for entry in top] == [24, 23, 22, 21, 20]
    board = client.get("/leaderboard/snek/today/").content.decode()
    for entry in top:
        assert f">{entry['name']}</a>" in board


def test_the_lobbys_best_of_the_day_names_each_room_as_the_boards_do(client: Client) -> None:
    _, life = _scores(2, at=timezone.now(), room="friday-3f2a1c")  # scores 0 and 1: 1 shows
    life.match.settings |= {"name": "Friday <Night>"}
    life.match.save()
    assert leaderboards.top_today("snek")[0]["room_name"] == "Friday <Night>"
    page = client.get("/").content.decode()
    assert '<span class="top-room">Friday &lt;Night&gt;</span>' in page


def test_a_private_rooms_id_is_never_shown_on_a_board(client: Client) -> None:
    secret = "0123456789abcdef01234567"
    _scores(3, at=timezone.now(), room=secret, public=False)
    assert {entry["room"] for entry in leaderboards.top_today("snek")} == {None}
    for url in ("/leaderboard/snek/", "/leaderboard/snek/today/", f"/players/{player_id(1)}/", "/"):
        page = client.get(url).content.decode()
        assert secret not in page, url
        assert "private" in page, url


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "board",
    [
        "/leaderboard/snek/?",
        "/leaderboard/snek/today/?",
        "/leaderboard/snek/main/?",
        "/leaderboard/snek/?view=lives&",
        "/leaderboard/snek/today/?view=lives&",
        "/leaderboard/snek/main/?view=lives&",
        "/players/p00000000003/?",
    ],
)
def test_a_page_costs_the_same_queries_whatever_its_size_or_number(
    board: str, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _scores(600, at=timezone.now(), players=300)
    counts = set()
    for page_size in (10, 50):
        monkeypatch.setattr(views, "PAGE_SIZE", page_size)
        counts |= {_queries(client, f"{board}page={page}") for page in (1, 2, 5)}
    assert len(counts) == 1, counts
    assert counts.pop() <= 4


def test_pages_continue_the_ranking(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 25)
    _scores(60, players=60)
    page = client.get("/leaderboard/snek/?page=2").context["page"]
    assert page.start_index() == 26
    assert [s.score for s in page.object_list][:2] == [34, 33]
    assert client.get("/leaderboard/snek/?page=999").context["page"].number == 3


def test_names_are_escaped_on_every_page(client: Client) -> None:
    _scores(2, at=timezone.now(), players=1)
    Player.objects.update(name="<b>Bold</b>")
    for url in ("/leaderboard/snek/", "/leaderboard/snek/today/", "/leaderboard/snek/main/"):
        body = client.get(url).content.decode()
        assert "&lt;b&gt;Bold&lt;/b&gt;" in body and "<b>Bold" not in body


def test_an_empty_board_invites_players(client: Client) -> None:
    assert b"No scores yet" in client.get("/leaderboard/snek/").content


@pytest.mark.parametrize(
    "url",
    [
        "/leaderboard/chess/main/",
        "/leaderboard/snek/NOT_A_SLUG/",
        "/leaderboard/chess/",
        "/leaderboard/chess/today/",
    ],
)
def test_an_unknown_game_or_a_bad_room_is_not_found(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_a_players_page_shows_their_best_and_history_latest_first(client: Client) -> None:
    _scores(30, players=3)
    response = client.get(f"/players/{player_id(1)}/")
    assert [best.row.score for best in response.context["bests"]] == [28]
    history = list(response.context["page"].object_list)
    assert {s.player_id for s in history} == {player_id(1)}
    assert [s.at for s in history] == sorted((s.at for s in history), reverse=True)
    assert client.get("/players/nobodyNOBODY/").status_code == 404


def test_me_leads_to_your_own_page(client: Client) -> None:
    response = client.get("/me/")
    assert response.status_code == 302
    own = response["Location"].split("/")[-2]
    assert Player.objects.filter(pk=own).exists()
    page = client.get(response["Location"])
    assert page.context["is_me"]
    assert client.get("/me/")["Location"] == response["Location"], (
        "the same player on the next visit"
    )
    with CaptureQueriesContext(connection) as queries:
        client.get("/me/")
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == [], "a known player's visit writes nothing"


def test_a_merged_players_page_leads_to_the_accounts_page(client: Client) -> None:
    account = Player.objects.create(id=player_id(1), name="Ada")
    Player.objects.create(id=player_id(2), name="Anon", merged_into=account)
    response = client.get(f"/players/{player_id(2)}/")
    assert response.status_code == 302
    assert response["Location"] == f"/players/{player_id(1)}/"


def _tag_scores(
    figures: list[tuple[int, int]], at: datetime = NOON, player: str | None = None
) -> None:
    """A life of a Tag match in the room "main" per (score, tags), a second apart: of players
    20, 21, ... or all of `player`'s."""
    match = Match.objects.create(
        key="t1", game=TAG, room="main", started_at=at, settings={"public": True}
    )
    for n, (score, tags) in enumerate(figures):
        by = player or player_id(20 + n)
        Player.objects.get_or_create(id=by, defaults={"name": f"Tagger {n}"})
        Score.objects.create(
            player_id=by, match=match, game=TAG, life=n + 1, score=score,
            stats={"tags": tags, "dodges": 1}, cause="tagged", duration=1.0,
            at=at + timedelta(seconds=n),
        )  # fmt: skip


def test_each_game_has_its_own_boards(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    offer_tag(monkeypatch)
    now = timezone.now()
    _scores(3, at=now)
    _tag_scores([(50, 1), (40, 2)], at=now)
    assert {s.game for s in leaderboards.all_time("snek")} == {"snek"}
    assert [s.stats["tags"] for s in leaderboards.all_time(TAG)] == [2, 1]
    assert [s.score for s in leaderboards.today(TAG)] == [40, 50]
    assert {s.game for s in leaderboards.in_room(TAG, "main")} == {TAG}
    assert [entry["name"] for entry in leaderboards.top_today(TAG)] == ["Tagger 1", "Tagger 0"]
    assert [entry["figure"] for entry in leaderboards.top_today(TAG)] == [2, 1]
    snek = client.get("/leaderboard/snek/").content.decode()
    tag = client.get("/leaderboard/tag/today/").content.decode()
    assert "Length" in snek and "Hit a wall" in snek and "Tagger" not in snek
    assert "Tags" not in snek and "Got tagged" not in snek
    assert "Tags" in tag and "Dodges" in tag and "Got tagged" in tag
    assert "Length" not in tag and "Player 1" not in tag


def test_a_board_ranked_by_a_stat_orders_by_it_highest_first(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numerically (10 above 9), whatever the score; ties go to whoever got there first."""
    offer_tag(monkeypatch)
    _tag_scores([(1, 9), (2, 10), (3, 2), (4, 10)])
    assert [(s.stats["tags"], s.score) for s in leaderboards.all_time(TAG)] == [
        (10, 2),
        (10, 4),
        (9, 1),
        (2, 3),
    ]
    page = client.get("/leaderboard/tag/").content.decode()
    assert '<th scope="col" aria-sort="descending">Tags</th>' in page


def test_the_game_switcher_leads_to_each_games_board_of_the_same_kind(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = client.get("/leaderboard/snek/").content.decode()
    assert 'class="records-games"' in alone, "shown even with one game"
    assert '<a href="/leaderboard/snek/" aria-current="page">Snek</a>' in alone
    offer_tag(monkeypatch)
    today = client.get("/leaderboard/tag/today/").content.decode()
    assert '<a href="/leaderboard/snek/today/">Snek</a>' in today
    assert '<a href="/leaderboard/tag/today/" aria-current="page">Tag</a>' in today


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/leaderboard/", "/leaderboard/snek/"),
        ("/leaderboard/today/", "/leaderboard/snek/today/"),
        ("/leaderboard/?page=2", "/leaderboard/snek/?page=2"),
    ],
)
def test_the_boards_without_a_game_lead_to_the_first_games(
    client: Client, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    offer_tag(monkeypatch)
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (302, new)


def test_a_players_page_shows_their_best_and_history_in_each_game(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    offer_tag(monkeypatch)
    _scores(30, players=3)
    _tag_scores([(7, 3), (1, 12)], player=player_id(1))
    response = client.get(f"/players/{player_id(1)}/")
    bests = response.context["bests"]
    assert [(best.game, best.row.score) for best in bests] == [("Snek", 28), ("Tag", 1)]
    assert bests[1].stats == (("Tags", 12), ("Dodges", 1))
    page = response.content.decode()
    assert "Tags 12 · Dodges 1" in page and "Got tagged" in page
    assert "Length 59 · Kills 1" in page and "Hit a wall" in page


def _life(player: str, match: Match, life: int, score: int, at: datetime = NOON) -> None:
    Player.objects.get_or_create(id=player, defaults={"name": f"Name of {player}"})
    Score.objects.create(
        player_id=player, match=match, life=life, score=score, game="snek",
        stats={"length": 3 + 2 * score, "kills": 0}, cause="wall", duration=1.0, at=at,
    )  # fmt: skip


def _rows(client: Client, url: str) -> list[tuple[str, int]]:
    page = client.get(url).context["page"]
    return [(s.player_id, s.score) for s in page.object_list]


def test_a_board_shows_each_players_best_life_by_default(client: Client) -> None:
    match = Match.objects.create(key="m1", game="snek", room="main", started_at=NOON)
    ada, bob, cy = player_id(1), player_id(2), player_id(3)
    for life, score in enumerate([4, 9, 2, 9], start=1):  # two 9s: the earlier one counts
        _life(ada, match, life, score, at=NOON + timedelta(seconds=life))
    _life(bob, match, 1, 7)
    _life(bob, match, 2, 12)
    _life(cy, match, 1, 9, at=NOON)
    assert _rows(client, "/leaderboard/snek/") == [(bob, 12), (cy, 9), (ada, 9)]
    best = client.get("/leaderboard/snek/").context["page"].object_list[2]
    assert best.life == 2, "ties go to the earlier life"
    assert _rows(client, "/leaderboard/snek/?view=lives") == [
        (bob, 12), (cy, 9), (ada, 9), (ada, 9), (bob, 7), (ada, 4), (ada, 2),
    ]  # fmt: skip


def test_lives_that_scored_nothing_are_left_off_every_board(client: Client) -> None:
    _scores(3, at=timezone.now(), players=3)  # scores 0, 1, 2
    for board in ("/leaderboard/snek/", "/leaderboard/snek/today/", "/leaderboard/snek/main/"):
        for view in ("", "?view=lives"):
            assert _rows(client, board + view) == [(player_id(2), 2), (player_id(1), 1)]
    only_zero = player_id(0)
    assert (
        Player.objects.get(pk=only_zero).name
        not in client.get("/leaderboard/snek/").content.decode()
    )


def test_a_board_ranked_by_a_stat_shows_each_players_best_by_it(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    offer_tag(monkeypatch)
    _tag_scores([(1, 3), (9, 0), (2, 5)], player=player_id(20))  # most tags, not most points
    _tag_scores_in("t2", [(50, 4)], player=player_id(21))
    _tag_scores_in("t3", [(80, 0)], player=player_id(22))  # no tags: left off
    rows = client.get("/leaderboard/tag/").context["page"].object_list
    assert [(s.player_id, s.stats["tags"]) for s in rows] == [
        (player_id(20), 5),
        (player_id(21), 4),
    ]
    lives = client.get("/leaderboard/tag/?view=lives").context["page"].object_list
    assert [s.stats["tags"] for s in lives] == [5, 4, 3]


def _tag_scores_in(key: str, figures: list[tuple[int, int]], player: str) -> None:
    match = Match.objects.create(
        key=key, game=TAG, room="main", started_at=NOON, settings={"public": True}
    )
    Player.objects.get_or_create(id=player, defaults={"name": "Tagger"})
    for n, (score, tags) in enumerate(figures):
        Score.objects.create(
            player_id=player, match=match, game=TAG, life=n + 1, score=score,
            stats={"tags": tags, "dodges": 0}, cause="tagged", duration=1.0, at=NOON,
        )  # fmt: skip


def test_the_views_are_links_in_the_page_and_pages_keep_the_view(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    _scores(8, players=2)
    best = client.get("/leaderboard/snek/").content.decode()
    assert '<a href="/leaderboard/snek/" aria-current="page">Best per player</a>' in best
    assert '<a href="/leaderboard/snek/?view=lives">Every life</a>' in best
    assert 'href="/leaderboard/snek/?page=2"' not in best, "two players: one page"
    lives = client.get("/leaderboard/snek/today/?view=lives").content.decode()
    assert (
        '<a href="/leaderboard/snek/today/?view=lives" aria-current="page">Every life</a>' in lives
    )
    assert '<a href="/leaderboard/snek/today/">Best per player</a>' in lives
    assert (
        'href="/leaderboard/snek/?view=lives&amp;page=2" rel="next"'
        in client.get("/leaderboard/snek/?view=lives").content.decode()
    )
    offer_tag(monkeypatch)
    switcher = client.get("/leaderboard/snek/today/?view=lives").content.decode()
    assert '<a href="/leaderboard/tag/today/?view=lives">Tag</a>' in switcher


def test_a_board_links_all_time_and_today_in_the_same_view_under_the_sites_header(
    client: Client,
) -> None:
    lives = client.get("/leaderboard/snek/today/?view=lives").content.decode()
    site = lives[lives.index('<nav class="top-nav" aria-label="Site">') :]
    assert '<a href="/leaderboard/" aria-current="page">Leaderboards</a>' in site
    when = lives[lives.index('aria-label="When"') :]
    assert '<a href="/leaderboard/snek/?view=lives">All time</a>' in when
    assert '<a href="/leaderboard/snek/today/?view=lives" aria-current="page">Today</a>' in when
    best = client.get("/leaderboard/snek/").content.decode()
    assert '<a href="/leaderboard/snek/" aria-current="page">All time</a>' in best


def test_every_page_but_a_rooms_has_the_sites_header(client: Client) -> None:
    """The lobby, the boards, players' pages, the account forms and "not found" share one
    header; "My scores" is marked on your own page only."""
    own = client.get("/me/", follow=True).content.decode()
    assert '<a href="/me/" aria-current="page">My scores</a>' in own
    someone = Player.objects.create(id="someone-else", name="Bea")
    for path in ["/", "/leaderboard/", f"/players/{someone.pk}/", "/accounts/login/", "/nope/"]:
        page = client.get(path, follow=True).content.decode()
        assert page.count('<nav class="top-nav" aria-label="Site">') == 1, path
        if path != "/leaderboard/":
            assert 'aria-current="page">Leaderboards' not in page, path
        assert 'aria-current="page">My scores' not in page, path


def test_boards_name_public_rooms_and_never_private_ones(client: Client) -> None:
    secret = "0123456789abcdef01234567"
    for n, (room, settings) in enumerate(
        [
            ("friday-3f2a1c", {"public": True, "name": "Friday <Night>"}),
            ("main", {"public": True, "name": "Main room"}),
            ("old-room", {"public": True}),  # recorded before names were kept
            (secret, {"public": False, "name": "Secret club"}),
        ]
    ):
        match = Match.objects.create(
            key=f"m{n}", game="snek", room=room, started_at=NOON, settings=settings
        )
        _life(player_id(n), match, 1, 5)
    board = client.get("/leaderboard/snek/?view=lives").content.decode()
    assert '<a href="/leaderboard/snek/friday-3f2a1c/">Friday &lt;Night&gt;</a>' in board
    assert '<a href="/leaderboard/snek/main/">Main room</a>' in board
    assert '<a href="/leaderboard/snek/old-room/">old-room</a>' in board
    assert secret not in board and "Secret club" not in board and "private" in board
    named = client.get("/leaderboard/snek/friday-3f2a1c/")
    assert named.context["title"] == "Best in Friday <Night>"
    assert "Play in Friday &lt;Night&gt;" in named.content.decode()
    hidden = client.get(f"/leaderboard/snek/{secret}/")
    assert hidden.context["title"] == "Best in this room"
    assert "Secret club" not in hidden.content.decode()
    assert "Secret club" not in client.get(f"/players/{player_id(3)}/").content.decode()


def test_a_player_s_best_today_is_their_highest_score_of_the_day_in_this_game_only() -> None:
    """Player 1's lives score 1, 11 and 21 (ten players share 30 lives); yesterday's 29 and
    another game's 40 do not count, and a player with no life today has no best."""
    _scores(30)
    _scores(30, at=NOON - timedelta(days=1), key="yesterday")
    match = Match.objects.create(key="t", game="tally", room="main", started_at=NOON)
    Score.objects.create(
        player_id=player_id(1), match=match, life=1, score=40, game="tally", stats={},
        cause="goal", duration=1, at=NOON,
    )  # fmt: skip
    assert leaderboards.best_today("snek", player_id(1), now=NOON) == 21
    assert leaderboards.best_today("snek", "nobodyNOBODY", now=NOON) is None
    assert leaderboards.best_today("snek", player_id(1), now=NOON + timedelta(days=1)) is None
