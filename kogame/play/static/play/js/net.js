/**
 * The connection to one room (docs/protocol.md): a WebSocket carrying JSON messages, the order
 * in which game frames may be applied, and the reconnect policy. It knows no game: snapshots and
 * deltas go to handlers that keep the game's state, and say when a delta does not fit it.
 *
 * The server is authoritative, so this module only sends intentions and passes on what it hears.
 * It survives drops on its own: it reconnects with exponential backoff and jitter (so a room
 * that restarts is not hit by every browser at the same instant), and re-joins when the player
 * was playing but the server no longer knows it (the grace period ran out). A connection that
 * stalls without closing (a network cut that sends no reset) counts as dropped: see isStalled.
 */

/** First retry delay; it doubles on every failed attempt up to MAX_RETRY_MS. */
const BASE_RETRY_MS = 500;
const MAX_RETRY_MS = 8000;
const PING_EVERY_MS = 2000;
/** Silence that means a stall: at least this long, and at least STALL_TICKS ticks. */
const STALL_MIN_MS = 2000;
const STALL_TICKS = 4;
/** Before the welcome there is no tick rate, and opening may take a while (a room starting). */
const OPENING_LIMIT_MS = 10000;
/** How often the silence is checked. */
const WATCH_EVERY_MS = 250;

/**
 * Close codes after which reconnecting cannot help: a short label for the status pill and the
 * full explanation for the player. Every other code (network drop, 1011 room error, 4008
 * flooding, 1009 oversized frame) is retried.
 */
const FINAL_CLOSES = new Map([
  [4001, ["session expired", "Your session has expired. Reload the page to play."]],
  [4004, ["no such room", "This game or room does not exist."]],
  [4009, ["open in another tab", "You opened this game in another tab."]],
]);

/** Errors that mean we have no place in the game and will not get one by waiting (`idle`: the
 * server freed the place of a player who stayed out of play without doing anything). */
const JOIN_REFUSED = new Set(["bad_name", "not_playing", "room_full", "idle"]);

/**
 * How long a connection may stay silent before it counts as stalled, in ms. A room sends a
 * frame every tick and answers a ping every 2 s, so max(2 s, 4 ticks) without either means
 * the network stopped delivering, even though nothing closed. `tickRate` is null until the
 * welcome.
 * @param {number | null} tickRate
 */
export function stallLimitMs(tickRate) {
  if (!tickRate) return OPENING_LIMIT_MS;
  return Math.max(STALL_MIN_MS, (STALL_TICKS * 1000) / tickRate);
}

/**
 * Whether a connection has stalled: nothing arrived since `lastArrival` for longer than
 * stallLimitMs allows (times in ms, as from performance.now()).
 * @param {number} lastArrival  when the last message arrived (or the socket was opened).
 * @param {number} now
 * @param {number | null} tickRate
 */
export function isStalled(lastArrival, now, tickRate) {
  return now - lastArrival > stallLimitMs(tickRate);
}

/**
 * @typedef {object} Status
 * @property {"connecting" | "connected" | "reconnecting" | "closed"} phase
 * @property {number | null} rtt  last measured round trip in ms, while connected.
 * @property {number} retryIn  whole seconds until the next attempt, while reconnecting.
 * @property {number | null} code  the close code, once closed.
 * @property {string} label  why it is closed, in two or three words.
 * @property {string} reason  why it is closed, in a sentence for the player.
 * @property {boolean} lost  the connection dropped or stalled, and no welcome has come since.
 *
 * @typedef {object} Handlers
 * @property {(status: Status) => void} onStatus
 * @property {(msg: object) => void} onSnapshot  a `snapshot`: the game's whole state.
 * @property {(msg: object) => boolean} onDelta  a `delta` that follows a snapshot; returns false
 *   when it does not fit the state held (a gap or a desync): the connection then asks for a
 *   `sync` and passes no delta on until the snapshot comes.
 * @property {(msg: object) => void} onMessage  welcome, waiting, error, chat_history, presence
 *   and any other type; a delta's `feed` and `presence` come here as `feed` and `presence`.
 */

