// Zombies' game module (zombies/js/game.js) behind the shell's interface, under Node with a
// stand-in canvas: which frames it takes, refuses or skips, the `act` commands its local clock
// sends and when, and what the death card and the scoreboard say.
//
//   node tests/client/check_zombies_game.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { test } from "node:test";

/** Outlines drawn (strokeRect's x, y, w, h) and words written (fillText's text): the calls
 * worth checking here. */
const outlines = [];
const words = [];
/** A 2D context that accepts every call and setting and draws nothing. */
const context = new Proxy({}, {
  get: (target, key) =>
    key in target ? target[key]
      : key === "measureText" ? () => ({ width: 0 })
        : key === "strokeRect" ? (...rect) => outlines.push(rect)
          : key === "fillText" ? (text) => words.push(text)
            : () => {},
  set: (target, key, value) => ((target[key] = value), true),
});
const canvas = () => ({ width: 896, height: 512, getContext: () => context });
globalThis.document = { createElement: canvas };
globalThis.ResizeObserver = class {
  observe() {}
};
globalThis.Image = class {
  addEventListener() {}
};

const js = (name) =>
  new URL(`../../kogame/games/zombies/static/zombies/js/${name}`, import.meta.url).href;
const { createGame } = await import(js("game.js"));

const TICK_RATE = 20;
const W = 10;
const H = 6;
const walls = Array.from({ length: W * H }, (_, i) => (i % W === 0 || i % W === W - 1 ? 5 : 0));
const WELCOME = {
  type: "welcome", tick_rate: TICK_RATE, sub: 16, speed: 150, player_half: 160, view: [32, 18], region: 2,
  map: { name: "t", width: W, height: H, tile: 32, floor: walls.map(() => 1), walls, tileset: "", columns: 8 },
};

function frame(tick, { you = { ack: 0, x: 2560, y: 1280, hp: 100, down: 0, cd: 0 }, ...rest } = {}) {
  return {
    tick, wave: 2, phase: "fight", left: 5, timer: 0,
    p: [["me", 160, 80, 0, you?.hp ?? 100, you?.down ?? 0, 4, 0], ["bot:1", 100, 100, 0, 100, 0, 7, 0]],
    z: [1, 200, 90], zh: [1, 60], s: [],
    ...(you ? { you } : {}),
    ...rest,
  };
}

const NAMES = { me: "Me", "bot:1": "Bot Ann" };
const BOARD = [["me", 4, 1, 0], ["bot:1", 7, 1, 0]];

function newGame({ playing = true, first = frame(100, playing ? {} : { you: null }) } = {}) {
  const sent = [];
  const heard = [];
  const game = createGame({
    canvas: canvas(),
    send: (msg) => (sent.push(msg), true),
    me: () => "me",
    playing: () => playing,
    sound: (name) => heard.push(name),
  });
  game.welcome(WELCOME);
  // A watcher's frames never carry `you` (a player's snapshot here does, to start predicting).
  game.applySnapshot({ type: "snapshot", ...first, names: NAMES, board: BOARD });
  return { game, sent, heard };
}

test("deltas: new ones apply, old ones are skipped, malformed ones are refused", () => {
  const { game } = newGame();
  assert.deepEqual(game.applyDelta({ type: "delta", ...frame(101) }), { ok: true, applied: true });
  assert.deepEqual(game.applyDelta({ type: "delta", ...frame(101) }), { ok: true, applied: false });
  assert.deepEqual(game.applyDelta({ type: "delta", ...frame(99) }), { ok: true, applied: false });
  assert.deepEqual(game.applyDelta({ type: "delta", ...frame(102), z: [1, 2, 3, 4] }), { ok: false, applied: false });
  assert.equal(game.hooks.state().tick, 101);
  assert.deepEqual(game.applyDelta({ type: "delta", ...frame(105, { z: [] }) }), { ok: true, applied: true });
  assert.equal(game.hooks.state().zombies.length, 0, "a frame is the whole area: zombies gone from it are gone");
});

