/**
 * Reading the server's area frames (contract "Wire"). A snapshot holds the whole of this
 * connection's area. A delta holds its players, shots and hurt zombies whole too, and either
 * its zombies whole (`z`) or, usually, where they went since the area's previous frame: one
 * character a zombie (`zm`, in the order of `heldOrder`), and the zombies that came in whole
 * (`zn`); see kogame/games/zombies/codec.py. Each one becomes a complete Frame: interpolation
 * keeps earlier frames, so nothing held is patched in place.
 * A frame that does not have the wire's shape, or whose moves do not fit the frame held, is
 * refused (null), which makes the shell ask for a snapshot: a half-read frame would leave
 * entities in odd places.
 *
 * Pure: tests/client/check_zombies_predict.mjs runs it under Node.
 */

export const PHASES = new Set(["fight", "break", "over"]);

/**
 * @typedef {object} Player  one player in view, positions in px.
 * @property {string} id
 * @property {number} x
 * @property {number} y
 * @property {number} aim  0..4095.
 * @property {number} hp
 * @property {boolean} down
 * @property {number} kills
 * @property {number} revive  0..100, progress of a revive.
 *
 * @typedef {{id: number, x: number, y: number, hp: number}} Zombie
 *
 * @typedef {object} Frame
 * @property {number} tick
 * @property {number} wave
 * @property {"fight" | "break" | "over"} phase
 * @property {number} left  zombies left in the wave.
 * @property {number} timer  ticks until the break or the game over ends; 0 in a fight.
 * @property {Map<string, Player>} players  by id.
 * @property {Map<number, Zombie>} zombies  by id.
 * @property {number[][]} shots  [x1, y1, x2, y2, hit] in px, this tick's.
 * @property {Record<string, string> | null} names  names of players, when the frame has them.
 * @property {Map<string, BoardRow> | null} board  every player's scoreboard row, when the frame
 *   has them (snapshots, and deltas of ticks that changed the board): the players listed are
 *   exactly those in the game.
 * @property {string | null} area  the regions the frame covers ("first,last,top,bottom"
 *   across and down), null when the frame does not say.
 *
 * @typedef {{kills: number, waves: number, down: boolean}} BoardRow
 */

const isInt = Number.isInteger;

/** A zombie's step in a tick, dx and dy in -MOVE_REACH..MOVE_REACH px, is the character
 * MOVES[(dy + MOVE_REACH) * MOVE_SPAN + dx + MOVE_REACH]; GONE: it died or left. */
export const MOVE_REACH = 4;
const MOVE_SPAN = 2 * MOVE_REACH + 1;
export const MOVES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-./:;<=>?@";
export const GONE = "_";
const STEP = new Map([...MOVES].map((ch, i) => [ch, [(i % MOVE_SPAN) - MOVE_REACH, Math.floor(i / MOVE_SPAN) - MOVE_REACH]]));

/** A delta that is not for the frame held: of another area (its snapshot follows), or old. */
export const ELSEWHERE = "elsewhere";
export const OLD = "old";

/**
 * The map's regions as the moves need them (from `welcome`): their side in px and how many
 * there are across.
 * @returns {{px: number, across: number}}
 */
export function regionGrid(map, region) {
  return { px: map.tile * region, across: Math.ceil(map.width / region) };
}

/**
 * The zombies of a frame in the order a delta's moves list them: by the region their centre
 * is in (rows of regions top to bottom, each left to right), then by id.
 * @param {Map<number, Zombie>} zombies
 * @param {{px: number, across: number}} grid
 */
export function heldOrder(zombies, grid) {
  const key = (z) => Math.floor(z.y / grid.px) * grid.across + Math.floor(z.x / grid.px);
  return [...zombies.values()].sort((a, b) => key(a) - key(b) || a.id - b.id);
}

/** A zombie's full health in wave `wave` (rules.zombie_health): 100, +10 a wave after the 3rd.
 * Frames list only the health of zombies that have less (`zh`). */
export function zombieHealth(wave) {
  return 100 + 10 * Math.max(0, wave - 3);
}

/**
 * @param {object} msg  a `snapshot` or `delta` as it came.
 * @param {Frame | null} before  the frame held, which a delta's moves start from.
 * @param {{px: number, across: number} | null} grid  the map's regions (`regionGrid`).
 * @returns {Frame | null | "elsewhere" | "old"} null when it is malformed or does not fit
 *   the frame held (a tick missed); ELSEWHERE or OLD when it is not news for this frame.
 */
