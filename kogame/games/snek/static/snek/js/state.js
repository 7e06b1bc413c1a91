/**
 * The client's copy of a Snek room: built from a `snapshot`, kept current by applying each
 * `delta` (docs/protocol.md). Pure data and functions with no DOM and no clock, so the very same
 * module runs in the browser and under Node in tests/client/check_deltas.mjs.
 *
 * Besides the protocol fields, each snake carries a few client-only notes the renderer and the
 * overlay need and the server never sends: where its head was before the last move and which
 * tail cell that move dropped (to interpolate between ticks), and how and when it died.
 */

/**
 * @typedef {[number, number]} Cell  `[x, y]`; x grows rightwards, y downwards.
 *
 * @typedef {object} Snake
 * @property {number} id
 * @property {string} player
 * @property {string} name
 * @property {string} colour
 * @property {boolean} bot  played by the server's AI rather than a person.
 * @property {Cell[]} body  head first; empty once dead.
 * @property {boolean} alive
 * @property {number} score
 * @property {number | null} heldUntil  a new snake waiting at its spawn for its player's first
 *   turn: the tick it goes by itself; null once it moves (protocol field `held_until`).
 * @property {number | null} bornTick  tick of the delta that spawned it, when we saw it spawn.
 * @property {number | null} movedTick  tick of the last applied move.
 * @property {Cell | null} prevHead  head before that move.
 * @property {Cell | null} trail  tail cell that move dropped (null when the snake grew).
 * @property {string | null} cause  why it died, when we saw it die ("wall", "self", …).
 * @property {number | null} killer  id of the snake credited with that death, if any.
 * @property {number | null} diedTick  tick of that death.
 * @property {Cell[]} corpse  body at the moment of death, so the renderer can fade it out.
 *
 * @typedef {object} State
 * @property {number} tick
 * @property {Snake[]} snakes  in the server's order (ascending id).
 * @property {Cell[]} food  in the server's order (insertion order).
 *
 * @typedef {{ok: boolean, applied: boolean, reason?: string}} DeltaResult
 */

/**
 * Build a fresh state from a `snapshot` message. Copies everything, so later deltas never
 * mutate the message.
 * @param {{tick: number, snakes: object[], food: Cell[]}} msg
 * @returns {State}
 */
export function applySnapshot(msg) {
  return {
    tick: msg.tick,
    snakes: msg.snakes.map(snakeFrom),
    food: msg.food.map(copyCell),
  };
}

/**
 * Apply one `delta` in place, its parts in the order the protocol prescribes.
 *
 * A delta for a tick we already hold is ignored (`applied: false`, still ok). A delta that does
 * not follow the current tick, or that names a snake or food cell we do not have, means this
 * copy has drifted from the server's: the result is `ok: false` and the caller must ask for a
 * `sync` and ignore deltas until the snapshot arrives (the state may be half-updated by then).
 * @param {State} state
 * @param {object} msg
 * @returns {DeltaResult}
 */
export function applyDelta(state, msg) {
  if (msg.tick <= state.tick) return { ok: true, applied: false };
  if (msg.tick !== state.tick + 1) {
    return { ok: false, applied: false, reason: `gap: at tick ${state.tick}, got ${msg.tick}` };
  }
  for (const step of STEPS) {
    const items = msg[step.key];
    if (!items) continue;
    for (const item of items) {
      const problem = step.apply(state, item, msg.tick);
      if (problem) return { ok: false, applied: false, reason: `${step.key}: ${problem}` };
    }
  }
  state.tick = msg.tick;
  return { ok: true, applied: true };
}

/**
 * The protocol fields only, in a canonical order so two states can be compared with a deep
 * equality check: snakes sorted by id (the server's own order) and food sorted
 * lexicographically by `[x, y]` (the server lists food in insertion order, which a client that
 * joined later cannot always reproduce, and order carries no meaning).
 * @param {State} state
 * @returns {{tick: number, snakes: object[], food: Cell[]}}
 */
