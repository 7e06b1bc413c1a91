/**
 * Client-side prediction of this player's own movement (Gambetta's "client-side prediction and
 * server reconciliation"): every local tick makes one command, moved at once here so the
 * player's own box answers the keys without waiting a round trip; when the server says where it
 * put the player after command `ack`, the commands it has not applied yet are replayed from
 * there. The movement is the rules' own (contract "Movement", geometry.py's move_box), in the
 * same integer units, so in the usual case the replay lands exactly where the prediction was.
 *
 * Pure (no DOM, no clock of its own): tests/client/check_zombies_predict.mjs runs it under Node.
 */

/** Units per pixel and per tile (contract "Units"). */
export const SUB = 16;
export const TILE = 32 * SUB;

/** (dx, dy) of each `move`: 0 stands, 1..8 go E, SE, S, SW, W, NW, N, NE (y grows downward). */
export const DIRS = Object.freeze([
  [0, 0], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1],
]);

/** How long a correction takes to blend away, in ms: long enough to hide, short enough to trust. */
export const SMOOTH_MS = 100;
/** A correction further than this (units) is a jump, not an error to hide: it snaps. */
const SNAP_UNITS = 2 * TILE;

/** Units moved per tick at `pxPerS`: the rules' `px_per_s * SUB // tick_rate`. */
export function perTick(pxPerS, tickRate) {
  return Math.floor((pxPerS * SUB) / tickRate);
}

/** Each axis' share of a diagonal step: 181/256 ≈ 1/√2, in integers as the rules have it. */
export function diagonal(step) {
  return Math.floor((step * 181) / 256);
}

/** The `move` (0..8) for a wish to go (sx, sy), each -1, 0 or 1. */
export function moveOf(sx, sy) {
  const index = DIRS.findIndex(([dx, dy]) => dx === Math.sign(sx) && dy === Math.sign(sy));
  return index < 0 ? 0 : index;
}

/** Whether tile (col, row) stops a box; everything outside the map does. */
function blocked(solid, width, height, col, row) {
  if (col < 0 || row < 0 || col >= width || row >= height) return true;
  return solid[row * width + col] !== 0;
}

/** Whether any tile of column `col` in rows top..bottom is solid. */
function columnBlocked(solid, width, height, col, top, bottom) {
  for (let row = top; row <= bottom; row++) if (blocked(solid, width, height, col, row)) return true;
  return false;
}

/** Whether any tile of row `row` in columns left..right is solid. */
function rowBlocked(solid, width, height, row, left, right) {
  for (let col = left; col <= right; col++) if (blocked(solid, width, height, col, row)) return true;
  return false;
}

/** Python's `//` for ints: JS `/` does not floor and `%`/`|0` truncate toward zero. */
const fdiv = (a, b) => Math.floor(a / b);

/**
 * The contract's move_box, bit for bit: swept along x, then along y from the new x, stopping at
 * the first solid tile crossed, so no box ever ends inside a wall whatever the step.
 * @param {Uint8Array | number[]} solid  width*height, non-zero where a wall stands.
 * @param {number} width  in tiles.
 * @param {number} height
 * @param {number} x  the box's centre, in units (ints).
 * @param {number} y
 * @param {number} half  half the box's side, in units.
 * @param {number} dx  the wished move, in units.
 * @param {number} dy
 * @returns {[number, number]} where the box's centre ends.
 */
export function moveBox(solid, width, height, x, y, half, dx, dy) {
  if (dx !== 0) {
    const top = fdiv(y - half, TILE);
    const bottom = fdiv(y + half - 1, TILE);
    const edge = dx > 0 ? x + half - 1 : x - half;
    const step = dx > 0 ? 1 : -1;
    const last = fdiv(edge + dx, TILE);
    let stopped = false;
    for (let col = fdiv(edge, TILE) + step; step * (last - col) >= 0; col += step) {
      if (columnBlocked(solid, width, height, col, top, bottom)) {
        x = dx > 0 ? col * TILE - half : (col + 1) * TILE + half;
        stopped = true;
        break;
      }
    }
    if (!stopped) x += dx;
  }
  if (dy !== 0) {
    const left = fdiv(x - half, TILE);
    const right = fdiv(x + half - 1, TILE);
    const edge = dy > 0 ? y + half - 1 : y - half;
    const step = dy > 0 ? 1 : -1;
    const last = fdiv(edge + dy, TILE);
    let stopped = false;
    for (let row = fdiv(edge, TILE) + step; step * (last - row) >= 0; row += step) {
      if (rowBlocked(solid, width, height, row, left, right)) {
        y = dy > 0 ? row * TILE - half : (row + 1) * TILE + half;
        stopped = true;
        break;
      }
    }
    if (!stopped) y += dy;
  }
  return [x, y];
}

