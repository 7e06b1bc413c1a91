// The page's clock arithmetic (clock.js) under Node: how far an animation frame is between two
// game frames.
//
//   node tests/client/check_clock.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { test } from "node:test";

const { frameAlpha } = await import(
  new URL("../../kogame/play/static/play/js/clock.js", import.meta.url).href
);

test("animation runs from the last delta to one tick later, and a snapshot shows as it is", () => {
  assert.equal(frameAlpha(1000, 1000, 10), 0);
  assert.equal(frameAlpha(1050, 1000, 10), 0.5);
  assert.equal(frameAlpha(1100, 1000, 10), 1);
  assert.equal(frameAlpha(1500, 1000, 10), 1);
  assert.equal(frameAlpha(1025, 1000, 20), 0.5);
  assert.equal(frameAlpha(1000, -Infinity, 10), 1);
  assert.equal(frameAlpha(1000, 1000, null), 1, "before the welcome there is no tick to span");
});
