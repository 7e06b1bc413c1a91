"""The board's indexes: the lazy free-cell list and food filed by block."""

from __future__ import annotations

import random

import pytest

from kogame.games.snek.board import FOOD_BLOCK, Board, Cell


def test_a_covered_cell_stays_listed_until_a_random_pick_lands_on_it() -> None:
    board = Board(10, 10)
    covered = [(x, y) for y in range(10) for x in range(10) if (x, y) != (4, 7)]
    for cell in covered:
        board.occupy(cell)
    assert board.free_count == 1 and len(board._free) == 100
    rng = random.Random(1)
    assert board.random_free(rng) == (4, 7)
    assert (4, 7) in board._free and len(board._free) < 100, "the misses were dropped"
    board.add_food((4, 7))
    assert board.random_free(rng) is None and board._free == []


def test_a_freed_cell_is_listed_again_once() -> None:
    board = Board(10, 10)
    board.occupy((2, 2))
    board.free_cells()
    assert (2, 2) not in board._free
    board.vacate((2, 2))
    board.occupy((2, 2))
    board.vacate((2, 2))
    assert board._free.count((2, 2)) == 1 and board.is_free((2, 2))


def test_free_cells_lists_exactly_the_free_cells_in_the_board_s_order() -> None:
    board = Board(10, 10)
    board.occupy((0, 0))
    board.occupy((5, 5))
    board.add_food((1, 0))
    free = board.free_cells()
    assert len(free) == 97 == board.free_count
    assert {(0, 0), (5, 5), (1, 0)}.isdisjoint(free)
    assert free[:2] == [(2, 0), (3, 0)]


def test_advance_is_occupy_then_vacate() -> None:
    stepped, plain = Board(10, 10), Board(10, 10)
    for board in (stepped, plain):
        for cell in ((1, 1), (2, 1), (3, 1)):
            board.occupy(cell)
    stepped.advance((4, 1), (1, 1))
    plain.occupy((4, 1))
    plain.vacate((1, 1))
    assert stepped._segments == plain._segments
    assert set(stepped.free_cells()) == set(plain.free_cells())


@pytest.mark.parametrize(("width", "height"), [(10, 10), (10, 17), (31, 12)])
def test_a_cell_one_step_off_the_board_never_has_the_key_of_a_cell_on_it(
    width: int, height: int
) -> None:
    board = Board(width, height)
    on = {x + y * board.stride for y in range(height) for x in range(width)}
    assert len(on) == width * height
    off = [(x, y) for y in range(-1, height + 1) for x in range(-1, width + 1)]
    off = [(x, y) for x, y in off if not board.in_bounds((x, y))]
    assert on.isdisjoint(x + y * board.stride for x, y in off)


def test_food_is_filed_by_key_as_it_comes_and_goes() -> None:
    board = Board(10, 10)
    board.add_food((3, 4))
    board.add_food((9, 9))
    board.remove_food((3, 4))
    assert board.food_keys == {9 + 9 * board.stride}


def board_with_food(*cells: Cell) -> Board:
    board = Board(64, 64)
    for cell in cells:
        board.add_food(cell)
    return board


@pytest.mark.parametrize(
    ("food", "near", "found"),
    [
        pytest.param([(5, 5), (9, 9)], (4, 4), (5, 5), id="the nearest in the same block"),
        pytest.param([(20, 3)], (2, 3), (20, 3), id="from a block further out"),
        pytest.param([(6, 2), (2, 6)], (2, 2), (2, 6), id="a tie goes to the least cell"),
        pytest.param([(60, 60)], (1, 1), None, id="nothing within reach"),
        pytest.param([], (1, 1), None, id="no food at all"),
    ],
)
def test_food_near(food: list[Cell], near: Cell, found: Cell | None) -> None:
    assert board_with_food(*food).food_near(near, reach=40) == found


def test_food_near_reads_only_the_first_ring_of_blocks_holding_any() -> None:
    """Close, not always closest: a piece just across a block's edge loses to one inside."""
    inside, across = (FOOD_BLOCK - 1, 0), (FOOD_BLOCK, FOOD_BLOCK - 1)
    board = board_with_food(inside, across)
    assert board.food_near((FOOD_BLOCK - 1, FOOD_BLOCK - 1), reach=40) == inside


def test_eaten_food_leaves_the_blocks() -> None:
    board = board_with_food((5, 5), (30, 30))
    board.remove_food((5, 5))
    assert board.food_near((4, 4), reach=60) == (30, 30)
    assert list(board._food_blocks) == [(30 // FOOD_BLOCK, 30 // FOOD_BLOCK)]


def test_a_board_given_another_boards_free_order_picks_the_same_cells() -> None:
    first = Board(12, 12)
    for cell in [(1, 1), (5, 5), (7, 2)]:
        first.occupy(cell)
    rng = random.Random(7)
    first.random_free(rng)
    first.add_food((3, 3))
    order = first.free_order()
    second = Board(12, 12)
    for cell in [(1, 1), (5, 5), (7, 2)]:
        second.occupy(cell)
    second.add_food((3, 3))
    second.restore_free_order(order)
    assert second.free_order() == order
    picks = [random.Random(3), random.Random(3)]
    assert [first.random_free(picks[0]) for _ in range(5)] == [
        second.random_free(picks[1]) for _ in range(5)
    ]


@pytest.mark.parametrize("indexes", [[0, 0], [-1], [144], list(range(10))])
def test_a_free_order_that_would_break_the_board_is_refused(indexes: list[int]) -> None:
    with pytest.raises(ValueError, match="free list"):
        Board(12, 12).restore_free_order(indexes)
