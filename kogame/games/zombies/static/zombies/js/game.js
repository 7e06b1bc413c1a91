/**
 * Zombies in the browser: the module the page shell loads for a Zombies room. It implements the
 * game interface documented at the top of kogame/play/static/play/js/main.js.
 *
 * The server is authoritative and runs at `tick_rate`; this client runs a local clock at the
 * same rate that turns what the player holds (input.js, sticks.js) into one `act` command a
 * tick, moves the player's own box at once (predict.js) and reconciles with the server's `you`.
 * Everyone else is drawn slightly in the past between server frames (interp.js). Frames are
 * read by frames.js, drawn by render.js and heard through sounds.js.
 *
 * Sent, one a local tick while this connection plays and its player stands:
 *   {type: "act", seq, move: 0..8, aim: 0..4095, fire: bool, seen: tick shown}
 */

import { ELSEWHERE, OLD, readFrame, readYou, regionGrid } from "./frames.js";
import { aimOf, KeyboardMouse } from "./input.js";
import { DELAY_MS, Interpolator } from "./interp.js";
import { Predictor, perTick } from "./predict.js";
import { Renderer, VIEW_TILES } from "./render.js";
import { SOUNDS, soundsBetween } from "./sounds.js";
import { Sticks } from "./sticks.js";

/** Bright, told apart at a glance, and none of them the zombies' green. */
const COLOURS = ["#4fc3f7", "#ffb74d", "#f06292", "#ce93d8", "#fff176", "#ff8a65", "#90caf9",
  "#f48fb1", "#80deea", "#ffcc80", "#b39ddb", "#e6ee9c"];
/** After a hidden tab or a long frame, the local clock starts again rather than catching up. */
const MAX_BEHIND_TICKS = 5;
/** A shot this close (px) to where the server had this player is this player's own. */
const OWN_SHOT_PX = 24;

/**
 * @param {object} options  GameOptions (see main.js).
 * @returns {object} a Game (see main.js).
 */
export function createGame(options) {
  return new ZombiesClient(options);
}

class ZombiesClient {
  constructor({ canvas, send, me, playing, sound }) {
    this.send = send;
    this.me = me;
    this.playing = playing;
    this.sound = sound;
    this.sounds = SOUNDS;
    this.aspectRatio = VIEW_TILES[0] / VIEW_TILES[1];
    this.scoreColumns = ["Kills", "Waves"];
    this.words = {
      reconnect: "You stand where you were for a few seconds.",
      bot: "An AI teammate",
    };
    /** The last `welcome` (map, speeds, tick rate), null before one. */
    this.room = null;
    this.tickRate = 1;
    this.ground = null;
    /** The map's regions, which a delta's zombie moves are ordered by (`regionGrid`). */
    this.grid = null;
    /** @type {import("./frames.js").Frame | null} the latest frame. */
    this.frame = null;
    /** This connection's `you` in the latest frame: null while watching or not yet placed. */
    this.you = null;
    /** @type {Predictor | null} */
    this.predictor = null;
    /** @type {Interpolator | null} */
    this.interp = null;
    /** Player names by id, from snapshots and the deltas of joins. */
    this.names = {};
    /** @type {Map<string, import("./frames.js").BoardRow>} every player's scoreboard row, as
     * the server last sent them (snapshots, and deltas that changed the board). */
    this.board = new Map();
    /** @type {Map<string, string>} colours in the order players were first seen. */
    this.colours = new Map();
    /** The local clock: when its last tick was, in ms; null until it starts. */
    this.tickAt = null;
    this.aim = 0;
    /** The player this watcher follows (F picks the next), or null for the whole map. */
    this.followed = null;
    this.keys = new KeyboardMouse();
    this.sticks = null;
    this.renderer = new Renderer(canvas, this);
    this.hooks = this.makeHooks();
  }

  welcome(msg) {
    this.room = msg;
    this.tickRate = msg.tick_rate;
    this.ground = {
      width: msg.map.width,
      height: msg.map.height,
      solid: Uint8Array.from(msg.map.walls, (gid) => (gid ? 1 : 0)),
      half: msg.player_half,
      step: perTick(msg.speed, msg.tick_rate),
    };
    this.grid = regionGrid(msg.map, msg.region);
    this.interp = new Interpolator(1000 / msg.tick_rate);
    this.frame = this.you = this.predictor = null;
    this.tickAt = null;
    this.followed = null;
    this.renderer.setMap(msg.map);
  }

