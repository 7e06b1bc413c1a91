// The browser's connection module (net.js) under Node: when a connection counts as stalled,
// and what the Connection does about it, with a fake WebSocket and a clock moved by hand.
//
//   node tests/client/check_connection.mjs
//
// Exits 0 when every test passes (node:test reports each one).

import assert from "node:assert/strict";
import { test } from "node:test";

/** setTimeout, setInterval and performance.now() on a clock that moves only when told. */
class FakeTime {
  constructor() {
    this.now = 0;
    this.timers = new Map();
    this.nextId = 1;
  }

  install() {
    globalThis.setTimeout = (fn, ms = 0) => this.add(fn, ms, 0);
    globalThis.setInterval = (fn, ms = 0) => this.add(fn, ms, Math.max(1, ms));
    globalThis.clearTimeout = (id) => this.timers.delete(id);
    globalThis.clearInterval = (id) => this.timers.delete(id);
    Object.defineProperty(globalThis, "performance", {
      value: { now: () => this.now },
      configurable: true,
      writable: true,
    });
  }

  add(fn, ms, every) {
    const id = this.nextId++;
    this.timers.set(id, { fn, due: this.now + Math.max(0, ms), every });
    return id;
  }

  /** Run every timer due within the next `ms`, in order, with the clock at its time. */
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      let next = null;
      for (const [id, timer] of this.timers) {
        if (timer.due <= end && (next === null || timer.due < next[1].due)) next = [id, timer];
      }
      if (next === null) break;
      const [id, timer] = next;
      this.now = timer.due;
      if (timer.every) timer.due += timer.every;
      else this.timers.delete(id);
      timer.fn();
    }
    this.now = end;
  }
}

/** A WebSocket that delivers only what the test says, and never reports its own close (as a
 * socket on a cut network does not). */
class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  /** @type {FakeSocket[]} */
  static made = [];

  constructor(url) {
    this.url = url;
    this.readyState = FakeSocket.CONNECTING;
    this.sent = [];
    this.listeners = new Map();
    this.closeAsked = false;
    FakeSocket.made.push(this);
  }

  addEventListener(type, fn) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }

  send(data) {
    this.sent.push(JSON.parse(data));
  }

  close() {
    this.closeAsked = true;
    this.readyState = FakeSocket.CLOSING;
  }

  /** The server accepts the connection and welcomes us. */
  welcome(fields = {}) {
    this.readyState = FakeSocket.OPEN;
    this.receive({ type: "welcome", player: "p1", tick_rate: 10, playing: false, ...fields });
  }

  receive(msg) {
    for (const fn of this.listeners.get("message") ?? []) fn({ data: JSON.stringify(msg) });
  }

  pings() {
    return this.sent.filter((msg) => msg.type === "ping");
  }
}

const time = new FakeTime();
time.install();
globalThis.WebSocket = FakeSocket;
const { Connection, isStalled, stallLimitMs } = await import(
  new URL("../../kogame/play/static/play/js/net.js", import.meta.url).href
);

/** A connection, opened, with handlers that accept every frame unless `handlers` say else. */
function connection(handlers = {}) {
  time.timers.clear(); // whatever an earlier test left running
  FakeSocket.made = [];
  const statuses = [];
  const conn = new Connection("ws://test/ws/play/snek/main/", {
    onStatus: (status) => statuses.push({ ...status }),
    onSnapshot: () => {},
    onDelta: () => true,
    onMessage: () => {},
    ...handlers,
  });
  conn.connect();
  return { conn, statuses, socket: FakeSocket.made[0] };
}

/** `ms` of a room's frames arriving every tick (10 a second). */
function frames(socket, ms) {
  for (let t = 0; t < ms; t += 100) {
    time.advance(100);
    socket.receive({ type: "delta", tick: 1 });
  }
}

test("silence longer than max(2 s, 4 ticks) is a stall, before the welcome 10 s", () => {
  assert.equal(stallLimitMs(10), 2000);
  assert.equal(stallLimitMs(30), 2000);
  assert.equal(stallLimitMs(1), 4000, "a slow game waits four of its ticks");
  assert.equal(stallLimitMs(null), 10000);
  assert.equal(isStalled(1000, 3000, 10), false);
  assert.equal(isStalled(1000, 3001, 10), true);
  assert.equal(isStalled(1000, 4000, 1), false);
  assert.equal(isStalled(1000, 11000, null), false);
  assert.equal(isStalled(1000, 11001, null), true);
});

