/**
 * The room's clock as the page sees it: how far an animation frame is between two game frames,
 * and in a turn-based room how much of the move deadline is left. Pure functions of times in
 * ms (as from performance.now()), so tests/client/check_clock.mjs runs them under Node.
 */

/**
 * @typedef {{kind: "fixed"} | {kind: "turns", deadline_ms: number}} Clock  the `clock` field
 *   of `welcome`: a room that ticks at its tick rate, or one that advances when every player
 *   has moved or the move deadline has passed.
 */

/**
 * How far from the previous game frame to the latest one an animation frame at `now` is, from
 * 0 (just arrived) to 1 (a whole tick later, or more). A frame that arrived at -Infinity (a
 * snapshot: nothing to come from) is at 1 at once.
 * @param {number} now
 * @param {number} frameAt  when the latest game frame was applied.
 * @param {number | null | undefined} tickRate  ticks a second, from `welcome`.
 */
export function frameAlpha(now, frameAt, tickRate) {
  return fraction(now - frameAt, tickRate > 0 ? 1000 / tickRate : 0);
}

/**
 * The share of the move deadline still left at `now`, from 1 (the frame just arrived) to 0
 * (the deadline has passed), or null when the room is not turn-based.
 * @param {Clock | null | undefined} clock
 * @param {number} now
 * @param {number} frameAt  when the latest game frame arrived: each one opens a new turn.
 */
export function turnLeft(clock, now, frameAt) {
  if (clock?.kind !== "turns") return null;
  return 1 - fraction(now - frameAt, clock.deadline_ms);
}

/** `elapsed` as a share of `span`, within [0, 1]; all of it when the span is not positive. */
function fraction(elapsed, span) {
  if (!(span > 0)) return 1;
  return Math.min(1, Math.max(0, elapsed / span));
}