  applySnapshot(msg) {
    const frame = this.room && readFrame(msg);
    if (!frame || typeof frame === "string") return;
    this.names = { ...frame.names };
    this.take(frame, msg, { shared: true });
  }

  applyDelta(msg) {
    const frame = this.room && readFrame(msg, this.frame, this.grid);
    // Another area's delta comes just before that area's snapshot (the player crossed over).
    if (frame === OLD || frame === ELSEWHERE) return { ok: true, applied: false };
    if (!frame) return { ok: false, applied: false };
    if (frame.names) Object.assign(this.names, frame.names);
    const before = this.frame;
    const youBefore = this.you;
    this.take(frame, msg);
    if (before) for (const name of soundsBetween(before, frame, youBefore, this.you)) this.sound(name);
    return { ok: true, applied: true };
  }

  /** Hold a new frame: the world for interpolation, `you` for reconciliation, the board.
   * A `shared` frame (a snapshot: the area's, the same for everyone in it) never carries
   * `you`, so it leaves the prediction and its commands in flight as they are; a delta
   * without `you` means this connection is not playing. */
  take(frame, msg, { shared = false } = {}) {
    const now = performance.now();
    this.frame = frame;
    this.interp.push(frame, now);
    if (frame.board) this.board = frame.board;
    const you = readYou(msg);
    if (you || !shared) {
      this.you = you;
      if (!you) this.predictor = null;
      else if (this.predictor) this.predictor.reconcile(you.ack, you.x, you.y, you.down, now);
      else this.predictor = new Predictor(this.ground, you.ack, you.x, you.y, you.down);
    }
    const me = this.you;
    for (const shot of frame.shots) {
      const own = me && Math.abs(shot[0] - me.x / 16) + Math.abs(shot[1] - me.y / 16) < OWN_SHOT_PX;
      // Others' shots wait for their shooters, who are drawn DELAY_MS in the past.
      this.renderer.addShot(shot, own ? now : now + DELAY_MS);
    }
  }

  render(alpha, now) {
    this.clock(now);
    this.interp?.sample(now);
    this.aim = this.currentAim();
    this.sticks?.show(this.standing());
    this.renderer.draw(now);
  }

  /** The local clock: one command a tick at the room's rate, driven by the animation frames. */
  clock(now) {
    if (!this.room) return;
    const tickMs = 1000 / this.tickRate;
    if (this.tickAt === null || now - this.tickAt > MAX_BEHIND_TICKS * tickMs) this.tickAt = now;
    while (now - this.tickAt >= tickMs) {
      this.tickAt += tickMs;
      this.command();
    }
  }

  /** How far the local clock is into its tick (0..1), to draw the prediction in between. */
  tickAlpha(now) {
    if (this.tickAt === null) return 1;
    return Math.min(1, Math.max(0, (now - this.tickAt) * (this.tickRate / 1000)));
  }

  command() {
    if (!this.standing()) return;
    const move = this.sticks?.move || this.keys.move;
    const fire = this.keys.firing || Boolean(this.sticks?.firing);
    const seq = this.predictor.seq + 1;
    const act = { type: "act", seq, move, aim: this.aim, fire, seen: this.interp.seen };
    if (this.send(act)) this.predictor.input(move); // a dropped command must not move us
  }

  /** Whether this connection controls a player who can act now. */
  standing() {
    return Boolean(
      this.playing() && this.predictor && this.you && !this.you.down && this.frame?.phase !== "over",
    );
  }

  /** The right stick's aim while held, else towards the mouse, else the aim as it was. */
  currentAim() {
    if (this.sticks?.aim != null) return this.sticks.aim;
    const { pointerX, pointerY } = this.keys;
    const me = this.predictor;
    if (pointerX === null || !me) return this.aim;
    const dx = pointerX - this.renderer.screenX(me.drawnX / 16);
    const dy = pointerY - this.renderer.screenY(me.drawnY / 16);
    return dx || dy ? aimOf(dx, dy) : this.aim;
  }

