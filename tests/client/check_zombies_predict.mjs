// Zombies' client-side movement (zombies/js/predict.js) and entity interpolation
// (zombies/js/interp.js) under Node:
// - moveBox gives the exact results of the shared table tests/client/fixtures/zombies_moves.json
//   (the rules' geometry.py is checked against the same table);
// - prediction with reconciliation ends exactly where a simulated authoritative server put the
//   player, under random latency and jitter, and corrects nothing in steady play;
// - interpolated entities are drawn between the frames around the render time, and vanish
//   once they left the view.
//
//   node tests/client/check_zombies_predict.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const js = (name) =>
  new URL(`../../kogame/games/zombies/static/zombies/js/${name}`, import.meta.url).href;
const { DIRS, Predictor, SMOOTH_MS, TILE, diagonal, moveBox, moveOf, perTick } = await import(
  js("predict.js")
);

const table = JSON.parse(readFileSync(new URL("fixtures/zombies_moves.json", import.meta.url)));

/** A small seeded generator (mulberry32): the same runs every time. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A grid from rows of "." (floor) and "#" (wall). */
function gridOf(rows) {
  return {
    width: rows[0].length,
    height: rows.length,
    solid: Uint8Array.from(rows.join(""), (ch) => (ch === "#" ? 1 : 0)),
  };
}

test("moveBox gives the shared table's exact results", () => {
  const { width, height, solid } = gridOf(table.map.rows);
  assert.ok(table.cases.length >= 20);
  for (const c of table.cases) {
    const got = moveBox(solid, width, height, c.x, c.y, c.half, c.dx, c.dy);
    assert.deepEqual(got, c.expected, c.case);
  }
});

test("speeds, directions and the diagonal rule follow the contract", () => {
  assert.equal(perTick(150, 30), 80);
  assert.equal(perTick(150, 20), 120);
  assert.equal(perTick(150, 60), 40);
  assert.equal(perTick(150, 7), 342, "floored, like Python's //");
  assert.equal(diagonal(80), 56);
  assert.deepEqual(DIRS[1], [1, 0]);
  assert.deepEqual(DIRS[2], [1, 1], "south-east: y grows downward");
  assert.deepEqual(DIRS[7], [0, -1]);
  assert.equal(moveOf(0, 0), 0);
  assert.equal(moveOf(-1, -1), 6);
  assert.equal(moveOf(1, -1), 8);
});

/** An open grid with a wall here and there, seeded. */
function randomGrid(rand, width, height, density) {
  const solid = new Uint8Array(width * height);
  for (let i = 0; i < solid.length; i++) solid[i] = rand() < density ? 1 : 0;
  return { width, height, solid };
}

function freeTileCentre(grid, rand) {
  for (;;) {
    const col = Math.floor(rand() * grid.width);
    const row = Math.floor(rand() * grid.height);
    if (!grid.solid[row * grid.width + col]) return [col * TILE + TILE / 2, row * TILE + TILE / 2];
  }
}

/**
 * One game over a simulated network, in whole ms. The client makes a command every tick for
 * `ticks` ticks (moves chosen by `chooseMove`), sends it through an ordered channel whose delay
 * `delay()` picks, and reconciles on every `you` the server sends back the same way. The
 * server is authoritative: each tick it applies the commands that arrived, one tick's move
 * each, at most `credit` a tick beyond the first if limited (the rest dropped but acked), and
 * answers with its position.
 * @returns {{client: Predictor, server: {x: number, y: number, ack: number}, outcomes: boolean[]}}
 */
