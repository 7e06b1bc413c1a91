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
