// Snek's death card and first-life hint (snek/js/card.js) under Node, with the state they read
// built by state.js from protocol messages: the rows of the card, ranks, the hint's fading,
// and the held snake's countdown.
//
//   node tests/client/check_snek_card.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { test } from "node:test";

const js = (name) => new URL(`../../kogame/games/snek/static/snek/js/${name}`, import.meta.url).href;
const { HINT_FADE_MS, cardRows, hintAlpha, holdSecondsLeft, lifeAtDeath, ordinal } = await import(
  js("card.js")
);
const { applyDelta, applySnapshot } = await import(js("state.js"));

const snake = (id, player, name, score, body, extra = {}) => ({
  id, player, name, colour: "#fff", body, alive: true, score, bot: false, held_until: null,
  ...extra,
});

/** Ada (id 3) spawns at tick 11 (held until 41), goes at 12, and dies into Bex at tick 51. */
function adaKilledByBex() {
  const state = applySnapshot({
    tick: 10,
    snakes: [
      snake(1, "bex", "Bex", 9, [[5, 5], [5, 6], [5, 7]]),
      snake(2, "bot:1", "Bot Rex", 4, [[9, 1], [9, 2], [9, 3]], { bot: true }),
    ],
    food: [],
  });
  const ada = snake(3, "ada", "Ada", 0, [[2, 2], [1, 2], [0, 2]], { held_until: 41 });
  assert.ok(applyDelta(state, { tick: 11, spawned: [ada] }).ok);
  assert.equal(state.snakes[2].heldUntil, 41);
  assert.ok(applyDelta(state, { tick: 12, released: [3], moved: [[3, 3, 2, 1]] }).ok);
  assert.equal(state.snakes[2].heldUntil, null);
  for (let tick = 13; tick <= 50; tick++) assert.ok(applyDelta(state, { tick }).ok);
  assert.ok(applyDelta(state, { tick: 51, scores: [[3, 4]] }).ok);
  assert.ok(applyDelta(state, { tick: 52, died: [[3, "snake", 1]] }).ok);
  return state;
}

test("ordinals read as English", () => {
  const read = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal);
  assert.deepEqual(read, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd",
    "23rd", "101st", "111th", "112th"]);
});

test("a life at death: its length, time, rank among everyone listed, and its killer", () => {
  const state = adaKilledByBex();
  const life = lifeAtDeath(state, state.snakes[2]);
  assert.deepEqual(life, {
    id: 3, score: 4, length: 3, ticks: 41, rank: 2, of: 3,
    killer: { id: 1, name: "Bex", player: "bex" },
  });
});

test("shared scores share a rank, and a death by nobody has no killer", () => {
  const state = applySnapshot({
    tick: 5,
    snakes: [snake(1, "a", "A", 2, [[1, 1], [1, 2]]), snake(2, "b", "B", 2, [[5, 1], [5, 2]])],
    food: [],
  });
  applyDelta(state, { tick: 6, died: [[2, "wall", null]] });
  const life = lifeAtDeath(state, state.snakes[1]);
  assert.equal(life.rank, 1);
  assert.equal(life.killer, null);
  assert.equal(life.ticks, null, "seen only in a snapshot: its birth is unknown");
});

test("the card's rows: length, time alive, rank, killer, and the best today", () => {
  const state = adaKilledByBex();
  const life = lifeAtDeath(state, state.snakes[2]);
  const room = { tickRate: 10, turns: false, best: 7, previousBest: 7 };
  assert.deepEqual(cardRows(life, room), [
    ["Length", "3"],
    ["Time alive", "4.1 s"],
    ["Rank", "2nd of 3"],
    ["Killed by", "Bex"],
    ["Best today", "7"],
  ]);
  const turns = cardRows(life, { ...room, turns: true });
  assert.deepEqual(turns[1], ["Time alive", "41 turns"]);
  const record = cardRows(life, { ...room, best: 4, previousBest: 2 });
  assert.deepEqual(record.at(-1), ["Best today", "4 (new!)"]);
  const first = cardRows(life, { ...room, best: 4, previousBest: null });
  assert.deepEqual(first.at(-1), ["Best today", "4 (new!)"], "the first life of the day");
  const none = cardRows({ ...life, killer: null, ticks: null }, { ...room, best: null });
  assert.deepEqual(none.map(([label]) => label), ["Length", "Rank"]);
  const long = cardRows({ ...life, ticks: 1234 }, room);
  assert.deepEqual(long[1], ["Time alive", "123 s"]);
});

test("the hint shows in the first life, and fades once the player turned", () => {
  assert.equal(hintAlpha({ firstLife: false, turnedAt: null, now: 0 }), 0);
  assert.equal(hintAlpha({ firstLife: true, turnedAt: null, now: 5000 }), 1);
  assert.equal(hintAlpha({ firstLife: true, turnedAt: 1000, now: 1000 }), 1);
  assert.equal(hintAlpha({ firstLife: true, turnedAt: 1000, now: 1000 + HINT_FADE_MS / 2 }), 0.5);
  assert.equal(hintAlpha({ firstLife: true, turnedAt: 1000, now: 1000 + HINT_FADE_MS }), 0);
});

test("a held snake's countdown: whole seconds left, never under one while held", () => {
  assert.equal(holdSecondsLeft(41, 11, 0, 10), 3);
  assert.equal(holdSecondsLeft(41, 21, 0.5, 10), 2);
  assert.equal(holdSecondsLeft(41, 31, 0, 10), 1);
  assert.equal(holdSecondsLeft(41, 40, 1, 10), 1);
});
