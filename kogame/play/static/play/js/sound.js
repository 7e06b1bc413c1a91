/**
 * The page's sounds: short tones synthesised with Web Audio from definitions the game gives,
 * so no sound files (and no question of their licence) are needed.
 *
 * Browsers refuse to start audio before the visitor has interacted with the page, and a game
 * that beeps at someone who has not touched anything yet is rude anyway: nothing plays until
 * `unlock()` runs from a user gesture. Muting is remembered in the browser.
 */

export const MUTE_KEY = "kogame.muted";

/** Loudness of everything together; each tone's own `volume` scales under it. */
const MASTER_VOLUME = 0.35;
/** Seconds for a tone to reach its volume: instant onsets click. */
const ATTACK = 0.005;
/** The quietest level an exponential ramp may aim for (it cannot reach zero). */
const SILENT = 0.0001;

/**
 * @typedef {object} Tone  one oscillator note; a sound is a list of them.
 * @property {OscillatorType} [wave]  "sine" (default), "square", "triangle" or "sawtooth".
 * @property {number} from  frequency at the start, in Hz.
 * @property {number} [to]  frequency at the end (a glide); `from` when absent.
 * @property {number} [at]  seconds after the sound starts (default 0).
 * @property {number} length  seconds until it has faded out.
 * @property {number} [volume]  0–1 (default 1).
 *
 * @typedef {Record<string, Tone[]>} SoundDefinitions  the game's sounds by name.
 *
 * @typedef {object} SoundOptions
 * @property {Storage | null} [storage]  where the mute switch is kept (null: not kept).
 * @property {(() => AudioContext) | null} [createContext]  makes the audio context, on unlock;
 *   null when the browser has no Web Audio.
 */

export class SoundBoard {
  /** @param {SoundOptions} [options] */
  constructor({ storage = pageStorage(), createContext = webAudio() } = {}) {
    this.storage = storage;
    this.createContext = createContext;
    /** @type {SoundDefinitions} */
    this.sounds = {};
    /** @type {AudioContext | null} made on the first user gesture. */
    this.context = null;
    this.output = null;
    this.muted = read(storage) === "true";
  }

  /** Whether this browser can play anything at all (the page hides the switch otherwise). */
  get available() {
    return this.createContext !== null;
  }

  /** @param {SoundDefinitions} sounds */
  define(sounds) {
    this.sounds = { ...sounds };
  }

  /** @param {boolean} muted */
  setMuted(muted) {
    this.muted = muted;
    write(this.storage, String(muted));
  }

  /** Call from a user gesture (a tap, a click, a key): from then on sounds may play. */
  unlock() {
    if (!this.createContext) return;
    try {
      if (!this.context) {
        this.context = this.createContext();
        this.output = this.context.createGain();
        this.output.gain.value = MASTER_VOLUME;
        this.output.connect(this.context.destination);
      }
      if (this.context.state === "suspended") this.context.resume()?.catch(() => {});
    } catch {
      this.createContext = null; // audio refused for good: stay silent
      this.context = null;
    }
  }

  /**
   * Play a defined sound now, unless muted, not unlocked yet, or unknown.
   * @param {string} name
   * @returns {boolean} whether it was scheduled.
   */
  play(name) {
    const tones = this.sounds[name];
    if (this.muted || !this.context || !tones || this.context.state !== "running") return false;
    const start = this.context.currentTime;
    for (const tone of tones) this.tone(tone, start + (tone.at ?? 0));
    return true;
  }

  /** One note: a gliding oscillator under a quick attack and an exponential fade. */
  tone({ wave = "sine", from, to = from, length, volume = 1 }, start) {
    const context = this.context;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = wave;
    oscillator.frequency.setValueAtTime(from, start);
    if (to !== from) oscillator.frequency.exponentialRampToValueAtTime(to, start + length);
    gain.gain.setValueAtTime(SILENT, start);
    gain.gain.exponentialRampToValueAtTime(Math.max(volume, SILENT), start + ATTACK);
    gain.gain.exponentialRampToValueAtTime(SILENT, start + length);
    oscillator.connect(gain);
    gain.connect(this.output);
    oscillator.start(start);
    oscillator.stop(start + length + 0.02);
  }
}

/** The browser's AudioContext constructor as a factory, or null without Web Audio. */
function webAudio() {
  const Context = globalThis.AudioContext ?? globalThis.webkitAudioContext;
  return Context ? () => new Context() : null;
}

/** localStorage, or null where it cannot be used (some private modes, sandboxed frames). */
function pageStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function read(storage) {
  try {
    return storage?.getItem(MUTE_KEY) ?? null;
  } catch {
    return null;
  }
}

function write(storage, value) {
  try {
    storage?.setItem(MUTE_KEY, value);
  } catch {
    // Not remembering the switch is fine: it still works for this visit.
  }
}
