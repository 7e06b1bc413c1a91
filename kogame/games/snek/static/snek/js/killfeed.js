/**
 * The kill feed: "Ada ate Bot Rex" in the board's corner for a few seconds after each kill.
 * The server credits every kill (the `died` entry's third item, docs/protocol.md); this turns
 * those into lines and keeps the last few. Pure, so tests/client runs it under Node.
 */

/** How long a line stays, and how long it takes to fade at the end. */
export const FEED_MS = 4000;
const FADE_MS = 600;
/** The most lines shown at once; older ones give way. */
export const FEED_LINES = 4;

/**
 * The kill lines one delta brings, read from the state it was applied to.
 * @param {object} state  the State (state.js) after the delta.
 * @param {object} delta  the delta message.
 * @param {string | null} me  this browser's player id: its snake reads as "You" / "you".
 * @returns {string[]}
 */
export function killLines(state, delta, me) {
  const lines = [];
  for (const [victimId, , killerId] of delta.died ?? []) {
    if (killerId === null || killerId === undefined) continue;
    const victim = state.snakes.find((s) => s.id === victimId);
    const killer = state.snakes.find((s) => s.id === killerId);
    if (!victim || !killer) continue;
    const who = killer.player === me ? "You" : killer.name;
    const whom = victim.player === me ? "you" : victim.name;
    lines.push(`${who} ate ${whom}`);
  }
  return lines;
}

export class KillFeed {
  constructor() {
    /** @type {{text: string, at: number}[]} */
    this.entries = [];
  }

  /** @param {string[]} lines @param {number} now */
  add(lines, now) {
    for (const text of lines) this.entries.push({ text, at: now });
    if (this.entries.length > FEED_LINES) this.entries.splice(0, this.entries.length - FEED_LINES);
  }

  /**
   * The lines to draw now, oldest first, each with its opacity (fading out at the end).
   * @param {number} now
   * @returns {{text: string, alpha: number}[]}
   */
  visible(now) {
    this.entries = this.entries.filter((entry) => now - entry.at < FEED_MS);
    return this.entries.map((entry) => ({
      text: entry.text,
      alpha: Math.min(1, (FEED_MS - (now - entry.at)) / FADE_MS),
    }));
  }

  clear() {
    this.entries = [];
  }
}