/**
 * @typedef {object} Ground  what moving needs to know of the room (from `welcome`).
 * @property {Uint8Array} solid  width*height, 1 where a wall stands.
 * @property {number} width  in tiles.
 * @property {number} height
 * @property {number} half  the player's half-size, in units.
 * @property {number} step  units a tick along one axis (perTick of the speed).
 */

/**
 * This player's predicted position: the server's last word replayed with the commands it has
 * not acknowledged yet. What is drawn (`drawnX`/`drawnY` after `draw`) blends from the previous
 * tick's position to the current one, and when a reconciliation moved the prediction, eases the
 * jump away over SMOOTH_MS instead of showing it.
 */
export class Predictor {
  /**
   * @param {Ground} ground
   * @param {number} ack  the server's last applied command: new ones are numbered after it.
   * @param {number} x  the server's position after it, in units.
   * @param {number} y
   * @param {boolean} down  a downed player does not move.
   */
  constructor(ground, ack, x, y, down = false) {
    this.ground = ground;
    this.seq = ack;
    this.x = x;
    this.y = y;
    /** Where the player was one local tick ago, for drawing in between. */
    this.prevX = x;
    this.prevY = y;
    this.down = down;
    /** @type {{seq: number, move: number}[]} commands sent and not acknowledged, oldest first. */
    this.pending = [];
    /** The last correction still being blended away: the offset and when it began. */
    this.offsetX = 0;
    this.offsetY = 0;
    this.correctedAt = -Infinity;
    /** How many reconciliations moved the prediction (for tests and the hooks). */
    this.corrections = 0;
    this.drawnX = x;
    this.drawnY = y;
  }

  /**
   * One local tick's command: numbered, remembered until acknowledged, and moved at once.
   * @param {number} move  0..8.
   * @returns {{seq: number, move: number}} the command to send.
   */
  input(move) {
    const command = { seq: ++this.seq, move };
    this.pending.push(command);
    this.prevX = this.x;
    this.prevY = this.y;
    this.apply(move);
    return command;
  }

  /**
   * The server's position after command `ack`: replay what it has not applied yet from there.
   * @param {number} ack
   * @param {number} x  units.
   * @param {number} y
   * @param {boolean} down
   * @param {number} now  ms, for the smoothing of a correction.
   * @returns {boolean} whether the prediction had to move.
   */
  reconcile(ack, x, y, down = false, now = 0) {
    if (ack > this.seq) this.seq = ack; // commands from an earlier page: number after them
    let acked = 0;
    while (acked < this.pending.length && this.pending[acked].seq <= ack) acked++;
    if (acked) this.pending.splice(0, acked);
    const beforeX = this.x;
    const beforeY = this.y;
    this.x = x;
    this.y = y;
    this.down = down;
    for (const command of this.pending) this.apply(command.move);
    if (this.x === beforeX && this.y === beforeY) return false;
    this.corrections++;
    const shiftX = this.x - beforeX;
    const shiftY = this.y - beforeY;
    this.prevX += shiftX;
    this.prevY += shiftY;
    const left = this.blend(now);
    if (Math.abs(shiftX) + Math.abs(shiftY) > SNAP_UNITS) {
      this.offsetX = this.offsetY = 0;
    } else {
      this.offsetX = this.offsetX * left - shiftX;
      this.offsetY = this.offsetY * left - shiftY;
    }
    this.correctedAt = now;
    return true;
  }

  /**
   * Where to draw the player at `now`, `alpha` (0..1) of the way through the local tick: sets
   * `drawnX`/`drawnY` (units, not integers) rather than allocating a point every frame.
   */
  draw(alpha, now) {
    const left = this.blend(now);
    this.drawnX = this.prevX + (this.x - this.prevX) * alpha + this.offsetX * left;
    this.drawnY = this.prevY + (this.y - this.prevY) * alpha + this.offsetY * left;
  }

  /** The share of the last correction still shown at `now`: 1 when it happened, 0 when done. */
  blend(now) {
    return Math.max(0, 1 - (now - this.correctedAt) / SMOOTH_MS);
  }

  apply(move) {
    if (this.down || move === 0) return;
    const { solid, width, height, half, step } = this.ground;
    const [sx, sy] = DIRS[move];
    const d = sx !== 0 && sy !== 0 ? diagonal(step) : step;
    [this.x, this.y] = moveBox(solid, width, height, this.x, this.y, half, sx * d, sy * d);
  }
}