  keydown(event) {
    if (event.code === "KeyF" && !this.you) {
      this.followNext();
      return true;
    }
    if (!this.keys.press(event)) return false;
    event.preventDefault(); // arrows would scroll the page
    return true;
  }

  /** The sticks go on the board around the canvas (a canvas shows no children of its own).
   * A watcher's click or tap on the board does what F does: no key on a phone. */
  bindInput(surface) {
    this.keys.listen(surface);
    this.sticks = new Sticks(surface.parentElement ?? surface);
    surface.addEventListener("click", () => {
      if (!this.you) this.followNext();
    });
  }

  /** Watching: follow the next player on the scoreboard, and after the last the whole map. */
  followNext() {
    const ids = this.scores().map((row) => row.player);
    const next = ids[ids.indexOf(this.followed) + 1] ?? null;
    if (this.send({ type: "follow", player: next })) this.followed = next;
  }

  message() {}

  /** Down is not dead: a downed player watches the fight (and a teammate coming) on the
   * board, which says how they get back up; the card is for a game that is over. A game is
   * over when everyone in it is down, so someone standing then joined after it was lost:
   * no card for a game they were never in; they play in the next one. */
  life() {
    if (!this.playing() || !this.you || !this.frame) return null;
    if (this.frame.phase !== "over") return "alive";
    return this.you.down ? "dead" : null;
  }

  deathCard() {
    const { frame, you } = this;
    const mine = this.board.get(this.me());
    return {
      cause: `Overrun on wave ${frame.wave}`,
      score: score(mine),
      waitSeconds: Math.ceil(frame.timer / this.tickRate),
      asked: Boolean(you), // the server starts the next game with everyone in it
    };
  }

  /** Nothing to ask: the next game starts with everyone in the room. */
  playAgain() {}

  /** Everyone in the game, best score first (kills, and ten a wave survived). */
  scores() {
    return [...this.board.entries()]
      .map(([player, row]) => ({
        player,
        name: this.nameOf(player),
        colour: this.colour(player),
        bot: player.startsWith("bot:"),
        dead: row.down || this.frame?.phase === "over",
        cells: [row.kills, row.waves],
        score: score(row),
      }))
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  }

  colourOf(player) {
    return player in this.names || this.board.has(player) ? this.colour(player) : null;
  }

  /** A player's colour, given in the order players are first seen. */
  colour(player) {
    let colour = this.colours.get(player);
    if (!colour) {
      colour = COLOURS[this.colours.size % COLOURS.length];
      this.colours.set(player, colour);
    }
    return colour;
  }

  nameOf(player) {
    return this.names[player] ?? "";
  }

  makeHooks() {
    const game = this;
    return {
      get tickRate() {
        return game.tickRate;
      },
      /** The player this watcher follows, or null. */
      get followed() {
        return game.followed;
      },
      /** The room as this client holds it, as plain data (positions in px, `me` in units). */
      state() {
        const { frame, predictor, you, interp } = game;
        if (!frame) return null;
        return {
          tick: frame.tick,
          wave: frame.wave,
          phase: frame.phase,
          left: frame.left,
          timer: frame.timer,
          players: [...frame.players.values()].map((p) => ({ ...p, name: game.nameOf(p.id) })),
          zombies: [...frame.zombies.values()].map((z) => ({ ...z })),
          seen: interp?.seen ?? null,
          me: predictor && {
            predicted: { x: predictor.x, y: predictor.y },
            server: { x: you.x, y: you.y },
            hp: you.hp,
            down: you.down,
            ack: you.ack,
            seq: predictor.seq,
            pending: predictor.pending.length,
            corrections: predictor.corrections,
          },
        };
      },
      /** What this player holds now: move, aim and fire, as the next command would say. */
      intent() {
        return {
          move: game.sticks?.move || game.keys.move,
          aim: game.aim,
          fire: game.keys.firing || Boolean(game.sticks?.firing),
        };
      },
      /** Where this player is on the board, in CSS px (to aim at things in browser tests). */
      screenOf(x, y) {
        return { x: game.renderer.screenX(x), y: game.renderer.screenY(y) };
      },
    };
  }
}

/** A life's score as the results count it (kogame/games/zombies/results.py). */
function score(row) {
  return row ? row.kills + 10 * row.waves : 0;
}
