/**
 * Player input: arrow keys and WASD steer, Space and Enter act (play / play again), and on
 * touch screens a swipe across the board steers.
 *
 * Only intentions leave this module; whether a turn is legal is the server's call.
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
 * @typedef {object} InputHandlers
 * @property {(direction: string) => void} onTurn
 * @property {() => void} onAction  Space / Enter outside any control.
 * @property {() => boolean} isPlaying  while true, swipes on the board never scroll the page.
 */

/**
 * @param {HTMLElement} surface  the element that takes swipes (the board).
 * @param {InputHandlers} handlers
 */
export function listen(surface, handlers) {
  window.addEventListener("keydown", (event) => onKey(event, handlers));
  listenForSwipes(surface, handlers);
}

/** @param {KeyboardEvent} event */
function onKey(event, { onTurn, onAction }) {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
  const direction = KEY_DIRECTIONS[event.code];
  if (direction) {
    event.preventDefault(); // arrows would scroll the page
    if (!event.repeat) onTurn(direction);
  } else if ((event.code === "Space" || event.key === "Enter") && !isControl(event.target)) {
    event.preventDefault();
    if (!event.repeat) onAction();
  }
}

/** Keys typed into a text field belong to the field. */
function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches("input, textarea, select");
}

/** A focused button already answers Space and Enter itself; acting too would do it twice. */
function isControl(target) {
  const controls = "button, a[href], summary, [role='button']";
  return target instanceof HTMLElement && target.matches(controls);
}

/**
 * A swipe turns as soon as the finger has travelled far enough, then measures again from there,
 * so a player can steer twice without lifting the finger.
 */
function listenForSwipes(surface, { onTurn, isPlaying }) {
  let anchor = null;
  surface.addEventListener("touchstart", (event) => {
    if (event.touches.length !== 1 || !isPlaying()) return (anchor = null);
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
