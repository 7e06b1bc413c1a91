/**
 * Reading the server's area frames (contract "Wire"): a snapshot and a delta both hold the
 * whole of this connection's area, so each one becomes a complete Frame and nothing is patched.
 * A frame that does not have the wire's shape is refused (null), which makes the shell ask for
 * a snapshot: a half-read frame would leave entities in odd places.
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
 *
 * @typedef {{kills: number, waves: number, down: boolean}} BoardRow
 */

const isInt = Number.isInteger;

/** A zombie's full health in wave `wave` (rules.zombie_health): 100, +10 a wave after the 3rd.
 * Frames list only the health of zombies that have less (`zh`). */
export function zombieHealth(wave) {
  return 100 + 10 * Math.max(0, wave - 3);
}

/**
 * @param {object} msg  a `snapshot` or `delta` as it came.
 * @returns {Frame | null} null when it is malformed.
 */
export function readFrame(msg) {
  const { tick, wave, phase, left, timer, p, z, zh, s, names, board } = msg;
  if (!isInt(tick) || !isInt(wave) || !PHASES.has(phase) || !isInt(left) || !isInt(timer)) {
    return null;
  }
  if (!Array.isArray(p) || !Array.isArray(z) || z.length % 3 !== 0) return null;
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
  const zombies = new Map();
  const full = zombieHealth(wave);
  for (let i = 0; i < z.length; i += 3) {
    if (!isInt(z[i]) || !isInt(z[i + 1]) || !isInt(z[i + 2])) return null;
    zombies.set(z[i], { id: z[i], x: z[i + 1], y: z[i + 2], hp: full });
  }
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
  return { tick, wave, phase, left, timer, players, zombies, shots, names: names ?? null, board: rows };
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
