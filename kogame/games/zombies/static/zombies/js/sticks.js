/**
 * Twin sticks for touch screens, laid over the board's bottom corners (where thumbs rest on a
 * phone held sideways): the left one moves in eight directions, the right one aims and fires
 * while held. Each follows its own finger (pointer capture), so both work at once.
 *
 * Shown only on touch-first devices and while the player is standing (game.js says when).
 */

import { aimOf } from "./input.js";

/** Within this share of the stick's radius from its centre, a thumb means "stand" / no aim. */
export const DEAD_ZONE = 0.25;
const TOUCH_FIRST = matchMediaOrNull("(pointer: coarse)");

/** Whether the device is touch-first (a phone, a tablet): sticks, and taps for keys. */
export function touchFirst() {
  return Boolean(TOUCH_FIRST?.matches);
}

/**
 * The move (0..8) of a stick pushed by (dx, dy) from its centre; 0 inside the dead zone.
 * @param {number} radius  the stick's radius, in the same units as dx, dy.
 */
export function stickMove(dx, dy, radius) {
  if (Math.hypot(dx, dy) < DEAD_ZONE * radius) return 0;
  return (Math.round(aimOf(dx, dy) / 512) % 8) + 1;
}

export class Sticks {
  /** @param {HTMLElement} surface  the board (positioned: the sticks sit inside it). */
  constructor(surface) {
    this.move = 0;
    /** The right stick's aim while it is held beyond the dead zone, else null. */
    this.aim = null;
    this.firing = false;
    this.visible = false;
    this.left = stick(surface, "left", "Move", (dx, dy, r) => {
      this.move = dx === null ? 0 : stickMove(dx, dy, r);
    });
    this.right = stick(surface, "right", "Aim and fire", (dx, dy, r) => {
      this.firing = dx !== null;
      this.aim = dx !== null && Math.hypot(dx, dy) >= DEAD_ZONE * r ? aimOf(dx, dy) : null;
    });
  }

  /** Show the sticks while `wanted` (and the device is touch-first); let go when hidden. */
  show(wanted) {
    const visible = wanted && touchFirst();
    if (visible === this.visible) return;
    this.visible = visible;
    this.left.hidden = this.right.hidden = !visible;
    if (!visible) {
      this.move = 0;
      this.aim = null;
      this.firing = false;
    }
  }
}

/**
 * One stick: a round base with a knob that follows the thumb. `onPush(dx, dy, radius)` gets the
 * thumb's offset from the centre in CSS px, or nulls when the thumb leaves.
 */
function stick(surface, side, label, onPush) {
  const base = document.createElement("div");
  base.hidden = true;
  base.setAttribute("role", "presentation");
  base.title = label;
  Object.assign(base.style, {
    position: "absolute",
    bottom: "4%",
    [side]: "3%",
    height: "38%",
    aspectRatio: "1",
    borderRadius: "50%",
    background: "rgba(148, 163, 184, 0.12)",
    border: "2px solid rgba(148, 163, 184, 0.35)",
    touchAction: "none",
    userSelect: "none",
    webkitUserSelect: "none",
    zIndex: "1",
  });
  const knob = document.createElement("div");
  Object.assign(knob.style, {
    position: "absolute",
    left: "30%",
    top: "30%",
    width: "40%",
    height: "40%",
    borderRadius: "50%",
    background: side === "left" ? "rgba(125, 211, 252, 0.55)" : "rgba(252, 165, 165, 0.6)",
    pointerEvents: "none",
  });
  base.append(knob);
  surface.append(base);

  let finger = null;
  const push = (event) => {
    const box = base.getBoundingClientRect();
    const radius = box.width / 2;
    let dx = event.clientX - (box.left + radius);
    let dy = event.clientY - (box.top + radius);
    const length = Math.hypot(dx, dy);
    onPush(dx, dy, radius);
    if (length > radius) [dx, dy] = [(dx * radius) / length, (dy * radius) / length];
    knob.style.transform = `translate(${dx}px, ${dy}px)`;
  };
  const release = (event) => {
    if (event.pointerId !== finger) return;
    finger = null;
    knob.style.transform = "";
    onPush(null, null, 0);
  };
  base.addEventListener("pointerdown", (event) => {
    if (finger !== null) return;
    finger = event.pointerId;
    base.setPointerCapture(finger);
    event.preventDefault();
    push(event);
  });
  base.addEventListener("pointermove", (event) => {
    if (event.pointerId === finger) push(event);
  });
  base.addEventListener("pointerup", release);
  base.addEventListener("pointercancel", release);
  return base;
}

/** matchMedia where there is one (not under Node's tests). */
function matchMediaOrNull(query) {
  return typeof matchMedia === "function" ? matchMedia(query) : null;
}