function play({ grid, start, tickRate, ticks, chooseMove, delay, credit = Infinity }) {
  const tickMs = 1000 / tickRate;
  const ground = { ...grid, half: 160, step: perTick(150, tickRate) };
  const server = { x: start[0], y: start[1], ack: 0, credit: 0 };
  const client = new Predictor(ground, 0, start[0], start[1]);
  const up = []; // [arrival ms, command]
  const downLink = []; // [arrival ms, you]
  let lastUp = 0;
  let lastDown = 0;
  const outcomes = [];
  const serverMove = (move) => {
    const [sx, sy] = DIRS[move];
    const d = sx && sy ? diagonal(ground.step) : ground.step;
    [server.x, server.y] = moveBox(grid.solid, grid.width, grid.height, server.x, server.y, 160, sx * d, sy * d);
  };
  const end = (ticks + 100) * tickMs + 2000;
  for (let now = 0, clientTick = 0, serverTick = 0; now < end; now++) {
    if (now >= clientTick * tickMs && clientTick < ticks) {
      const command = client.input(chooseMove(clientTick));
      lastUp = Math.max(lastUp, now + delay()); // a WebSocket keeps the order
      up.push([lastUp, command]);
      clientTick++;
    }
    if (now >= serverTick * tickMs + 7) {
      server.credit = Math.min(server.credit + 1, credit);
      while (up.length && up[0][0] <= now) {
        const [, command] = up.shift();
        if (server.credit > 0 || credit === Infinity) {
          serverMove(command.move);
          server.credit--;
        }
        server.ack = command.seq;
      }
      lastDown = Math.max(lastDown, now + delay());
      downLink.push([lastDown, { ack: server.ack, x: server.x, y: server.y }]);
      serverTick++;
    }
    while (downLink.length && downLink[0][0] <= now) {
      const [, you] = downLink.shift();
      outcomes.push(client.reconcile(you.ack, you.x, you.y, false, now));
    }
  }
  return { client, server, outcomes };
}

/** Moves that hold a direction for a while, then change (or stop), like a player's. */
function wanderer(rand) {
  let move = 0;
  return () => {
    if (rand() < 0.08) move = Math.floor(rand() * 9);
    return move;
  };
}

for (const seed of [1, 2, 3, 4, 5]) {
  test(`prediction ends where the server put the player (latency 20-200 ms, jitter; seed ${seed})`, () => {
    const rand = random(seed);
    const grid = randomGrid(rand, 24, 14, 0.18);
    const base = 20 + rand() * 150;
    const result = play({
      grid,
      start: freeTileCentre(grid, rand),
      tickRate: [20, 30, 60][seed % 3],
      ticks: 600,
      chooseMove: wanderer(rand),
      delay: () => Math.min(200, base + rand() * 50),
    });
    assert.equal(result.client.pending.length, 0, "every command was acknowledged");
    assert.deepEqual([result.client.x, result.client.y], [result.server.x, result.server.y]);
    assert.equal(result.server.ack, 600);
  });
}

test("moves the server drops (too many at once) are corrected, and the end still agrees", () => {
  const rand = random(9);
  const grid = randomGrid(rand, 24, 14, 0.1);
  const result = play({
    grid,
    start: freeTileCentre(grid, rand),
    tickRate: 30,
    ticks: 600,
    chooseMove: wanderer(rand),
    delay: () => 20 + rand() * 180, // bursts of several commands in one server tick
    credit: 2,
  });
  assert.ok(result.client.corrections > 0, "some moves were dropped");
  assert.deepEqual([result.client.x, result.client.y], [result.server.x, result.server.y]);
});

test("steady play with constant latency corrects nothing", () => {
  const rand = random(11);
  const grid = randomGrid(rand, 200, 200, 0); // nothing to bump into in 600 ticks
  const result = play({
    grid,
    start: [100 * TILE, 100 * TILE],
    tickRate: 30,
    ticks: 600,
    chooseMove: wanderer(rand),
    delay: () => 80,
  });
  assert.ok(result.outcomes.length > 500);
  assert.ok(result.outcomes.every((moved) => !moved), "no reconciliation moved the prediction");
  assert.equal(result.client.corrections, 0);
  assert.deepEqual([result.client.x, result.client.y], [result.server.x, result.server.y]);
});

test("a downed player does not move, in prediction or replay", () => {
  const grid = gridOf(["....", "....", "...."]);
  const client = new Predictor({ ...grid, half: 160, step: 80 }, 5, 768, 768, true);
  assert.deepEqual(client.input(1), { seq: 6, move: 1 });
  assert.deepEqual([client.x, client.y], [768, 768]);
  assert.equal(client.reconcile(5, 768, 768, true), false);
  client.reconcile(6, 768, 768, false); // stood up: the next commands move again
  client.input(1);
  assert.deepEqual([client.x, client.y], [848, 768]);
});

