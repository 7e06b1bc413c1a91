// The page's clock arithmetic (clock.js) under Node: how far an animation frame is between two
// game frames, and how much of a turn-based room's move deadline is left.
//
//   node tests/client/check_clock.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { test } from "node:test";

const { frameAlpha, turnLeft } = await import(
  new URL("../../kogame/play/static/play/js/clock.js", import.meta.url).href
);

const TURNS = { kind: "turns", deadline_ms: 500 };

test("the turn bar is full when a frame arrives and empty at the deadline", () => {
  assert.equal(turnLeft(TURNS, 1000, 1000), 1);
  assert.equal(turnLeft(TURNS, 1125, 1000), 0.75);
  assert.equal(turnLeft(TURNS, 1250, 1000), 0.5);
  assert.equal(turnLeft(TURNS, 1500, 1000), 0);
  assert.equal(turnLeft(TURNS, 9000, 1000), 0, "never below empty while the room waits");
  assert.equal(turnLeft(TURNS, 990, 1000), 1, "never above full");
  assert.equal(turnLeft({ kind: "turns", deadline_ms: 2000 }, 2000, 1000), 0.5);
});

test("a room with a fixed clock, or none said, has no turn bar", () => {
  assert.equal(turnLeft({ kind: "fixed" }, 1250, 1000), null);
  assert.equal(turnLeft(undefined, 1250, 1000), null);
  assert.equal(turnLeft(null, 1250, 1000), null);
});

test("animation runs from the last delta to one tick later, and a snapshot shows as it is", () => {
  assert.equal(frameAlpha(1000, 1000, 10), 0);
  assert.equal(frameAlpha(1050, 1000, 10), 0.5);
  assert.equal(frameAlpha(1100, 1000, 10), 1);
  assert.equal(frameAlpha(1500, 1000, 10), 1);
  assert.equal(frameAlpha(1025, 1000, 20), 0.5);
  assert.equal(frameAlpha(1000, -Infinity, 10), 1);
  assert.equal(frameAlpha(1000, 1000, null), 1, "before the welcome there is no tick to span");
});
