/**
 * Snek in the browser: the one module the page shell loads for a Snek room. It implements the
 * game interface documented at the top of kogame/play/static/play/js/main.js: it keeps the
 * room's state (state.js), draws it (render.js), steers (input.js, and the optional on-screen
 * pad in pad.js), says which of its sounds to play when (sounds.js), and tells the shell what
 * its cards and scoreboard show.
 */

import { HINTS, cardRows, hintAlpha, lifeAtDeath } from "./card.js";
import { keyDirection, listenForSwipes } from "./input.js";
import { KillFeed, killLines } from "./killfeed.js";
import { Pad } from "./pad.js";
import { Renderer } from "./render.js";
import { SOUNDS, momentOf, soundsBetween } from "./sounds.js";
import { applyDelta, applySnapshot, snakeOf, toPlain } from "./state.js";

const CAUSES = {
  wall: "You hit a wall",
  self: "You ran into yourself",
  snake: "You ran into another snake",
  head: "Head-on collision",
};

/** Refusals of a `respawn` (docs/protocol.md): the button may be pressed again. */
const RESPAWN_REFUSED = new Set(["not_dead", "too_soon"]);
/** Phones and tablets: no arrow keys, so the hint speaks of swipes and the pad. */
const TOUCH = typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;

/**
 * @param {object} options  GameOptions (see main.js).
 * @returns {object} a Game (see main.js).
 */
export function createGame(options) {
  return new SnekClient(options);
}

class SnekClient {
  constructor({ canvas, send, me, playing, sound, bestToday = null }) {
    this.send = send;
    this.me = me;
    this.playing = playing;
    this.sound = sound;
    this.sounds = SOUNDS;
    /** The room's State (see state.js), once the first snapshot came. */
    this.state = null;
    /** The last `welcome`: board size, tick rate, respawn delay. */
    this.room = { width: 1, height: 1, tick_rate: 1, respawn_delay_ticks: 0 };
    /** Id of the dead snake a `respawn` was sent for, so the button is not pressed twice. */
    this.askedFor = null;
    this.feed = new KillFeed();
    /** Best score today: the records' when the page was made, then the lives ended here. */
    this.best = bestToday;
    /** How the last life of ours ended (lifeAtDeath), and the best before it. */
    this.lastLife = null;
    this.bestBefore = null;
    /** Our first snake of this page visit, the one the steering hint is for... */
    this.firstLife = null;
    /** ...and when we first turned it (performance.now()), after which the hint fades. */
    this.turnedAt = null;
    /** The player the board marks, at the death card's "Watch" (see follow). */
    this.following = null;
    this.renderer = new Renderer(canvas, {
      state: () => this.state,
      playerId: me,
      feed: (now) => this.feed.visible(now),
      tickRate: () => this.room.tick_rate,
      hint: (now) => this.hint(now),
      followed: () => this.following,
    });
    this.scoreColumns = ["Score", "Length"];
    this.words = {
      reconnect: "Your snake waits for you a few seconds.",
      bot: "An AI snake",
    };
    const game = this;
    this.hooks = {
      get state() {
        return game.state;
      },
      mySnake: () => game.mine(),
      killFeed: () => game.feed.visible(performance.now()).map((line) => line.text),
      toPlain: () => game.state && toPlain(game.state),
      hint: () => game.hint(performance.now()),
      deathCard: () => (game.life() === "dead" ? game.deathCard() : null),
    };
  }

  welcome(msg) {
    this.room = msg;
    this.renderer.setBoard(msg.width, msg.height);
  }

  get aspectRatio() {
    return this.room.width / this.room.height;
  }

  applySnapshot(msg) {
    this.state = applySnapshot(msg);
    this.feed.clear();
    this.noteLife();
  }

  applyDelta(msg) {
    const before = momentOf(this.state, this.mine());
    const result = applyDelta(this.state, msg);
    if (result.ok && result.applied) {
      for (const name of soundsBetween(before, this.state, this.mine())) this.sound(name);
      this.feed.add(killLines(this.state, msg, this.me()), performance.now());
      this.noteLife();
    }
    return result;
  }

