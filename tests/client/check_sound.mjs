// The page's sound switch and scheduling (play/js/sound.js) under Node, with a pretend audio
// context that records what would have played.
//
//   node tests/client/check_sound.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { test } from "node:test";

const { SoundBoard, MUTE_KEY } = await import(
  new URL("../../kogame/play/static/play/js/sound.js", import.meta.url).href
);

function memoryStorage(initial = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    items,
  };
}

/** Records oscillators started; `state` says whether the browser lets it run. */
function fakeContext(state = "running") {
  const param = () => ({ value: 0, setValueAtTime() {}, exponentialRampToValueAtTime() {} });
  const context = {
    state,
    currentTime: 10,
    destination: {},
    started: [],
    resumed: 0,
    resume() {
      this.resumed += 1;
      this.state = "running";
    },
    createGain: () => ({ gain: param(), connect() {} }),
    createOscillator: () => ({
      type: "",
      frequency: param(),
      connect() {},
      start(at) {
        context.started.push({ type: this.type, at });
      },
      stop() {},
    }),
  };
  return context;
}

const BEEP = { beep: [{ from: 440, length: 0.1 }, { wave: "square", from: 880, at: 0.05, length: 0.1 }] };

test("nothing plays before the first user gesture, and the context is made only then", () => {
  let made = 0;
  const context = fakeContext();
  const board = new SoundBoard({ storage: memoryStorage(), createContext: () => (made++, context) });
  board.define(BEEP);
  assert.equal(board.play("beep"), false);
  assert.equal(made, 0, "no audio context before a gesture");
  board.unlock();
  board.unlock();
  assert.equal(made, 1, "one context for the page");
  assert.equal(board.play("beep"), true);
  assert.deepEqual(context.started, [{ type: "sine", at: 10 }, { type: "square", at: 10.05 }]);
});

test("a suspended context is resumed by the gesture", () => {
  const context = fakeContext("suspended");
  const board = new SoundBoard({ storage: memoryStorage(), createContext: () => context });
  board.define(BEEP);
  board.unlock();
  assert.equal(context.resumed, 1);
  assert.equal(board.play("beep"), true);
});

test("muting is remembered in storage and silences every sound", () => {
  const storage = memoryStorage();
  const context = fakeContext();
  const board = new SoundBoard({ storage, createContext: () => context });
  board.define(BEEP);
  board.unlock();
  assert.equal(board.muted, false, "sound is on by default");
  board.setMuted(true);
  assert.equal(storage.items.get(MUTE_KEY), "true");
  assert.equal(board.play("beep"), false);
  assert.equal(context.started.length, 0);
  const again = new SoundBoard({ storage, createContext: () => fakeContext() });
  assert.equal(again.muted, true, "a new page reads the switch back");
  again.setMuted(false);
  assert.equal(new SoundBoard({ storage, createContext: null }).muted, false);
});

test("unknown names, no Web Audio and unusable storage are all quiet, never errors", () => {
  const context = fakeContext();
  const board = new SoundBoard({ storage: memoryStorage(), createContext: () => context });
  board.define(BEEP);
  board.unlock();
  assert.equal(board.play("fanfare"), false);
  const none = new SoundBoard({ storage: null, createContext: null });
  assert.equal(none.available, false);
  none.unlock();
  none.setMuted(true);
  assert.equal(none.play("beep"), false);
  const broken = {
    getItem() {
      throw new Error("denied");
    },
    setItem() {
      throw new Error("denied");
    },
  };
  const refused = new SoundBoard({
    storage: broken,
    createContext: () => {
      throw new Error("not allowed");
    },
  });
  assert.equal(refused.muted, false);
  refused.setMuted(true);
  refused.unlock();
  assert.equal(refused.available, false, "a context the browser refused is not asked for again");
});