test("a correction is eased in over about 100 ms; steady play draws the prediction", () => {
  const grid = gridOf(["........", "........", "........"]);
  const client = new Predictor({ ...grid, half: 160, step: 80 }, 0, 768, 768);
  client.input(1);
  client.draw(1, 0);
  assert.deepEqual([client.drawnX, client.drawnY], [848, 768]);
  client.draw(0.5, 0);
  assert.deepEqual([client.drawnX, client.drawnY], [808, 768], "halfway through the local tick");
  assert.equal(client.reconcile(1, 800, 768, false, 1000), true); // the server says 800
  assert.equal(client.x, 800);
  client.draw(1, 1000);
  assert.equal(client.drawnX, 848, "no visible jump when the correction arrives");
  client.draw(1, 1000 + SMOOTH_MS / 2);
  assert.equal(client.drawnX, 824);
  client.draw(1, 1000 + SMOOTH_MS);
  assert.equal(client.drawnX, 800);
});

test("acknowledged numbers from an earlier page are skipped by new commands", () => {
  const grid = gridOf(["...."]);
  const client = new Predictor({ ...grid, half: 160, step: 80 }, 0, 256, 256);
  client.reconcile(40, 256, 256);
  assert.equal(client.input(0).seq, 41);
});

const { readFrame, readYou } = await import(js("frames.js"));
const { DELAY_MS, Interpolator } = await import(js("interp.js"));

/** A wire frame (contract "Wire") with players [id, x, y] and zombies [id, x, y]. */
function wire(tick, players, zombies) {
  return {
    type: "delta", tick, wave: 1, phase: "fight", left: zombies.length, timer: 0,
    p: players.map(([id, x, y]) => [id, x, y, 0, 100, 0, 0, 0]),
    z: zombies.flatMap(([id, x, y]) => [id, x, y]),
    zh: [],
    s: [],
  };
}

test("frames are read from the wire, and malformed ones refused", () => {
  const frame = readFrame({ ...wire(7, [["ann", 40, 50]], [[3, 100, 120]]), names: { ann: "Ann" } });
  assert.equal(frame.tick, 7);
  assert.deepEqual(frame.players.get("ann"), {
    id: "ann", x: 40, y: 50, aim: 0, hp: 100, down: false, kills: 0, revive: 0,
  });
  assert.deepEqual(frame.zombies.get(3), { id: 3, x: 100, y: 120, hp: 100 }, "full health");
  const hurt = readFrame({ ...wire(7, [], [[3, 100, 120], [4, 90, 90]]), zh: [4, 50] });
  assert.deepEqual([hurt.zombies.get(3).hp, hurt.zombies.get(4).hp], [100, 50]);
  assert.deepEqual(frame.names, { ann: "Ann" });
  assert.equal(readFrame({ ...wire(7, [], []), z: [1, 2, 3, 4] }), null, "z comes in threes");
  assert.equal(readFrame({ ...wire(7, [], []), zh: [1] }), null, "zh comes in twos");
  assert.equal(readFrame({ ...wire(7, [], []), phase: "lunch" }), null);
  assert.equal(readFrame({ ...wire(7, [["ann", 1.5, 2]], []) }), null, "positions are ints");
  assert.deepEqual(readYou({ you: { ack: 3, x: 10, y: 20, hp: 90, down: 0, cd: 2 } }), {
    ack: 3, x: 10, y: 20, hp: 90, down: false, cd: 2,
  });
  assert.equal(readYou({}), null, "watchers get no `you`");
});

const TICK_MS = 50;

/** An interpolator fed frames `ticks` apart, arriving on time (tick × TICK_MS + 1000). */
function fed(frames) {
  const interp = new Interpolator(TICK_MS);
  for (const f of frames) interp.push(readFrame(f), f.tick * TICK_MS + 1000);
  return interp;
}

