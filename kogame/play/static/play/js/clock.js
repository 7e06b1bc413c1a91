/**
 * The room's clock as the page sees it: how far an animation frame is between two game frames.
 * Pure functions of times in ms (as from performance.now()), so tests/client/check_clock.mjs
 * runs them under Node.
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

/** `elapsed` as a share of `span`, within [0, 1]; all of it when the span is not positive. */
function fraction(elapsed, span) {
  if (!(span > 0)) return 1;
  return Math.min(1, Math.max(0, elapsed / span));
}
