// Zombies' frames.js against the server's own frames: a file written by
// tests/client/test_client_zombies.py (its path in ZOMBIES_FRAMES) holds what one connection
// was sent in a random game (its area's delta every tick; on a change of area, that delta and
// then the new area's snapshot) and, after each tick, the zombies the area's snapshot lists.
// Following the deltas must hold exactly those zombies, and a delta must be refused when it
// does not follow the frame held.
//
//   ZOMBIES_FRAMES=frames.json node tests/client/check_zombies_frames.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const js = (name) =>
  new URL(`../../kogame/games/zombies/static/zombies/js/${name}`, import.meta.url).href;
const { ELSEWHERE, OLD, readFrame, regionGrid } = await import(js("frames.js"));

const recorded = JSON.parse(readFileSync(process.env.ZOMBIES_FRAMES, "utf8"));
const grid = regionGrid(recorded.map, recorded.region);

/** Zombies as [id, x, y, hp] sorted by id, as the expectations are written. */
const listed = (frame) =>
  [...frame.zombies.values()].map((z) => [z.id, z.x, z.y, z.hp]).sort((a, b) => a[0] - b[0]);

test("following the server's deltas holds what its snapshots say", () => {
  let held = null;
  let moves = 0;
  let changes = 0;
  for (const step of recorded.steps) {
    for (const msg of step.messages) {
      const frame = readFrame(msg, msg.type === "snapshot" ? null : held, grid);
      if (frame === ELSEWHERE) {
        changes += 1;
        continue;
      }
      assert.ok(frame && typeof frame === "object", `tick ${msg.tick}: ${msg.type} refused`);
      if (msg.zm) moves += msg.zm.length;
      held = frame;
    }
    assert.deepEqual(listed(held), step.zombies, `tick ${held.tick}`);
  }
  assert.ok(moves > 100 && changes > 0, `moves ${moves}, changes of area ${changes}`);
});

test("a delta that does not follow the frame held is refused or skipped", () => {
  // Two deltas of one area in a row, the first moving zombies, and the frame held before them.
  let held = null;
  let pair = null;
  const steps = recorded.steps.map((step) => step.messages);
  for (let i = 0; i + 1 < steps.length && !pair; i++) {
    const [first, second] = [steps[i], steps[i + 1]];
    if (held && first.length === 1 && second.length === 1 && first[0].zm?.length > 0) {
      pair = [first[0], second[0]];
      break;
    }
    for (const msg of first) {
      const frame = readFrame(msg, msg.type === "snapshot" ? null : held, grid);
      if (typeof frame === "object" && frame) held = frame;
    }
  }
  assert.ok(pair, "two deltas of one area in a row");
  const [first, second] = pair;
  const next = readFrame(first, held, grid);
  assert.equal(next.tick, first.tick);
  assert.equal(readFrame(first, next, grid), OLD, "the same tick again changes nothing");
  assert.equal(readFrame(second, held, grid), null, "a tick missed: ask for a snapshot");
  assert.equal(readFrame(first, { ...held, area: "0,0,0,0" }, grid), ELSEWHERE);
  assert.equal(readFrame({ ...first, zm: '"' + first.zm.slice(1) }, held, grid), null, "not a move");
  assert.equal(readFrame({ ...first, zm: first.zm + "0" }, held, grid), null, "one move too many");
});
