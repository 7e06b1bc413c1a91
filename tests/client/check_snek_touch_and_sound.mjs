// Snek's on-screen pad, its sounds and its kill feed (snek/js/pad.js, sounds.js, killfeed.js)
// under Node: which way a touch on the pad steers, the remembered toggle, which deltas make
// which sound, and the kill feed's lines.
//
//   node tests/client/check_snek_touch_and_sound.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { test } from "node:test";

const js = (name) => new URL(`../../kogame/games/snek/static/snek/js/${name}`, import.meta.url).href;
const { padDirection, padWanted, rememberPad, PAD_KEY } = await import(js("pad.js"));
const { SOUNDS, momentOf, soundsBetween } = await import(js("sounds.js"));
const { applySnapshot, applyDelta, snakeOf } = await import(js("state.js"));
const { KillFeed, killLines, FEED_LINES, FEED_MS } = await import(js("killfeed.js"));

const PAD = { left: 100, top: 200, width: 120, height: 120 }; // centre (160, 260)

test("a touch steers towards the side of the pad it lands on", () => {
  assert.equal(padDirection(160, 205, PAD), "up");
  assert.equal(padDirection(160, 315, PAD), "down");
  assert.equal(padDirection(105, 260, PAD), "left");
  assert.equal(padDirection(215, 260, PAD), "right");
  assert.equal(padDirection(200, 230, PAD), "right", "the longer distance from the centre wins");
  assert.equal(padDirection(170, 210, PAD), "up");
  assert.equal(padDirection(110, 300, PAD), "left");
});

test("a touch near the centre of the pad steers nowhere", () => {
  assert.equal(padDirection(160, 260, PAD), null);
  assert.equal(padDirection(170, 250, PAD), null);
  assert.equal(padDirection(160, 273, PAD), "down", "just outside the dead zone");
});

test("the pad is off until turned on, and the choice is remembered", () => {
  const items = new Map();
  const storage = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v) };
  assert.equal(padWanted(storage), false);
  rememberPad(storage, true);
  assert.equal(items.get(PAD_KEY), "on");
  assert.equal(padWanted(storage), true);
  rememberPad(storage, false);
  assert.equal(padWanted(storage), false);
  assert.equal(padWanted(null), false);
  const denied = () => {
    throw new Error("denied");
  };
  assert.equal(padWanted({ getItem: denied }), false);
  rememberPad({ setItem: denied }, true); // no error
});

const snake = (id, player, body, extra = {}) => ({
  id, player, name: player, colour: "#fff", bot: false, body, alive: true, score: 0, ...extra,
});

/** Me (snake 1) heading right along y=5; snake 2 heading down, right above my body. */
function room() {
  return applySnapshot({
    tick: 10,
    snakes: [
      snake(1, "me", [[5, 5], [4, 5], [3, 5]], { score: 2 }),
      snake(2, "them", [[5, 4], [5, 3], [5, 2]]),
      snake(3, "far", [[20, 20], [19, 20], [18, 20]]),
    ],
    food: [[6, 5]],
  });
}

/** Apply `delta` (tick 11) and return the sounds it makes for "me". */
function heard(state, delta) {
  const before = momentOf(state, snakeOf(state, "me"));
  const result = applyDelta(state, { tick: 11, ...delta });
  assert.ok(result.ok && result.applied, result.reason);
  return soundsBetween(before, state, snakeOf(state, "me"));
}

test("every sound named is defined", () => {
  for (const name of ["eat", "die", "kill"]) assert.ok(SOUNDS[name]?.length, name);
});

test("eating makes a sound; moving alone does not", () => {
  const moves = [[3, 21, 20, 1]];
  assert.deepEqual(
    heard(room(), { moved: [[1, 6, 5, 0], ...moves], scores: [[1, 3]], food_removed: [[6, 5]] }),
    ["eat"],
  );
  assert.deepEqual(heard(room(), { moved: [[1, 5, 6, 1], ...moves] }), []);
});

test("my death makes the death sound and nothing else", () => {
  assert.deepEqual(heard(room(), { moved: [[3, 21, 20, 1]], died: [[1, "wall", null]], scores: [[1, 3]] }), [
    "die",
  ]);
});

test("a snake whose death is credited to mine is a kill; others' deaths are not", () => {
  const mine = [1, 6, 5, 1];
  assert.deepEqual(heard(room(), { moved: [mine, [3, 21, 20, 1]], died: [[2, "snake", 1]] }), ["kill"]);
  assert.deepEqual(heard(room(), { moved: [mine, [3, 21, 20, 1]], died: [[2, "head", 1]] }), ["kill"]);
  assert.deepEqual(heard(room(), { moved: [mine], died: [[3, "snake", 2]] }), []);
  assert.deepEqual(heard(room(), { moved: [mine, [3, 21, 20, 1]], died: [[2, "wall", null]] }), []);
});

test("watching, a new life and a dead snake hear nothing", () => {
  const state = room();
  const watcher = momentOf(state, null);
  applyDelta(state, { tick: 11, moved: [[1, 6, 5, 0]], scores: [[1, 3]] });
  assert.deepEqual(soundsBetween(watcher, state, snakeOf(state, "me")), []);
  const reborn = room();
  reborn.snakes[0].alive = false;
  reborn.snakes[0].body = [];
  assert.deepEqual(
    heard(reborn, { removed: [1], spawned: [snake(4, "me", [[9, 9], [8, 9], [7, 9]])] }),
    [],
  );
});

test("the kill feed names the killer and the victim, and 'You' for this player", () => {
  const state = room();
  const delta = { tick: 11, moved: [[1, 6, 5, 1], [3, 21, 20, 1]], died: [[2, "snake", 1]] };
  applyDelta(state, delta);
  assert.deepEqual(killLines(state, delta, "me"), ["You ate them"]);
  assert.deepEqual(killLines(state, delta, "far"), ["me ate them"]);
  assert.deepEqual(killLines(state, { tick: 11, died: [[2, "wall", null]] }, "me"), []);
});

test("the kill feed keeps the last few lines for a few seconds, fading at the end", () => {
  const feed = new KillFeed();
  feed.add(["a", "b", "c", "d", "e"], 0);
  assert.equal(feed.visible(0).length, FEED_LINES);
  assert.deepEqual(feed.visible(10).map((line) => line.text), ["b", "c", "d", "e"]);
  assert.equal(feed.visible(100)[0].alpha, 1);
  assert.ok(feed.visible(FEED_MS - 100)[0].alpha < 1);
  assert.deepEqual(feed.visible(FEED_MS), []);
});