/** `now` at which the render time is `tick` (fractional) for `fed` interpolators. */
const nowAt = (tick) => tick * TICK_MS + 1000 + DELAY_MS;

test("entities are drawn between the two frames around the render time", () => {
  const rand = random(21);
  const frames = [];
  let zx = 300;
  for (let tick = 100; tick < 140; tick++) {
    zx += Math.floor(rand() * 20) - 10;
    frames.push(wire(tick, [["ann", tick * 3, 50]], [[1, zx, 200]]));
  }
  const interp = fed(frames);
  for (let n = 0; n < 500; n++) {
    const at = 100 + rand() * 38.99;
    interp.sample(nowAt(at));
    const a = frames[Math.floor(at) - 100];
    const b = frames[Math.floor(at) - 99];
    assert.equal(interp.zombieCount, 1);
    const x = interp.zombies[0].x;
    assert.ok(Math.min(a.z[1], b.z[1]) <= x && x <= Math.max(a.z[1], b.z[1]), `x ${x} at ${at}`);
    assert.ok(interp.players[0].x >= a.p[0][1] && interp.players[0].x <= b.p[0][1]);
  }
  interp.sample(nowAt(120.5));
  assert.equal(interp.players[0].x, 361.5, "halfway from 360 to 363");
  assert.equal(interp.seen, 121);
  interp.sample(nowAt(120.25));
  assert.equal(interp.seen, 120);
});

test("an entity that left the view disappears; one that came appears", () => {
  const interp = fed([
    wire(10, [], [[1, 100, 100], [2, 300, 300]]),
    wire(11, [], [[1, 110, 100], [3, 500, 500]]),
    wire(12, [], [[1, 120, 100], [3, 510, 500]]),
  ]);
  const ids = () => interp.zombies.slice(0, interp.zombieCount).map((z) => z.id).sort();
  interp.sample(nowAt(10.5));
  assert.deepEqual(ids(), [1, 2], "the world at tick 10 and a half is tick 10's");
  assert.equal(interp.zombies.find((z) => z.id === 2).x, 300, "leaving: held where last seen");
  interp.sample(nowAt(11.2));
  assert.deepEqual(ids(), [1, 3]);
});

test("when frames stop, motion goes on for at most one tick, then holds", () => {
  const interp = fed([wire(10, [], [[1, 100, 100]]), wire(11, [], [[1, 110, 100]])]);
  interp.sample(nowAt(11.5));
  assert.equal(interp.zombies[0].x, 115);
  interp.sample(nowAt(14));
  assert.equal(interp.zombies[0].x, 120);
  interp.sample(nowAt(5));
  assert.equal(interp.zombies[0].x, 100, "before the oldest frame: held there");
});

test("late frames (jitter) do not move the clock; an earlier one does", () => {
  const interp = new Interpolator(TICK_MS);
  interp.push(readFrame(wire(10, [], [])), 10 * TICK_MS + 1000);
  interp.push(readFrame(wire(11, [], [])), 11 * TICK_MS + 1000 + 80); // delayed by the network
  assert.ok(Math.abs(interp.offset - 1000) < 2);
  interp.push(readFrame(wire(12, [], [])), 12 * TICK_MS + 990);
  assert.equal(interp.offset, 990);
  interp.push(readFrame(wire(12, [], [])), 12 * TICK_MS + 990);
  assert.equal(interp.frames.length, 3, "a frame not newer than the latest is ignored");
});

test("a frame older than the newest held (a room restarted from a save) starts again", () => {
  const interp = new Interpolator(TICK_MS);
  for (const tick of [10, 11, 12]) interp.push(readFrame(wire(tick, [], [])), tick * TICK_MS + 1000);
  // Two ticks back, arriving on time: the clock alone would not notice.
  interp.push(readFrame(wire(10, [], [])), 13 * TICK_MS + 1000);
  assert.deepEqual(interp.frames.map((f) => f.tick), [10]);
  assert.equal(interp.offset, 3 * TICK_MS + 1000);
});