test("one act a local tick while standing, moving the prediction at once", () => {
  const { game, sent } = newGame();
  game.keydown({ code: "KeyD", preventDefault() {} });
  for (let now = 1000; now <= 1000 + 10 * 50; now += 16) game.render(1, now);
  assert.ok(sent.length >= 9 && sent.length <= 11, `${sent.length} commands in half a second`);
  sent.forEach((msg, i) => {
    assert.deepEqual(Object.keys(msg).sort(), ["aim", "fire", "move", "seen", "seq", "type"]);
    assert.equal(msg.type, "act");
    assert.equal(msg.seq, i + 1);
    assert.equal(msg.move, 1);
    assert.equal(msg.fire, false);
    assert.equal(msg.seen, 100);
  });
  const me = game.hooks.state().me;
  assert.equal(me.predicted.x, 2560 + sent.length * 120, "150 px/s at 20 Hz is 120 units a tick");
  assert.equal(me.pending, sent.length);
});

test("a snapshot (the area's, never with `you`) keeps the prediction and its commands in flight", () => {
  const { game, sent } = newGame();
  game.keydown({ code: "KeyD", preventDefault() {} });
  for (let now = 1000; now <= 1000 + 5 * 50; now += 16) game.render(1, now);
  const before = game.hooks.state().me;
  assert.ok(before.pending > 0);
  // A resync, or the new area's snapshot after crossing into it: shared, so no `you`.
  game.applySnapshot({ type: "snapshot", ...frame(103, { you: null }), names: NAMES, board: BOARD });
  const after = game.hooks.state().me;
  assert.notEqual(after, null, "still predicting");
  assert.deepEqual(after.predicted, before.predicted);
  assert.equal(after.pending, before.pending);
  // The next delta's `you` reconciles as usual; one without it (no longer playing) ends it.
  const acked = sent[0].seq;
  game.applyDelta({ type: "delta", ...frame(104, { you: { ack: acked, x: 2680, y: 1280, hp: 100, down: 0, cd: 0 } }) });
  assert.equal(game.hooks.state().me.pending, before.pending - 1);
  game.applyDelta({ type: "delta", ...frame(105, { you: null }) });
  assert.equal(game.hooks.state().me, null);
});

test("the world drawn goes on through a newer snapshot, and starts again at an older one", () => {
  const { game } = newGame();
  for (const tick of [101, 102, 103]) game.applyDelta({ type: "delta", ...frame(tick) });
  game.render(1, performance.now());
  const drawn = game.hooks.state().seen;
  assert.ok(drawn < 103, `drawn 100 ms behind the newest frame, at ${drawn}`);
  // The new area's snapshot after crossing into it: the frames held still count.
  game.applySnapshot({ type: "snapshot", ...frame(104), names: NAMES, board: BOARD });
  game.render(1, performance.now());
  assert.ok(game.hooks.state().seen <= drawn + 1, "no jump to the snapshot's tick");
  // A room restarted elsewhere from an older save: its ticks go back, the clock starts again.
  game.applySnapshot({ type: "snapshot", ...frame(50), names: NAMES, board: BOARD });
  game.render(1, performance.now());
  assert.equal(game.hooks.state().seen, 50);
});

test("nothing is sent by watchers, nor for a downed player, and the card comes at the game's end", () => {
  const watcher = newGame({ playing: false });
  for (let now = 0; now < 500; now += 16) watcher.game.render(1, now);
  assert.equal(watcher.sent.length, 0);
  assert.equal(watcher.game.life(), null);

  const { game, sent, heard } = newGame();
  game.applyDelta({ type: "delta", ...frame(101, { you: { ack: 0, x: 2560, y: 1280, hp: 0, down: 1, cd: 0 } }) });
  assert.deepEqual(heard, ["down"]);
  for (let now = 0; now < 500; now += 16) game.render(1, now);
  assert.equal(sent.length, 0);
  assert.equal(game.life(), "alive", "down, the player still watches the board");

  game.applyDelta({ type: "delta", ...frame(102, { phase: "over", timer: 3 * TICK_RATE - 1, you: { ack: 0, x: 2560, y: 1280, hp: 0, down: 1, cd: 0 } }) });
  assert.equal(game.life(), "dead");
  const card = game.deathCard();
  assert.deepEqual(card.cause, "Overrun on wave 2");
  assert.equal(card.waitSeconds, 3);
  assert.equal(card.score, 4 + 10 * 1, "kills + 10 × waves survived, from the board");
});