export class Connection {
  /**
   * @param {string} url  full ws:// or wss:// address of the room.
   * @param {Handlers} handlers
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    /** @type {WebSocket | null} */
    this.socket = null;
    /** @type {object | null} the last `welcome`; its fields describe the room. */
    this.welcome = null;
    /** Whether the current socket has had its `welcome` (joins sent earlier would be lost). */
    this.ready = false;
    /** True from `join` until the server refuses it: the player wants to play. */
    this.playing = false;
    this.name = "";
    /** Deltas are ignored while a `sync` is outstanding (or before the first snapshot). */
    this.awaitingSnapshot = true;
    this.attempt = 0;
    /** @type {Status} */
    this.status = {
      phase: "connecting",
      rtt: null,
      retryIn: 0,
      code: null,
      label: "",
      reason: "",
      lost: false,
    };
    this.timers = { ping: 0, retry: 0, countdown: 0, watch: 0 };
    /** performance.now() of the last message (or of opening the socket). */
    this.lastArrival = 0;
    /** Whether a ping already went out to ask a quiet connection whether it is still there. */
    this.probed = false;
  }

  get playerId() {
    return this.welcome?.player ?? null;
  }

  get isOpen() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Open the socket now, cancelling any pending retry. Also "use this tab" after a 4009. */
  connect() {
    this.clearTimers();
    this.socket?.close();
    this.ready = false;
    this.setStatus({ phase: "connecting", code: null, label: "", reason: "" });
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("message", (event) => this.socket === socket && this.receive(event));
    socket.addEventListener("close", (event) => this.socket === socket && this.closed(event));
    this.arrived();
    this.timers.watch = setInterval(() => this.watch(), WATCH_EVERY_MS);
  }

  /** Reconnect at once if a retry is pending (e.g. the browser came back online). */
  retrySoon() {
    if (this.status.phase === "reconnecting") this.connect();
  }

  /**
   * @param {string} name  may be empty: the server then picks a friendly name.
   * @param {string | null} colour  the player's choice ("#rrggbb"), or null for none.
   */
  join(name, colour = null) {
    this.playing = true;
    this.name = name;
    this.colour = colour;
    if (this.ready) this.sendJoin();
  }

  /** Stop playing and watch: the server takes us out of the game. */
  spectate() {
    this.playing = false;
    this.send({ type: "spectate" });
  }

  /**
   * @param {string} text  already trimmed, 1–200 characters.
   * @returns {boolean} whether the message went out.
   */
  chat(text) {
    return this.send({ type: "chat", text });
  }

  /**
   * Sends when open; otherwise drops the message, since stale intentions are worse than none.
   * @returns {boolean} whether the message went out.
   */
  send(msg) {
    if (!this.isOpen) return false;
    this.socket.send(JSON.stringify(msg));
    return true;
  }

  sendJoin() {
    const msg = { type: "join" };
    if (this.name) msg.name = this.name;
    if (this.colour) msg.colour = this.colour;
    this.send(msg);
  }

  /** @param {MessageEvent} event */
  receive(event) {
    this.arrived();
    let msg;
    try {
      msg = JSON.parse(event.data);
    } catch {
      return;
    }
    switch (msg?.type) {
      case "welcome":
        return this.welcomed(msg);
      case "snapshot":
        return this.snapshot(msg);
      case "delta":
        return this.delta(msg);
      case "pong":
        return this.setStatus({ rtt: Math.round(performance.now() - msg.t) });
      case "error":
        if (JOIN_REFUSED.has(msg.code)) this.playing = false;
        return this.handlers.onMessage(msg);
      default:
        return this.handlers.onMessage(msg);
    }
  }

  welcomed(msg) {
    this.welcome = msg;
    this.ready = true;
    this.attempt = 0;
    this.awaitingSnapshot = true;
    if (msg.playing) this.playing = true;
    else if (this.playing) this.sendJoin();
    this.setStatus({ phase: "connected", rtt: null, lost: false });
    this.ping();
    this.timers.ping = setInterval(() => this.ping(), PING_EVERY_MS);
    this.handlers.onMessage(msg);
  }

  snapshot(msg) {
    this.awaitingSnapshot = false;
    this.handlers.onSnapshot(msg);
  }

  delta(msg) {
    // The room's news rides in the tick's frame; it counts even while we resynchronise.
    if (Array.isArray(msg.feed)) this.handlers.onMessage({ type: "feed", messages: msg.feed });
    if (msg.presence) this.handlers.onMessage({ type: "presence", ...msg.presence });
    if (this.awaitingSnapshot || this.handlers.onDelta(msg)) return;
    this.awaitingSnapshot = true;
    this.send({ type: "sync" });
  }

  ping() {
    this.send({ type: "ping", t: performance.now() });
  }

  arrived() {
    this.lastArrival = performance.now();
    this.probed = false;
  }

  /** Give up on a silent connection; a quiet one is pinged first, so that a room that pauses
   * (its frames stop while it moves to another server) is not taken for a stall. */
  watch() {
    const now = performance.now();
    const tickRate = this.ready ? this.welcome.tick_rate : null;
    if (isStalled(this.lastArrival, now, tickRate)) {
      this.stalled();
    } else if (this.ready && !this.probed && now - this.lastArrival > stallLimitMs(tickRate) / 2) {
      this.probed = true;
      this.ping();
    }
  }

  /** Say so at once, abandon the socket (its close could take as long as the stall) and
   * reconnect as after a drop: the server gives the new connection our place back. */
  stalled() {
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.dropped();
  }

  /** @param {CloseEvent} event */
  closed(event) {
    this.socket = null;
    const final = FINAL_CLOSES.get(event.code);
    if (!final) return this.dropped();
    this.clearTimers();
    this.ready = false;
    const [label, reason] = final;
    this.setStatus({ phase: "closed", code: event.code, label, reason, rtt: null, lost: false });
  }

  dropped() {
    this.clearTimers();
    this.ready = false;
    this.scheduleRetry();
  }

  /** Full backoff with jitter: a random wait in [½, 1] × min(8 s, 0.5 s × 2^attempt). */
  scheduleRetry() {
    const ceiling = Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** this.attempt);
    const delay = ceiling * (0.5 + Math.random() / 2);
    const due = performance.now() + delay;
    this.attempt++;
    const countdown = () => {
      const retryIn = Math.max(1, Math.ceil((due - performance.now()) / 1000));
      if (retryIn !== this.status.retryIn || this.status.phase !== "reconnecting") {
        this.setStatus({ phase: "reconnecting", retryIn, rtt: null, lost: true });
      }
    };
    countdown();
    this.timers.countdown = setInterval(countdown, 200);
    this.timers.retry = setTimeout(() => this.connect(), delay);
  }

  clearTimers() {
    clearInterval(this.timers.watch);
    clearInterval(this.timers.ping);
    clearInterval(this.timers.countdown);
    clearTimeout(this.timers.retry);
  }

  /** @param {Partial<Status>} changes */
  setStatus(changes) {
    this.status = { ...this.status, ...changes };
    this.handlers.onStatus(this.status);
  }
}

/**
 * The WebSocket address for a path on this page's host, secure when the page is.
 * @param {string} path
 */
export function roomUrl(path) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}${path}`;
}
