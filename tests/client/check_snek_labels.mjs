// Snek's name tags (snek/js/labels.js) under Node: each tag takes the first place round its
// head (above, below, right, left) that covers none of its own snake and no tag placed before.
//
//   node tests/client/check_snek_labels.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { test } from "node:test";

const { candidates, overlap, placeTags } = await import(
  new URL("../../kogame/games/snek/static/snek/js/labels.js", import.meta.url).href
);

const CELL = 10;
const BOARD = { w: 400, h: 400 };

/** A snake's tag from its cells ([x, y] in cells, head first), 40x15 pixels. */
function tag(cells, w = 40, h = 15) {
  const centre = ([x, y]) => ({ x: (x + 0.5) * CELL, y: (y + 0.5) * CELL });
  return {
    head: centre(cells[0]),
    w,
    h,
    cells: cells.map(([x, y]) => ({ x: x * CELL, y: y * CELL, w: CELL, h: CELL })),
  };
}

const covers = (box, t) => t.cells.some((cell) => overlap(box, cell) > 0);
const side = (box, t) => {
  const [above, below, right, left] = candidates(t, BOARD, CELL);
  const same = (a) => a.x === box.x && a.y === box.y;
  const names = [[above, "above"], [below, "below"], [right, "right"], [left, "left"]];
  return names.find(([place]) => same(place))?.[1] ?? "?";
};

test("a snake going right has its tag above its head", () => {
  const t = tag([[20, 20], [19, 20], [18, 20]]);
  const [box] = placeTags([t], BOARD, CELL);
  assert.equal(side(box, t), "above");
  assert.ok(!covers(box, t));
});

test("a snake going down keeps its tag off its body: below the head", () => {
  const t = tag([[20, 20], [20, 19], [20, 18], [20, 17]]);
  const [box] = placeTags([t], BOARD, CELL);
  assert.equal(side(box, t), "below");
  assert.ok(!covers(box, t));
});

test("a snake coiled above and below its head puts the tag beside it", () => {
  // Body goes up from the head, then round and down below it.
  const t = tag([[20, 20], [20, 19], [21, 19], [22, 19], [22, 20], [22, 21], [21, 21], [20, 21]]);
  const [box] = placeTags([t], BOARD, CELL);
  assert.equal(side(box, t), "left");
  assert.ok(!covers(box, t));
});

test("two snakes side by side get tags that do not overlap", () => {
  const first = tag([[20, 20], [19, 20], [18, 20]]);
  const second = tag([[22, 20], [21, 21], [21, 22]]); // its head two cells to the right
  const [a, b] = placeTags([first, second], BOARD, CELL);
  assert.equal(side(a, first), "above");
  assert.equal(overlap(a, b), 0);
  assert.ok(!covers(b, second));
});

test("the first tag placed keeps its place; later ones move", () => {
  const mine = tag([[20, 20], [19, 20], [18, 20]]);
  const other = tag([[21, 20], [22, 20], [23, 20]]);
  const [first] = placeTags([mine, other], BOARD, CELL);
  const [alone] = placeTags([mine], BOARD, CELL);
  assert.deepEqual(first, alone);
});

test("a crowd of tags near each other never overlaps while there is room", () => {
  const tags = [];
  for (let i = 0; i < 6; i++) {
    const x = 10 + 3 * i;
    tags.push(tag([[x, 20], [x, 21], [x, 22]], 30, 12));
  }
  const boxes = placeTags(tags, BOARD, CELL);
  for (let i = 0; i < boxes.length; i++) {
    assert.ok(!covers(boxes[i], tags[i]), `tag ${i} covers its snake`);
    for (let j = 0; j < i; j++) assert.equal(overlap(boxes[i], boxes[j]), 0, `tags ${j} and ${i}`);
  }
});

test("tags stay on the board at its edges and corners", () => {
  const corner = tag([[0, 0], [0, 1], [0, 2]]);
  const [box] = placeTags([corner], BOARD, CELL);
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.w <= BOARD.w && box.y + box.h <= BOARD.h);
  assert.ok(!covers(box, corner));
});

test("with nowhere free, the tag covers as little of its own snake as it can", () => {
  // A wide tag on a tiny board: every place covers something; its own body counts double.
  const t = tag([[1, 1], [1, 2], [2, 2], [2, 1]], 30, 12);
  const [box] = placeTags([t], { w: 40, h: 40 }, CELL);
  const ownCover = (b) => t.cells.reduce((sum, cell) => sum + overlap(b, cell), 0);
  const least = Math.min(...candidates(t, { w: 40, h: 40 }, CELL).map(ownCover));
  assert.equal(ownCover(box), least);
});