test("someone who joins as a game is lost gets no card for it, and plays in the next one", () => {
  const { game } = newGame({ first: frame(100, { you: null }) }); // watching the last stand
  game.applyDelta({ type: "delta", ...frame(101, { phase: "over", timer: 40 }) }); // joined
  assert.equal(game.life(), null, "no card: this player was not in the game that was lost");
  game.applyDelta({ type: "delta", ...frame(102, { phase: "break", timer: 100 }) });
  assert.equal(game.life(), "alive");
  const down = { ack: 0, x: 2560, y: 1280, hp: 0, down: 1, cd: 0 }; // everyone is, when a game is lost
  game.applyDelta({ type: "delta", ...frame(103, { phase: "over", timer: 40, you: down }) });
  assert.equal(game.life(), "dead", "this game was theirs: the card comes");
});

test("a break in an empty room says it waits for players, not a countdown stuck at 1 s", () => {
  const empty = { phase: "break", wave: 0, timer: 1, p: [], you: null };
  const { game } = newGame({ playing: false, first: frame(100, empty) });
  game.applyDelta({ type: "delta", ...frame(101, empty), board: [] });
  words.length = 0;
  game.render(1, 0);
  assert.ok(words.includes("Waiting for someone to play"), words.join(" | "));
  assert.ok(!words.some((text) => text.startsWith("Break:")));
  game.applyDelta({ type: "delta", ...frame(102, { ...empty, timer: 40 }), board: BOARD });
  words.length = 0;
  game.render(1, 0);
  assert.ok(words.includes("Break: next wave in 2 s"), words.join(" | "));
});

test("the scoreboard lists everyone in the game, best first, with kills and waves", () => {
  const { game } = newGame();
  assert.deepEqual(
    game.scores().map((row) => [row.player, row.name, row.bot, row.cells]),
    [["bot:1", "Bot Ann", true, [7, 1]], ["me", "Me", false, [4, 1]]],
  );
  assert.notEqual(game.colourOf("me"), game.colourOf("bot:1"));
  assert.equal(game.colourOf("nobody"), null);
});

test("the scoreboard follows the server's board: changes, and players who left", () => {
  const { game } = newGame();
  game.applyDelta({ type: "delta", ...frame(101), board: [["me", 9, 2, 1]] });
  assert.deepEqual(game.scores().map((row) => [row.player, row.cells, row.dead]), [["me", [9, 2], true]]);
  game.applyDelta({ type: "delta", ...frame(102) });
  assert.equal(game.scores().length, 1, "a delta without a board changes nothing on it");
  game.applyDelta({ type: "delta", ...frame(103), board: "nonsense" });
  assert.equal(game.scores().length, 1, "a malformed board is refused with its frame");
});

test("a watcher follows each player in turn with F, then the whole map again", () => {
  const { game, sent } = newGame({ playing: false });
  game.applySnapshot({ type: "snapshot", ...frame(120, { you: null }), names: NAMES, board: BOARD });
  const press = () => game.keydown({ code: "KeyF", preventDefault() {} });
  assert.equal(press(), true);
  assert.equal(press(), true);
  assert.equal(press(), true);
  assert.deepEqual(sent.map((m) => [m.type, m.player]), [
    ["follow", "bot:1"],
    ["follow", "me"],
    ["follow", null],
  ]);
  assert.equal(game.hooks.followed, null);
});

test("on a map smaller than the view, the minimap's view outline stays on the minimap", () => {
  const { game } = newGame();
  outlines.length = 0;
  for (let now = 1000; now < 1200; now += 16) game.render(1, now);
  assert.ok(outlines.length > 0, "the view is outlined");
  // The stand-in canvas is 896x512 CSS px; the minimap sits 8 px from the top right corner,
  // at most 22% of the width and 30% of the height, the map's shape (10x6 tiles here).
  const px = Math.min((896 * 0.22) / W, (512 * 0.3) / H);
  const [left, top, right, bottom] = [896 - 8 - W * px, 8, 896 - 8, 8 + H * px];
  for (const [x, y, w, h] of outlines) {
    assert.ok(x >= left - 1e-6 && y >= top - 1e-6, `${[x, y]} inside`);
    assert.ok(x + w <= right + 1e-6 && y + h <= bottom + 1e-6, `${[x + w, y + h]} inside`);
  }
});
