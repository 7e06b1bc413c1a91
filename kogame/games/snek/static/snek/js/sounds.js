/**
 * What a Snek player hears, and when: the tones (played by the page shell's sound board, see
 * play/js/sound.js) and which changes of the state call for them. Pure data and functions, so
 * they run under Node in tests/client/check_snek_sounds.mjs.
 *
 * Only this player's own moments make a sound: eating, dying, and a kill — another snake
 * dying by running into this player's snake.
 */

/** The sounds by name: Tone lists as the shell's sound board takes them. */
export const SOUNDS = {
  eat: [{ wave: "triangle", from: 660, to: 990, length: 0.09, volume: 0.7 }],
  die: [
    { wave: "sawtooth", from: 330, to: 110, length: 0.45, volume: 0.45 },
    { wave: "sine", from: 165, to: 55, length: 0.5, volume: 0.6 },
  ],
  kill: [
    { wave: "square", from: 523, length: 0.08, volume: 0.3 },
    { wave: "square", from: 784, at: 0.08, length: 0.16, volume: 0.3 },
  ],
};

/**
 * @typedef {object} Moment  what the sounds compare, taken just before a delta is applied.
 * @property {{id: number, alive: boolean, score: number} | null} mine  this player's snake.
 * @property {Set<number>} living  ids of every snake alive then.
 */

/**
 * @param {object | null} state  the State from state.js.
 * @param {object | null} mine  this player's snake in it, or null.
 * @returns {Moment}
 */
export function momentOf(state, mine) {
  return {
    mine: mine && { id: mine.id, alive: mine.alive, score: mine.score },
    living: new Set((state?.snakes ?? []).filter((s) => s.alive).map((s) => s.id)),
  };
}

/**
 * The sounds one applied delta calls for, by comparing the moment before it with the state
 * after it.
 * @param {Moment} before
 * @param {object} state  the State after the delta.
 * @param {object | null} mine  this player's snake after the delta, or null.
 * @returns {string[]} names from SOUNDS, at most one of each.
 */
export function soundsBetween(before, state, mine) {
  const was = before.mine;
  if (!was || !mine || mine.id !== was.id || !was.alive) return [];
  if (!mine.alive) return ["die"];
  const sounds = [];
  if (mine.score > was.score) sounds.push("eat");
  const killed = state.snakes.some((s) => before.living.has(s.id) && !s.alive && s.killer === mine.id);
  if (killed) sounds.push("kill");
  return sounds;
}
