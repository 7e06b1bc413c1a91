/**
 * What Snek's death card and first-life hint say: pure functions of the state (state.js) and a
 * few numbers, with no DOM and no clock, so tests/client/check_snek_card.mjs runs them under
 * Node.
 */

/** The hint's words, by the kind of pointer: a phone has no arrow keys. */
export const HINTS = {
  keys: "Arrow keys / WASD / swipe to steer",
  touch: "Swipe or use the pad to steer",
};
/** How long the hint takes to fade once the player has turned. */
export const HINT_FADE_MS = 900;

/**
 * "1st", "2nd", "3rd", "4th", … "11th", "12th", "13th", "21st".
 * @param {number} n
 */
export function ordinal(n) {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}

/**
 * A life, as it ended: what the card shows of it. Read at the moment of death, since the room
 * goes on (ranks change, the killer moves on or dies).
 * @param {object} state  the State after the delta that killed `snake`.
 * @param {object} snake  the dead snake (its `corpse` is its body when it died).
 * @returns {{id: number, score: number, length: number, ticks: number | null, rank: number,
 *   of: number, killer: {id: number, name: string, player: string} | null}}
 */
export function lifeAtDeath(state, snake) {
  const killer = state.snakes.find((s) => s.id === snake.killer && s.id !== snake.id);
  return {
    id: snake.id,
    score: snake.score,
    length: snake.corpse.length,
    ticks: snake.bornTick === null ? null : snake.diedTick - snake.bornTick,
    // Shared places share a rank: 1 + the snakes that scored more, of every snake listed.
    rank: 1 + state.snakes.filter((s) => s.score > snake.score).length,
    of: state.snakes.length,
    killer: killer ? { id: killer.id, name: killer.name, player: killer.player } : null,
  };
}

/**
 * The card's rows, [label, value] each.
 * @param {ReturnType<typeof lifeAtDeath>} life
 * @param {object} room
 * @param {number} room.tickRate
 * @param {boolean} room.turns  a turn-based room, where time is counted in turns.
 * @param {number | null} room.best  the best score today, counting this life (null: none).
 * @param {number | null} room.previousBest  the best before this life.
 * @returns {[string, string][]}
 */
export function cardRows(life, { tickRate, turns, best, previousBest }) {
  const rows = [["Length", String(life.length)]];
  if (life.ticks !== null) rows.push(["Time alive", alive(life.ticks, tickRate, turns)]);
  rows.push(["Rank", `${ordinal(life.rank)} of ${life.of}`]);
  if (life.killer) rows.push(["Killed by", life.killer.name]);
  if (best !== null) {
    const beaten = life.score > 0 && life.score === best && (previousBest ?? 0) < best;
    rows.push(["Best today", beaten ? `${best} (new!)` : String(best)]);
  }
  return rows;
}

function alive(ticks, tickRate, turns) {
  if (turns) return `${ticks} turn${ticks === 1 ? "" : "s"}`;
  const seconds = ticks / tickRate;
  return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}

/**
 * How strongly to show the first-life hint (0: not at all).
 * @param {{firstLife: boolean, turnedAt: number | null, now: number}} at  `firstLife`: our
 *   snake is alive and is this page visit's first; `turnedAt`: when the player first turned.
 */
export function hintAlpha({ firstLife, turnedAt, now }) {
  if (!firstLife) return 0;
  if (turnedAt === null) return 1;
  return Math.max(0, 1 - (now - turnedAt) / HINT_FADE_MS);
}

/**
 * Whole seconds left of a held snake's wait, for its countdown (at least 1 while held).
 * @param {number} heldUntil  the tick it goes by itself.
 * @param {number} tick  the state's tick.
 * @param {number} alpha  how far into the next tick this frame is, 0 to 1.
 * @param {number} tickRate
 */
export function holdSecondsLeft(heldUntil, tick, alpha, tickRate) {
  return Math.max(1, Math.ceil((heldUntil - tick - alpha) / tickRate));
}
