/**
 * Steering: arrow keys and WASD, and on touch screens a swipe across the board.
 *
 * Only intentions leave this module; whether a turn is legal is the server's call. The page
 * shell decides which key presses reach the game at all (none typed into a text field).
 */

const KEY_DIRECTIONS = {
  ArrowUp: "up",
  ArrowDown: "down",
  ArrowLeft: "left",
  ArrowRight: "right",
  KeyW: "up",
  KeyS: "down",
  KeyA: "left",
  KeyD: "right",
};

/** Finger travel, in CSS pixels, that counts as a swipe rather than a tap or a wobble. */
const SWIPE_PX = 24;

/**
 * The direction a key steers, or null for a key that does not steer.
 * @param {KeyboardEvent} event
 * @returns {string | null}
 */
export function keyDirection(event) {
  return KEY_DIRECTIONS[event.code] ?? null;
}

/**
 * @typedef {object} SwipeHandlers
 * @property {(direction: string) => void} onTurn
 * @property {() => boolean} isSteering  while true, swipes on the board never scroll the page.
 */

/**
 * A swipe turns as soon as the finger has travelled far enough, then measures again from there,
 * so a player can steer twice without lifting the finger.
 * @param {HTMLElement} surface  the element that takes swipes (the board).
 * @param {SwipeHandlers} handlers
 */
export function listenForSwipes(surface, { onTurn, isSteering }) {
  let anchor = null;
  surface.addEventListener("touchstart", (event) => {
    if (event.touches.length !== 1 || !isSteering()) return (anchor = null);
    anchor = pointOf(event.touches[0]);
  }, { passive: true });
  surface.addEventListener("touchmove", (event) => {
    if (!anchor) return;
    event.preventDefault();
    const point = pointOf(event.touches[0]);
    const direction = swipeDirection(anchor, point);
    if (!direction) return;
    onTurn(direction);
    anchor = point;
  }, { passive: false });
  surface.addEventListener("touchend", (event) => {
    if (!anchor) return;
    const direction = swipeDirection(anchor, pointOf(event.changedTouches[0]));
    if (direction) onTurn(direction);
    anchor = null;
  });
  surface.addEventListener("touchcancel", () => (anchor = null));
}

function pointOf(touch) {
  return { x: touch.clientX, y: touch.clientY };
}

/** The dominant axis of the movement, once it is longer than SWIPE_PX; otherwise null. */
function swipeDirection(from, to) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (Math.max(Math.abs(dx), Math.abs(dy)) < SWIPE_PX) return null;
  if (Math.abs(dx) > Math.abs(dy)) return dx > 0 ? "right" : "left";
  return dy > 0 ? "down" : "up";
}
