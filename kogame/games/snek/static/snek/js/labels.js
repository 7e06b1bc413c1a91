/**
 * Where the name tags go: pure geometry, so Node can test it (tests/client/check_snek_labels.mjs).
 *
 * A tag above the head covered your own body whenever you went down, and tags of snakes near
 * each other piled up. So each tag tries four places round its snake's head, in order (above,
 * below, right, left), and takes the first that covers none of its own snake's cells and none
 * of the tags placed before it. Tags are placed in the order given (the renderer puts yours
 * first, so yours gets the best place). Where every place covers something, the one that
 * covers least, its own snake counting double, wins.
 *
 * All figures are in board pixels; a box is {x, y, w, h} with x, y its top-left corner.
 */

/**
 * @typedef {{x: number, y: number, w: number, h: number}} Box
 * @typedef {object} Tag
 * @property {{x: number, y: number}} head  the centre of the snake's head.
 * @property {number} w  the tag's width.
 * @property {number} h  the tag's height.
 * @property {Box[]} cells  the snake's own cells (its head included).
 */

/** Space kept between a tag and the head's cell edge, and between the tag and the board's edge. */
export const MARGIN = 2;

/**
 * @param {Tag[]} tags
 * @param {{w: number, h: number}} board  the board's size.
 * @param {number} cell  the size of one cell.
 * @returns {Box[]} one box per tag, in the same order.
 */
export function placeTags(tags, board, cell) {
  const placed = [];
  for (const tag of tags) {
    let best = null;
    let bestCost = Infinity;
    for (const box of candidates(tag, board, cell)) {
      const cost =
        2 * tag.cells.reduce((sum, c) => sum + overlap(box, c), 0) +
        placed.reduce((sum, other) => sum + overlap(box, other), 0);
      if (cost < bestCost) {
        best = box;
        bestCost = cost;
        if (cost === 0) break;
      }
    }
    placed.push(best);
  }
  return placed;
}

/** The four places round the head, in order of preference, each kept inside the board. */
export function candidates({ head, w, h }, board, cell) {
  const gap = cell / 2 + MARGIN;
  const places = [
    { x: head.x - w / 2, y: head.y - gap - h }, // above
    { x: head.x - w / 2, y: head.y + gap }, // below
    { x: head.x + gap, y: head.y - h / 2 }, // right
    { x: head.x - gap - w, y: head.y - h / 2 }, // left
  ];
  return places.map(({ x, y }) => ({
    x: clamp(x, MARGIN, board.w - w - MARGIN),
    y: clamp(y, MARGIN, board.h - h - MARGIN),
    w,
    h,
  }));
}

/** The area two boxes share (0 when they only touch). */
export function overlap(a, b) {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(value, low, high) {
  return Math.min(Math.max(value, low), Math.max(low, high));
}
