/**
 * What the player wants, read from the keyboard and the mouse: a direction of movement (WASD or
 * the arrows, two at once for the diagonals), an aim (towards the pointer) and whether to fire
 * (the left button held). The local clock in game.js reads it once per tick into a command; only
 * intentions leave the browser.
 *
 * The shell passes key presses in (`keydown`) but not releases, so releases are heard on the
 * window, and everything held is let go when the window loses focus (a key released elsewhere
 * would otherwise walk the player on forever).
 */

import { moveOf } from "./predict.js";

const KEY_AXES = {
  ArrowUp: [0, -1],
  KeyW: [0, -1],
  ArrowDown: [0, 1],
  KeyS: [0, 1],
  ArrowLeft: [-1, 0],
  KeyA: [-1, 0],
  ArrowRight: [1, 0],
  KeyD: [1, 0],
};

/** Whether a key moves the player. */
export function isMoveKey(code) {
  return code in KEY_AXES;
}

/**
 * The move (0..8) the held keys ask for; opposite keys cancel out.
 * @param {Iterable<string>} held  KeyboardEvent codes.
 */
export function moveOfKeys(held) {
  let sx = 0;
  let sy = 0;
  for (const code of held) {
    const axes = KEY_AXES[code];
    if (axes) [sx, sy] = [sx + axes[0], sy + axes[1]];
  }
  return moveOf(sx, sy);
}

/** The aim (0..4095, 0 = east, 1024 = down) of the vector (dx, dy) in screen coordinates. */
export function aimOf(dx, dy) {
  return Math.round((Math.atan2(dy, dx) * 4096) / (2 * Math.PI)) & 4095;
}

/** Keys and mouse, as held right now. */
export class KeyboardMouse {
  constructor() {
    /** @type {Set<string>} move keys held. */
    this.held = new Set();
    /** The pointer over the board, in CSS px from its top-left corner; null when unknown. */
    this.pointerX = null;
    this.pointerY = null;
    this.firing = false;
  }

  /** @param {KeyboardEvent} event  from the shell's `keydown`. @returns whether it moves. */
  press(event) {
    if (!isMoveKey(event.code)) return false;
    this.held.add(event.code);
    return true;
  }

  get move() {
    return moveOfKeys(this.held);
  }

  /**
   * Listen for releases on the window and for the mouse on the board. Touches are the sticks'
   * (sticks.js): a finger on the board neither aims nor fires.
   * @param {HTMLElement} surface
   */
  listen(surface) {
    addEventListener("keyup", (event) => this.held.delete(event.code));
    addEventListener("blur", () => {
      this.held.clear();
      this.firing = false;
    });
    const track = (event) => {
      const box = surface.getBoundingClientRect();
      this.pointerX = event.clientX - box.left;
      this.pointerY = event.clientY - box.top;
    };
    surface.addEventListener("pointermove", (event) => {
      if (event.pointerType === "mouse" || event.pointerType === "pen") track(event);
    });
    surface.addEventListener("pointerdown", (event) => {
      if (event.pointerType === "touch" || event.button !== 0) return;
      track(event);
      this.firing = true;
    });
    addEventListener("pointerup", (event) => {
      if (event.pointerType !== "touch" && event.button === 0) this.firing = false;
    });
    surface.addEventListener("contextmenu", (event) => event.preventDefault());
  }
}
