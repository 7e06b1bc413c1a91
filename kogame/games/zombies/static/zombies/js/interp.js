/**
 * Entity interpolation (Gambetta; Fiedler's "Snapshot Interpolation"): other players and the
 * zombies are drawn DELAY_MS in the past, between the two server frames around that moment, so
 * they move smoothly whatever the tick rate and however unevenly the frames arrive.
 *
 * The clock: a frame's moment is its tick × the tick interval, and `offset` maps that onto
 * performance.now(). It follows the *earliest* arrivals (a frame that came sooner than the
 * offset expects pulls it down at once; later ones raise it only slowly), because network
 * jitter only ever delays frames: the render time then trails the best-case arrival by
 * DELAY_MS, which absorbs up to that much jitter. A big jump (a pause, a resync) resets it.
 * Tick numbers rather than arrival times make the motion even although arrivals are not.
 *
 * Pure (times are passed in): tests/client/check_zombies_predict.mjs runs it under Node.
 */

/** How far in the past entities are drawn: a little more than two ticks at 20-30 Hz. */
export const DELAY_MS = 100;
/** Frames kept: well over a second at 60 Hz, more than any interpolation looks back. */
const KEEP = 64;
/** A clock sample this far (ms) from the estimate means the clock jumped: start again. */
const RESET_MS = 1000;
/** How much of a later-than-expected arrival the clock takes in (drift, not jitter). */
const DRIFT = 0.02;

export class Interpolator {
  /** @param {number} tickMs  ms between ticks (1000 / tick_rate). */
  constructor(tickMs, delayMs = DELAY_MS) {
    this.tickMs = tickMs;
    this.delayMs = delayMs;
    /** @type {import("./frames.js").Frame[]} oldest first. */
    this.frames = [];
    this.offset = null;
    /** What `sample` drew: reused objects, so a frame allocates nothing once warmed up. */
    this.players = [];
    this.zombies = [];
    this.playerCount = 0;
    this.zombieCount = 0;
    /** The tick of the world `sample` drew (the `seen` of the next command). */
    this.seen = 0;
  }

  /** Forget every frame: the next one starts the clock again. */
  clear() {
    this.frames.length = 0;
    this.offset = null;
  }

  /**
   * Keep a frame that arrived at `arrival` (ms). A frame of the newest tick held is ignored;
   * an older one means the world went back (a room restarted elsewhere from a save), so the
   * frames held and the clock start again with it. A newer snapshot (a resync, or the new
   * area's after the player crossed into it) goes on from the frames held: the world drawn
   * neither jumps nor stalls.
   * @param {import("./frames.js").Frame} frame
   * @param {number} arrival
   */
  push(frame, arrival) {
    const latest = this.frames[this.frames.length - 1];
    if (latest && frame.tick === latest.tick) return;
    if (latest && frame.tick < latest.tick) this.clear();
    const sample = arrival - frame.tick * this.tickMs;
    if (this.offset === null || Math.abs(sample - this.offset) > RESET_MS) {
      this.offset = sample;
      this.frames.length = 0;
    } else if (sample < this.offset) {
      this.offset = sample;
    } else {
      this.offset += (sample - this.offset) * DRIFT;
    }
    this.frames.push(frame);
    if (this.frames.length > KEEP) this.frames.shift();
  }

  /** The moment (in ticks, fractional) to draw at `now`. */
  renderTick(now) {
    return (now - this.offset - this.delayMs) / this.tickMs;
  }

  /**
   * Fill `players[0..playerCount)` and `zombies[0..zombieCount)` with the entities as they were
   * at `now - DELAY_MS`: present in the older of the two frames around that moment, placed
   * between their two positions; moved on at most one tick past the newest frame when the
   * frames ran dry, then held.
   * @param {number} now
   */
  sample(now) {
    this.playerCount = this.zombieCount = 0;
    const frames = this.frames;
    if (!frames.length) return;
    const at = this.renderTick(now);
    let i = frames.length - 1;
    while (i > 0 && frames[i].tick > at) i--;
    const a = frames[i];
    const b = frames[i + 1];
    if (b) {
      const f = Math.max(0, (at - a.tick) / (b.tick - a.tick)); // before the oldest: held
      this.fill(a, b, f, a);
      this.seen = f < 0.5 ? a.tick : b.tick;
    } else if (i > 0) {
      // Dry: carry on the last motion (from the frame before) for at most one tick.
      const p = frames[i - 1];
      this.fill(p, a, 1 + Math.min(Math.max(0, at - a.tick), 1) / (a.tick - p.tick), a);
      this.seen = a.tick;
    } else {
      this.fill(a, a, 0, a);
      this.seen = a.tick;
    }
  }

  /**
   * Entities of `present`, at `f` of the way from their place in `from` to that in `to` (f > 1
   * extrapolates); an entity missing from either frame stays where `present` has it.
   */
  fill(from, to, f, present) {
    for (const player of present.players.values()) {
      const out = slot(this.players, this.playerCount++);
      Object.assign(out, player);
      const p0 = from.players.get(player.id);
      const p1 = to.players.get(player.id);
      if (p0 && p1) {
        out.x = lerp(p0.x, p1.x, f);
        out.y = lerp(p0.y, p1.y, f);
        out.aim = lerpAngle(p0.aim, p1.aim, Math.min(f, 1));
      }
    }
    for (const zombie of present.zombies.values()) {
      const out = slot(this.zombies, this.zombieCount++);
      Object.assign(out, zombie);
      const z0 = from.zombies.get(zombie.id);
      const z1 = to.zombies.get(zombie.id);
      if (z0 && z1) {
        out.x = lerp(z0.x, z1.x, f);
        out.y = lerp(z0.y, z1.y, f);
      }
    }
  }
}

/** The reusable object at `index`, made on first use. */
function slot(pool, index) {
  if (index === pool.length) pool.push({});
  return pool[index];
}

function lerp(a, b, f) {
  return a + (b - a) * f;
}

/** Between two aims (0..4095) the short way round. */
function lerpAngle(a, b, f) {
  const turn = ((((b - a) % 4096) + 6144) % 4096) - 2048;
  return (a + turn * f + 4096) % 4096;
}