export function toPlain(state) {
  const snakes = state.snakes
    .map((s) => ({
      id: s.id,
      player: s.player,
      name: s.name,
      colour: s.colour,
      bot: s.bot,
      body: s.body.map(copyCell),
      alive: s.alive,
      score: s.score,
      held_until: s.heldUntil,
    }))
    .sort((a, b) => a.id - b.id);
  const food = state.food.map(copyCell).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { tick: state.tick, snakes, food };
}

/**
 * The snake belonging to `player`, alive or dead, or null. A player has at most one listed
 * snake: a new life replaces the old one in the same delta.
 * @param {State | null} state
 * @param {string | null} player
 * @returns {Snake | null}
 */
export function snakeOf(state, player) {
  if (!state || !player) return null;
  return state.snakes.find((s) => s.player === player) ?? null;
}

/**
 * The delta parts in application order. Each `apply` mutates the state and returns a problem
 * description when the item does not fit it, or nothing.
 * @type {{key: string, apply: (state: State, item: any, tick: number) => string | void}[]}
 */
const STEPS = [
  { key: "removed", apply: removeSnake },
  { key: "spawned", apply: spawnSnake },
  { key: "released", apply: releaseSnake },
  { key: "moved", apply: moveSnake },
  { key: "died", apply: killSnake },
  { key: "scores", apply: setScore },
  { key: "food_removed", apply: removeFood },
  { key: "food_added", apply: addFood },
];

/** @returns {Snake | undefined} */
function findSnake(state, id) {
  return state.snakes.find((s) => s.id === id);
}

function removeSnake(state, id) {
  const index = state.snakes.findIndex((s) => s.id === id);
  if (index < 0) return `no snake ${id}`;
  state.snakes.splice(index, 1);
}

/** New lives get ids above every listed one, so appending keeps the server's id order. */
function spawnSnake(state, data, tick) {
  if (findSnake(state, data.id)) return `snake ${data.id} already exists`;
  state.snakes.push({ ...snakeFrom(data), bornTick: tick });
}

/** A held snake starts to move (its player turned, or its hold ran out). */
function releaseSnake(state, id) {
  const snake = findSnake(state, id);
  if (!snake) return `no snake ${id}`;
  snake.heldUntil = null;
}

function moveSnake(state, [id, x, y, trim], tick) {
  const snake = findSnake(state, id);
  if (!snake) return `no snake ${id}`;
  snake.prevHead = snake.body[0] ?? null;
  snake.body.unshift([x, y]);
  snake.trail = trim ? snake.body.pop() : null;
  snake.movedTick = tick;
}

function killSnake(state, [id, cause, killer], tick) {
  const snake = findSnake(state, id);
  if (!snake) return `no snake ${id}`;
  snake.corpse = snake.body;
  snake.body = [];
  snake.alive = false;
  snake.cause = cause;
  snake.killer = killer ?? null;
  snake.diedTick = tick;
}

function setScore(state, [id, score]) {
  const snake = findSnake(state, id);
  if (!snake) return `no snake ${id}`;
  snake.score = score;
}

function removeFood(state, [x, y]) {
  const index = state.food.findIndex((c) => c[0] === x && c[1] === y);
  if (index < 0) return `no food at [${x}, ${y}]`;
  state.food.splice(index, 1);
}

function addFood(state, [x, y]) {
  if (state.food.some((c) => c[0] === x && c[1] === y)) return `food already at [${x}, ${y}]`;
  state.food.push([x, y]);
}

/** @returns {Snake} */
function snakeFrom(data) {
  return {
    id: data.id,
    player: data.player,
    name: data.name,
    colour: data.colour,
    bot: data.bot === true,
    body: data.body.map(copyCell),
    alive: data.alive,
    score: data.score,
    heldUntil: data.held_until ?? null,
    bornTick: null,
    movedTick: null,
    prevHead: null,
    trail: null,
    cause: null,
    killer: null,
    diedTick: null,
    corpse: [],
  };
}

/** @returns {Cell} */
function copyCell(cell) {
  return [cell[0], cell[1]];
}