export function readFrame(msg, before = null, grid = null) {
  const { tick, wave, phase, left, timer, p, z, zm, zn, zh, s, names, board, a } = msg;
  if (!isInt(tick) || !isInt(wave) || !PHASES.has(phase) || !isInt(left) || !isInt(timer)) {
    return null;
  }
  if (a !== undefined && !(Array.isArray(a) && a.length === 4 && a.every(isInt))) return null;
  const area = a === undefined ? null : a.join(",");
  if (before && tick <= before.tick) return OLD;
  if (!Array.isArray(p)) return null;
  if (!Array.isArray(zh) || zh.length % 2 !== 0 || !zh.every(isInt)) return null;
  if (s !== undefined && !Array.isArray(s)) return null;
  if (names !== undefined && (typeof names !== "object" || names === null)) return null;
  const players = new Map();
  for (const row of p) {
    if (!Array.isArray(row) || row.length < 8 || typeof row[0] !== "string") return null;
    if (!row.slice(1, 8).every(isInt)) return null;
    const [id, x, y, aim, hp, down, kills, revive] = row;
    players.set(id, { id, x, y, aim, hp, down: down === 1, kills, revive });
  }
  const full = zombieHealth(wave);
  let zombies;
  if (z !== undefined) {
    if (!Array.isArray(z)) return null;
    zombies = zombiesFrom(z, full);
  } else {
    if (typeof zm !== "string" || area === null) return null;
    if (!before || !grid) return null;
    if (before.area !== area) return ELSEWHERE;
    if (tick !== before.tick + 1) return null;
    zombies = moved(before, zm, a, grid, full);
    const news = Array.isArray(zn) && zombiesFrom(zn, full);
    if (!zombies || !news) return null;
    for (const [id, zombie] of news) zombies.set(id, zombie);
  }
  if (!zombies) return null;
  for (let i = 0; i < zh.length; i += 2) {
    const zombie = zombies.get(zh[i]);
    if (zombie) zombie.hp = zh[i + 1];
  }
  const shots = s ?? [];
  if (!shots.every((shot) => Array.isArray(shot) && shot.length >= 5 && shot.every(isInt))) {
    return null;
  }
  let rows = null;
  if (board !== undefined) {
    if (!Array.isArray(board)) return null;
    rows = new Map();
    for (const row of board) {
      if (!Array.isArray(row) || row.length < 4 || typeof row[0] !== "string") return null;
      if (!row.slice(1, 4).every(isInt)) return null;
      rows.set(row[0], { kills: row[1], waves: row[2], down: row[3] === 1 });
    }
  }
  return {
    tick, wave, phase, left, timer, players, zombies, shots, names: names ?? null, board: rows, area,
  };
}

/** Zombies listed whole, id, x, y flat; null when the list is malformed. */
function zombiesFrom(flat, hp) {
  if (flat.length % 3 !== 0) return null;
  const zombies = new Map();
  for (let i = 0; i < flat.length; i += 3) {
    if (!isInt(flat[i]) || !isInt(flat[i + 1]) || !isInt(flat[i + 2])) return null;
    zombies.set(flat[i], { id: flat[i], x: flat[i + 1], y: flat[i + 2], hp });
  }
  return zombies;
}

/**
 * The zombies of `before` moved by `codes`, less those that died or left the regions
 * `[first, last, top, bottom]`; null when the codes do not fit what is held.
 */
function moved(before, codes, [first, last, top, bottom], grid, hp) {
  const held = heldOrder(before.zombies, grid);
  if (held.length !== codes.length) return null;
  const zombies = new Map();
  for (let i = 0; i < held.length; i++) {
    const code = codes[i];
    if (code === GONE) continue;
    const step = STEP.get(code);
    if (!step) return null;
    const x = held[i].x + step[0];
    const y = held[i].y + step[1];
    const column = Math.floor(x / grid.px);
    const row = Math.floor(y / grid.px);
    if (column < first || column > last || row < top || row > bottom) continue;
    zombies.set(held[i].id, { id: held[i].id, x, y, hp });
  }
  return zombies;
}

/**
 * The `you` part, or null when the message has none (watching) or it is malformed.
 * @returns {{ack: number, x: number, y: number, hp: number, down: boolean, cd: number} | null}
 */
export function readYou(msg) {
  const you = msg.you;
  if (typeof you !== "object" || you === null) return null;
  const { ack, x, y, hp, down, cd } = you;
  if (![ack, x, y, hp].every(isInt)) return null;
  return { ack, x, y, hp, down: down === 1 || down === true, cd: isInt(cd) ? cd : 0 };
}