  /** Our first life on this page, and how each of our lives ended, the moment we see it. */
  noteLife() {
    const me = this.mine();
    if (!me) return;
    if (me.alive && this.firstLife === null) this.firstLife = me.id;
    if (me.alive || me.diedTick === null || this.lastLife?.id === me.id) return;
    this.lastLife = lifeAtDeath(this.state, me);
    this.bestBefore = this.best;
    this.best = Math.max(this.best ?? 0, me.score);
  }

  /** The steering hint on the board during our first life, fading once we turned. */
  hint(now) {
    const me = this.mine();
    const firstLife = Boolean(me?.alive && me.id === this.firstLife && this.playing());
    const alpha = hintAlpha({ firstLife, turnedAt: this.turnedAt, now });
    return alpha > 0 ? { text: TOUCH ? HINTS.touch : HINTS.keys, alpha } : null;
  }

  render(alpha, now) {
    this.renderer.draw(alpha, now);
  }

  keydown(event) {
    const direction = keyDirection(event);
    if (!direction) return false;
    event.preventDefault(); // arrows would scroll the page
    if (!event.repeat) this.turn(direction);
    return true;
  }

  bindInput(surface, controls) {
    const onTurn = (direction) => this.turn(direction);
    listenForSwipes(surface, { onTurn, isSteering: () => this.steering() });
    this.pad = new Pad(controls, { onTurn });
  }

  message(msg) {
    if (msg.type === "error" && RESPAWN_REFUSED.has(msg.code)) this.askedFor = null;
  }

  life() {
    const me = this.mine();
    if (!me) return null;
    return me.alive ? "alive" : "dead";
  }

  deathCard() {
    const me = this.mine();
    const life = this.lastLife?.id === me.id ? this.lastLife : null;
    const killer = life?.killer && this.state.snakes.find((s) => s.id === life.killer.id);
    const rows = life
      ? cardRows(life, {
          tickRate: this.room.tick_rate,
          turns: this.room.clock?.kind === "turns",
          best: this.best,
          previousBest: this.bestBefore,
        })
      : [];
    return {
      cause: CAUSES[me.cause] ?? "Game over",
      score: me.score,
      waitSeconds: Math.max(0, Math.ceil(this.respawnTicksLeft(me) / this.room.tick_rate)),
      asked: this.askedFor === me.id,
      rows,
      // Only while the snake that killed us is still on the board.
      watch: killer?.alive ? this.watchAction(killer) : null,
    };
  }

  watchAction(killer) {
    const { name, player } = killer;
    return { label: `Watch ${name}`, player, watching: `Watching ${name}` };
  }

  follow(player) {
    this.following = player;
  }

  playAgain() {
    const me = this.mine();
    if (!me || me.alive || this.respawnTicksLeft(me) > 0 || this.askedFor === me.id) return;
    if (this.send({ type: "respawn" })) this.askedFor = me.id;
  }

  /** Best first; the dead keep their final score but sink below the living on a tie. */
  scores() {
    return (this.state?.snakes ?? [])
      .toSorted((a, b) => b.score - a.score || b.alive - a.alive || a.id - b.id)
      .map((s) => ({
        player: s.player,
        name: s.name,
        colour: s.colour,
        bot: s.bot,
        dead: !s.alive,
        cells: [s.score, s.alive ? s.body.length : "–"],
      }));
  }

  colourOf(player) {
    return snakeOf(this.state, player)?.colour ?? null;
  }

  mine() {
    return snakeOf(this.state, this.me());
  }

  steering() {
    return Boolean(this.playing() && this.mine()?.alive);
  }

  turn(direction) {
    if (!this.steering()) return;
    if (this.send({ type: "turn", direction }) && this.turnedAt === null) {
      this.turnedAt = performance.now();
    }
  }

  /** The server accepts `respawn` once `respawn_delay_ticks` have passed since the death. */
  respawnTicksLeft(me) {
    if (me.diedTick === null) return 0;
    return me.diedTick + this.room.respawn_delay_ticks - this.state.tick;
  }
}
