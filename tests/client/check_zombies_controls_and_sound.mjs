// Zombies' controls and sounds under Node (zombies/js/input.js, sticks.js, sounds.js): which
// move the held keys and a stick ask for, the aim of a vector, and which frames make which
// sound.
//
//   node tests/client/check_zombies_controls_and_sound.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { test } from "node:test";

const js = (name) =>
  new URL(`../../kogame/games/zombies/static/zombies/js/${name}`, import.meta.url).href;
const { aimOf, moveOfKeys } = await import(js("input.js"));
const { stickMove } = await import(js("sticks.js"));
const { SOUNDS, soundsBetween } = await import(js("sounds.js"));
const { readFrame } = await import(js("frames.js"));

test("held keys make eight directions, and opposite keys cancel", () => {
  assert.equal(moveOfKeys([]), 0);
  assert.equal(moveOfKeys(["KeyD"]), 1);
  assert.equal(moveOfKeys(["KeyD", "KeyS"]), 2);
  assert.equal(moveOfKeys(["ArrowDown"]), 3);
  assert.equal(moveOfKeys(["KeyA", "ArrowDown"]), 4);
  assert.equal(moveOfKeys(["ArrowLeft"]), 5);
  assert.equal(moveOfKeys(["KeyA", "KeyW"]), 6);
  assert.equal(moveOfKeys(["KeyW"]), 7);
  assert.equal(moveOfKeys(["ArrowUp", "ArrowRight"]), 8);
  assert.equal(moveOfKeys(["KeyA", "KeyD"]), 0);
  assert.equal(moveOfKeys(["KeyA", "KeyD", "KeyW"]), 7);
  assert.equal(moveOfKeys(["KeyW", "ArrowUp"]), 7, "two keys for one way are one way");
  assert.equal(moveOfKeys(["Space"]), 0);
});

test("aims are binary angles: 0 east, 1024 down, clockwise on screen", () => {
  assert.equal(aimOf(1, 0), 0);
  assert.equal(aimOf(0, 1), 1024);
  assert.equal(aimOf(-1, 0), 2048);
  assert.equal(aimOf(0, -1), 3072);
  assert.equal(aimOf(1, -1), 3584);
  assert.equal(aimOf(100, -1), 4089, "just above east wraps to the top of the range");
});

test("a stick moves towards the nearest of eight directions, not within its dead zone", () => {
  assert.equal(stickMove(0, 0, 50), 0);
  assert.equal(stickMove(10, 0, 50), 0, "inside the dead zone");
  assert.equal(stickMove(40, 0, 50), 1);
  assert.equal(stickMove(30, 30, 50), 2);
  assert.equal(stickMove(5, 40, 50), 3);
  assert.equal(stickMove(-40, 30, 50), 4);
  assert.equal(stickMove(-40, -3, 50), 5);
  assert.equal(stickMove(-30, -30, 50), 6);
  assert.equal(stickMove(0, -80, 50), 7, "beyond the rim still counts");
  assert.equal(stickMove(30, -35, 50), 8);
});

/** A frame with players [id, hp, down, kills], zombies, shots, wave and phase. */
function frame({ tick = 1, wave = 1, phase = "fight", players = [], shots = [] }) {
  return readFrame({
    tick, wave, phase, left: 3, timer: 0,
    p: players.map(([id, hp, down, kills]) => [id, 0, 0, 0, hp, down, kills, 0]),
    z: [], zh: [], s: shots,
  });
}

test("every sound the frames ask for is defined, as tones", () => {
  for (const [name, tones] of Object.entries(SOUNDS)) {
    assert.ok(tones.length > 0, name);
    for (const tone of tones) assert.ok(tone.from > 0 && tone.length > 0, name);
  }
  const names = new Set(Object.keys(SOUNDS));
  for (const name of ["shot", "hit", "zombie_death", "bite", "down", "wave"]) {
    assert.ok(names.has(name), name);
  }
});

test("shots, hits and kills in view are heard", () => {
  const before = frame({ players: [["a", 100, 0, 2], ["b", 100, 0, 0]] });
  const miss = frame({ players: [["a", 100, 0, 2], ["b", 100, 0, 0]], shots: [[0, 0, 9, 9, 0]] });
  assert.deepEqual(soundsBetween(before, miss, null, null), ["shot"]);
  const kill = frame({ players: [["a", 100, 0, 3], ["b", 100, 0, 0]], shots: [[0, 0, 9, 9, 1]] });
  assert.deepEqual(soundsBetween(before, kill, null, null), ["shot", "hit", "zombie_death"]);
  const newcomer = frame({ players: [["a", 100, 0, 2], ["b", 100, 0, 0], ["c", 100, 0, 9]] });
  assert.deepEqual(soundsBetween(before, newcomer, null, null), [], "a player coming into view is no kill");
});

test("this player's bites and going down are heard; a new wave is everyone's", () => {
  const quiet = frame({});
  assert.deepEqual(soundsBetween(quiet, quiet, { hp: 100, down: false }, { hp: 90, down: false }), ["bite"]);
  assert.deepEqual(soundsBetween(quiet, quiet, { hp: 10, down: false }, { hp: 0, down: true }), ["down"]);
  assert.deepEqual(soundsBetween(quiet, quiet, { hp: 0, down: true }, { hp: 0, down: true }), []);
  assert.deepEqual(soundsBetween(quiet, quiet, { hp: 50, down: false }, { hp: 50, down: false }), []);
  const rest = frame({ phase: "break" });
  assert.deepEqual(soundsBetween(rest, frame({ wave: 2 }), null, null), ["wave"]);
  assert.deepEqual(soundsBetween(quiet, rest, null, null), []);
});
