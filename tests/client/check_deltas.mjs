// Replays recorded server frames through the real client state module and checks that a
// client applying deltas holds exactly what a fresh snapshot shows.
//
//   node tests/client/check_deltas.mjs FILE.json
//
// FILE holds {"frames": [msg, ...]} in the order a client receives them: a snapshot first, then
// deltas, with later snapshots interleaved as expectations. Later snapshots are compared, not
// applied. Frames of other types (welcome, pong, ...) are skipped. Exit 0 when every expectation
// matches; exit 1 with the first difference otherwise, or when there is nothing to compare.

import { readFileSync } from "node:fs";

const stateModule = new URL("../../kogame/games/snek/static/snek/js/state.js", import.meta.url);
const { applySnapshot, applyDelta, toPlain } = await import(stateModule.href);

/** Where `actual` first differs from `expected`, as "path: expected X, got Y", or null. */
function firstDifference(expected, actual, path = "$") {
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return describe(path, expected, actual);
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      if (i >= expected.length || i >= actual.length) {
        return `${path}: expected ${expected.length} items, got ${actual.length}`;
      }
      const diff = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (diff) return diff;
    }
    return null;
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const diff = firstDifference(expected[key], actual[key], `${path}.${key}`);
      if (diff) return diff;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : describe(path, expected, actual);
}

function isObject(value) {
  return typeof value === "object" && value !== null;
}

function describe(path, expected, actual) {
  return `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** Replays `frames`; returns the counts, or throws an Error saying what went wrong. */
function check(frames) {
  let state = null;
  let snapshots = 0;
  let deltas = 0;
  for (const [index, frame] of frames.entries()) {
    const where = `frame ${index} (${frame.type} for tick ${frame.tick})`;
    if (frame.type === "snapshot" && state === null) {
      state = applySnapshot(frame);
    } else if (frame.type === "snapshot") {
      const diff = firstDifference(toPlain(applySnapshot(frame)), toPlain(state));
      if (diff) throw new Error(`${where}: state differs from the snapshot at ${diff}`);
      snapshots++;
    } else if (frame.type === "delta") {
      if (state === null) throw new Error(`${where}: delta before the first snapshot`);
      const result = applyDelta(state, frame);
      if (!result.ok) throw new Error(`${where}: delta did not apply (${result.reason})`);
      if (result.applied) deltas++;
    }
  }
  if (snapshots === 0) throw new Error("no snapshot to compare against after the first one");
  return { snapshots, deltas };
}

function main(argv) {
  if (argv.length !== 1) {
    console.error("usage: node tests/client/check_deltas.mjs FILE.json");
    return 2;
  }
  try {
    const { frames } = JSON.parse(readFileSync(argv[0], "utf8"));
    if (!Array.isArray(frames)) throw new Error('the file has no "frames" list');
    const { snapshots, deltas } = check(frames);
    console.log(`checked ${snapshots} snapshots over ${deltas} deltas`);
    return 0;
  } catch (error) {
    console.error(`FAIL: ${error.message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