test("a stalled connection says so at once, is abandoned, and a new one takes over", () => {
  const { conn, statuses, socket } = connection();
  socket.welcome({ playing: true });
  frames(socket, 5000);
  assert.equal(conn.status.phase, "connected");
  time.advance(2000); // the network stops delivering; nothing closes
  assert.equal(conn.status.phase, "connected");
  time.advance(250);
  assert.deepEqual(
    [conn.status.phase, conn.status.lost],
    ["reconnecting", true],
    JSON.stringify(statuses.at(-1)),
  );
  assert.ok(socket.closeAsked, "the stalled socket is given up");
  time.advance(500); // the first retry comes within 0.5 s
  assert.equal(FakeSocket.made.length, 2);
  assert.deepEqual([conn.status.phase, conn.status.lost], ["connecting", true]);
  FakeSocket.made[1].welcome({ playing: true });
  assert.deepEqual([conn.status.phase, conn.status.lost], ["connected", false]);
  assert.equal(conn.playing, true);
  assert.ok(!FakeSocket.made[1].sent.some((msg) => msg.type === "join"), "the snake came back");
  conn.clearTimers();
});

test("a room that pauses while the server still answers pings is not a stall", () => {
  const { conn, socket } = connection();
  socket.welcome();
  frames(socket, 1000);
  // No frames for 10 s (the room moves to another server); pongs come back with some jitter.
  let answered = 0;
  const rtt = (n) => (n % 2 ? 330 : 30);
  for (let t = 0; t < 10000; t += 10) {
    time.advance(10);
    const pings = socket.pings();
    while (answered < pings.length && time.now >= pings[answered].t + rtt(answered)) {
      socket.receive({ type: "pong", t: pings[answered].t });
      answered++;
    }
    assert.equal(conn.status.phase, "connected", `at ${t} ms`);
  }
  assert.equal(FakeSocket.made.length, 1);
  conn.clearTimers();
});

test("a connection that never opens is given up after the opening limit", () => {
  const { conn, socket } = connection();
  time.advance(10000);
  assert.equal(conn.status.phase, "connecting");
  time.advance(250);
  assert.deepEqual([conn.status.phase, conn.status.lost], ["reconnecting", true]);
  assert.ok(socket.closeAsked);
  conn.clearTimers();
});

test("a close the server sends is final or retried as before, and a final one is not 'lost'", () => {
  const { conn, socket } = connection();
  socket.welcome();
  for (const fn of socket.listeners.get("close")) fn({ code: 4004 });
  assert.deepEqual([conn.status.phase, conn.status.lost], ["closed", false]);
  time.advance(20000);
  assert.equal(FakeSocket.made.length, 1, "no retry, no stall watch");
});

test("a delta that does not fit asks for a sync, and the game gets deltas after the snapshot", () => {
  const given = [];
  const { conn, socket } = connection({
    onSnapshot: (msg) => given.push(["snapshot", msg.tick, msg.you]),
    onDelta: (msg) => given.push(["delta", msg.tick, msg.you]) && msg.tick !== 3,
  });
  socket.welcome();
  socket.receive({ type: "delta", tick: 1 }); // before any snapshot
  socket.receive({ type: "snapshot", tick: 1 });
  socket.receive({ type: "delta", tick: 2, you: { applied: 7 } });
  socket.receive({ type: "delta", tick: 3 }); // the game says it does not fit
  socket.receive({ type: "delta", tick: 4 }); // while the sync is outstanding
  assert.equal(socket.sent.filter((msg) => msg.type === "sync").length, 1);
  socket.receive({ type: "snapshot", tick: 4, you: { applied: 8 } });
  socket.receive({ type: "delta", tick: 5 });
  assert.deepEqual(given, [
    ["snapshot", 1, undefined],
    ["delta", 2, { applied: 7 }],
    ["delta", 3, undefined],
    ["snapshot", 4, { applied: 8 }],
    ["delta", 5, undefined],
  ]);
  conn.clearTimers();
});
