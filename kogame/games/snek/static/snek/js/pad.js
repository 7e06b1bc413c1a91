/**
 * The on-screen pad: four arrows in a cross, for players who would rather tap than swipe. It is
 * optional: a toggle next to it shows or hides it, and the browser remembers the choice.
 *
 * A touch anywhere on the pad steers towards the side of the pad it lands on (measured from
 * its centre), and sliding the thumb to another side steers again, so the arrows need not be
 * hit exactly. Keyboard users can press the arrow buttons too, though the keys do more.
 */

export const PAD_KEY = "kogame.snek.pad";

/** Within this fraction of the pad's half-size around its centre, a touch means nothing. */
const DEAD_ZONE = 0.2;

const ARROWS = [
  ["up", "Steer up"],
  ["left", "Steer left"],
  ["right", "Steer right"],
  ["down", "Steer down"],
];

/**
 * The direction a point on the pad steers: the side of the pad it is on, by the larger of the
 * two distances from the centre (each relative to the pad's half-size), or null near the centre.
 * @param {number} x  the point, in the same coordinates as `rect`.
 * @param {number} y
 * @param {{left: number, top: number, width: number, height: number}} rect  the pad's box.
 * @returns {"up" | "down" | "left" | "right" | null}
 */
export function padDirection(x, y, rect) {
  const dx = (x - (rect.left + rect.width / 2)) / (rect.width / 2);
  const dy = (y - (rect.top + rect.height / 2)) / (rect.height / 2);
  if (Math.max(Math.abs(dx), Math.abs(dy)) < DEAD_ZONE) return null;
  if (Math.abs(dx) > Math.abs(dy)) return dx > 0 ? "right" : "left";
  return dy > 0 ? "down" : "up";
}

/**
 * Whether the player turned the pad on, as remembered in `storage` (off when unknown).
 * @param {Storage | null} storage
 */
export function padWanted(storage) {
  try {
    return storage?.getItem(PAD_KEY) === "on";
  } catch {
    return false;
  }
}

/**
 * @param {Storage | null} storage
 * @param {boolean} on
 */
export function rememberPad(storage, on) {
  try {
    storage?.setItem(PAD_KEY, on ? "on" : "off");
  } catch {
    // Not remembering is fine: the toggle still works for this visit.
  }
}

/**
 * Builds the toggle and the pad inside `slot` (the page's element for the game's own
 * controls) and steers through `onTurn`.
 */
export class Pad {
  /**
   * @param {HTMLElement} slot
   * @param {{onTurn: (direction: string) => void, storage?: Storage | null}} options
   */
  constructor(slot, { onTurn, storage = pageStorage() }) {
    this.onTurn = onTurn;
    this.storage = storage;
    /** The direction the current touch last steered, so a still thumb sends it once. */
    this.last = null;
    this.toggle = document.createElement("button");
    this.toggle.type = "button";
    this.toggle.className = "button button-ghost button-small controls-toggle";
    this.toggle.id = "pad-toggle";
    this.toggle.textContent = "Touch pad";
    this.toggle.setAttribute("aria-controls", "pad");
    this.pad = document.createElement("div");
    this.pad.className = "pad";
    this.pad.id = "pad";
    this.pad.setAttribute("role", "group");
    this.pad.setAttribute("aria-label", "Steering pad");
    for (const [direction, label] of ARROWS) this.pad.append(arrow(direction, label));
    slot.append(this.toggle, this.pad);
    this.show(padWanted(storage));
    this.listen();
  }

  /** @param {boolean} on */
  show(on) {
    this.pad.hidden = !on;
    this.toggle.setAttribute("aria-pressed", String(on));
  }

  listen() {
    this.toggle.addEventListener("click", () => {
      const on = this.pad.hidden;
      this.show(on);
      rememberPad(this.storage, on);
    });
    this.pad.addEventListener("pointerdown", (event) => {
      event.preventDefault(); // no focus ring, no text selection, no page scroll
      this.pad.setPointerCapture?.(event.pointerId);
      this.last = null;
      this.steer(event);
    });
    this.pad.addEventListener("pointermove", (event) => {
      if (this.pad.hasPointerCapture?.(event.pointerId)) this.steer(event);
    });
    const release = () => (this.last = null);
    this.pad.addEventListener("pointerup", release);
    this.pad.addEventListener("pointercancel", release);
    // A button pressed from the keyboard (a pointer already steered on pointerdown).
    this.pad.addEventListener("click", (event) => {
      const button = event.target.closest?.("[data-direction]");
      if (button && event.detail === 0) this.onTurn(button.dataset.direction);
    });
  }

  steer(event) {
    const direction = padDirection(event.clientX, event.clientY, this.pad.getBoundingClientRect());
    if (!direction || direction === this.last) return;
    this.last = direction;
    this.onTurn(direction);
  }
}

function arrow(direction, label) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "pad-button";
  button.dataset.direction = direction;
  button.setAttribute("aria-label", label);
  return button;
}

function pageStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
