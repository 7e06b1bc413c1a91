/**
 * The page's keyboard: a key pressed outside any text field goes to the game first; one the
 * game does not use and that is Space or Enter acts (whatever the overlay card's main button
 * would do: play, play again).
 */

/**
 * @typedef {object} KeyHandlers
 * @property {(event: KeyboardEvent) => boolean} onGameKey  true when the game used the key.
 * @property {(event: KeyboardEvent) => void} onAction  Space / Enter outside any control.
 */

/** @param {KeyHandlers} handlers */
export function listenToKeys(handlers) {
  window.addEventListener("keydown", (event) => onKey(event, handlers));
}

/** @param {KeyboardEvent} event */
function onKey(event, { onGameKey, onAction }) {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
  if (onGameKey(event)) return;
  if ((event.code === "Space" || event.key === "Enter") && !isControl(event.target)) {
    event.preventDefault();
    if (!event.repeat) onAction(event);
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
