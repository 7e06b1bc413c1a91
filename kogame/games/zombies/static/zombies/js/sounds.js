/**
 * What a Zombies player hears, and when: tones for the page shell's sound board (see
 * play/js/sound.js) and which differences between two frames call for them. Pure, so
 * tests/client/check_zombies_predict.mjs runs it under Node.
 *
 * Shots and kills in view are heard (the fight is shared); bites and going down only when they
 * are this player's own; a wave starting is everyone's news.
 */

export const SOUNDS = {
  shot: [{ wave: "square", from: 880, to: 220, length: 0.06, volume: 0.18 }],
  hit: [{ wave: "triangle", from: 300, to: 180, length: 0.07, volume: 0.4 }],
  zombie_death: [
    { wave: "sawtooth", from: 220, to: 70, length: 0.3, volume: 0.3 },
    { wave: "sine", from: 110, to: 50, at: 0.05, length: 0.3, volume: 0.4 },
  ],
  bite: [{ wave: "sawtooth", from: 160, to: 90, length: 0.15, volume: 0.5 }],
  down: [
    { wave: "sawtooth", from: 392, to: 98, length: 0.6, volume: 0.45 },
    { wave: "sine", from: 196, to: 49, length: 0.7, volume: 0.5 },
  ],
  wave: [
    { wave: "square", from: 330, length: 0.14, volume: 0.25 },
    { wave: "square", from: 440, at: 0.15, length: 0.14, volume: 0.25 },
    { wave: "square", from: 660, at: 0.3, length: 0.3, volume: 0.3 },
  ],
};

/**
 * The sounds one new frame calls for, at most one of each.
 * @param {import("./frames.js").Frame} before  the frame held until now.
 * @param {import("./frames.js").Frame} after  the new one.
 * @param {{hp: number, down: boolean} | null} youBefore  this player's `you` until now.
 * @param {{hp: number, down: boolean} | null} you  and in the new frame (null: watching).
 * @returns {string[]} names from SOUNDS.
 */
export function soundsBetween(before, after, youBefore, you) {
  const sounds = [];
  if (after.shots.length) sounds.push("shot");
  if (after.shots.some((shot) => shot[4] === 1)) sounds.push("hit");
  if (killsIn(after, before) > killsIn(before, after)) sounds.push("zombie_death");
  if (youBefore && you && !youBefore.down) {
    if (you.down) sounds.push("down");
    else if (you.hp < youBefore.hp) sounds.push("bite");
  }
  const started = after.wave > before.wave || (before.phase !== "fight" && after.phase === "fight");
  if (started) sounds.push("wave");
  return sounds;
}

/** Kills of the players in `frame` who are also in `among` (who came or went into view are
 * not news of a kill). */
function killsIn(frame, among) {
  let kills = 0;
  for (const player of frame.players.values()) {
    if (among.players.has(player.id)) kills += player.kills;
  }
  return kills;
}
