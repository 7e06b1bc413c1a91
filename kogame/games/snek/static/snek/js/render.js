/**
 * Draws a Snek room on a canvas.
 *
 * The server moves snakes a whole cell per tick, which looks jerky at low tick rates, so every
 * animation frame draws the state *between* the previous tick and the current one: each snake's
 * head slides from its old cell to its new one and its tail end slides off the cell the move
 * dropped. The page shell says how far between the two ticks a frame is (`alpha`), so the
 * picture trails the server by at most one tick and looks the same at any tick rate.
 *
 * The canvas backing store follows the element's size in device pixels, so lines stay crisp on
 * high-density screens and after zooming or resizing.
 */

import { holdSecondsLeft } from "./card.js";
import { placeTags } from "./labels.js";

const BOARD_COLOUR = "#0f1521";
/** Around the board when the canvas is taller or wider than it, so the walls stay visible. */
const MARGIN_COLOUR = "#0a0e16";
const GRID_COLOUR = "rgba(148, 163, 184, 0.075)";
const FOOD_COLOUR = "#ff5d7a";
const FOOD_GLOW = "rgba(255, 93, 122, 0.18)";
const LABEL_BACKGROUND = "rgba(9, 12, 20, 0.78)";
const LABEL_TEXT = "#e8ecf4";
const BOT_TEXT = "#8d98ae";
/** Round every snake, so two of similar colours still read as two (and a pale one on the grid). */
const OUTLINE = "#05080e";
const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
/** How long a snake that died while we watched takes to fade away. */
const FADE_MS = 450;
/** A held snake (waiting at its spawn) blinks with this period. */
const BLINK_MS = 900;
/** The ring round a followed snake's head pulses with this period. */
const PULSE_MS = 1100;
/** Asked for less motion: a held snake is dimmed rather than blinking, the ring stays still. */
const STILL =
  typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

/**
 * @typedef {object} View  what to draw, read afresh on every frame.
 * @property {() => object | null} state  the State from state.js, or null before the snapshot.
 * @property {() => string | null} playerId
 * @property {(now: number) => {text: string, alpha: number}[]} feed  the kill feed's lines.
 * @property {() => number} tickRate  ticks a second, for the countdown of a held snake.
 * @property {(now: number) => {text: string, alpha: number} | null} hint  the steering hint.
 * @property {() => string | null} followed  the player whose snake is marked with a ring.
 */

export class Renderer {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {View} view
   */
  constructor(canvas, view) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.view = view;
    this.columns = 1;
    this.rows = 1;
    /** Device pixels per CSS pixel of the backing store. */
    this.scale = 1;
    /** Board geometry in CSS pixels: cell size and the board's top-left corner. */
    this.cell = 1;
    this.origin = { x: 0, y: 0 };
    /** The board and grid, drawn once per size and copied onto every frame. */
    this.background = document.createElement("canvas");
    /** @type {Map<number, number>} snake id → when we first drew its corpse. */
    this.fading = new Map();
    this.watchSize();
  }

  /** Board size in cells, from `welcome`. */
  setBoard(columns, rows) {
    if (columns === this.columns && rows === this.rows) return;
    this.columns = columns;
    this.rows = rows;
    this.layout();
  }

  watchSize() {
    const observer = new ResizeObserver(([entry]) => this.resize(entry));
    try {
      observer.observe(this.canvas, { box: "device-pixel-content-box" });
    } catch {
      observer.observe(this.canvas);
    }
  }

  /**
   * Match the backing store to the element's device pixels. The exact device-pixel box is best
   * (it accounts for how the edges snap), but some emulated devices report it without their
   * pixel ratio, so it is only trusted when it agrees with CSS size × devicePixelRatio.
   * @param {ResizeObserverEntry} entry
   */
  resize(entry) {
    const width = entry.contentRect.width;
    const height = entry.contentRect.height;
    if (!width || !height) return;
    let pixels = [Math.round(width * devicePixelRatio), Math.round(height * devicePixelRatio)];
    const exact = entry.devicePixelContentBoxSize?.[0];
    const agrees = (a, b) => Math.abs(a - b) <= 1;
    if (exact && agrees(exact.inlineSize, pixels[0]) && agrees(exact.blockSize, pixels[1])) {
      pixels = [exact.inlineSize, exact.blockSize];
    }
    [this.canvas.width, this.canvas.height] = pixels;
    this.scale = this.canvas.width / width;
    this.layout();
  }

  /** Fit the board into the canvas and redraw the cached background. */
  layout() {
    const width = this.canvas.width / this.scale;
    const height = this.canvas.height / this.scale;
    this.cell = Math.min(width / this.columns, height / this.rows);
    this.origin = {
      x: (width - this.cell * this.columns) / 2,
      y: (height - this.cell * this.rows) / 2,
    };
    this.paintBackground();
  }

  paintBackground() {
    const bg = this.background;
    bg.width = this.canvas.width;
    bg.height = this.canvas.height;
    const ctx = bg.getContext("2d");
    const step = this.cell * this.scale;
    const left = this.origin.x * this.scale;
    const top = this.origin.y * this.scale;
    ctx.fillStyle = MARGIN_COLOUR;
    ctx.fillRect(0, 0, bg.width, bg.height);
    ctx.fillStyle = BOARD_COLOUR;
    ctx.fillRect(left, top, this.columns * step, this.rows * step);
    if (step < 5) return; // a grid finer than this is just noise
    ctx.strokeStyle = GRID_COLOUR;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 1; i < this.columns; i++) {
      const x = Math.round(left + i * step) + 0.5; // on a device pixel, so 1px stays 1px
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + this.rows * step);
    }
    for (let j = 1; j < this.rows; j++) {
      const y = Math.round(top + j * step) + 0.5;
      ctx.moveTo(left, y);
      ctx.lineTo(left + this.columns * step, y);
    }
    ctx.stroke();
  }

  /**
   * Draw one animation frame.
   * @param {number} alpha  how far from the previous tick to the current one, 0 to 1.
   * @param {DOMHighResTimeStamp} now  for the effects that run on their own clock.
   */
  draw(alpha, now) {
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.background, 0, 0);
    const state = this.view.state();
    if (!state) return;
    const s = this.scale;
    ctx.setTransform(s, 0, 0, s, this.origin.x * s, this.origin.y * s);
    const me = this.view.playerId();
    this.drawFood(state.food, now);
    this.drawCorpses(state.snakes, now);
    const shapes = state.snakes
      .filter((snake) => snake.alive && snake.body.length)
      .map((snake) => ({
        snake,
        mine: snake.player === me,
        points: this.points(snake, state.tick, alpha),
      }));
    const others = shapes.filter((shape) => !shape.mine);
    const mine = shapes.filter((shape) => shape.mine);
    this.drawFollowed(shapes, now);
    const tags = this.placeLabels([...mine, ...others]);
    // Names above bodies, and our own snake above everything so no name tag ever hides it.
    for (const shape of others) this.drawBody(shape, now);
    for (const shape of others) this.drawLabel(shape, tags.get(shape));
    for (const shape of mine) this.drawBody(shape, now);
    for (const shape of mine) this.drawLabel(shape, tags.get(shape));
    for (const shape of mine) this.drawCountdown(shape, state.tick, alpha);
    this.drawHint(this.view.hint(now), mine[0]?.points[0]);
    this.drawFeed(this.view.feed(now));
  }

  /** A snake, blinking while it is held at its spawn. */
  drawBody(shape, now) {
    if (shape.snake.heldUntil === null) {
      this.drawSnake(shape);
      return;
    }
    const blink = STILL ? 0.4 : 0.5 + 0.5 * Math.cos((2 * Math.PI * now) / BLINK_MS);
    this.ctx.globalAlpha = 0.35 + 0.65 * blink;
    this.drawSnake(shape);
    this.ctx.globalAlpha = 1;
  }

  /**
   * Our held snake's seconds left before it goes by itself, in a bubble with a ring that
   * empties as the second runs out: just ahead of a head going left or right (a spawn keeps
   * that run clear), beside one going up or down, where its name tag is not.
   */
  drawCountdown({ snake, points }, tick, alpha) {
    if (snake.heldUntil === null || snake.body.length < 2) return;
    const ctx = this.ctx;
    const rate = this.view.tickRate();
    const left = Math.max(0, snake.heldUntil - tick - alpha) / rate;
    const seconds = holdSecondsLeft(snake.heldUntil, tick, alpha, rate);
    const [[hx, hy], [nx, ny]] = snake.body;
    const radius = Math.max(11, this.cell * 0.75);
    const gap = this.cell * 0.5 + radius + 2;
    const board = { w: this.cell * this.columns, h: this.cell * this.rows };
    const across = hx !== nx;
    const side = points[0].x + gap + radius > board.w ? -1 : 1;
    const at = {
      x: points[0].x + (across ? Math.sign(hx - nx) : side) * gap,
      y: points[0].y,
    };
    at.x = Math.min(Math.max(at.x, radius + 2), board.w - radius - 2);
    at.y = Math.min(Math.max(at.y, radius + 2), board.h - radius - 2);
    ctx.fillStyle = LABEL_BACKGROUND;
    disc(ctx, at, radius);
    ctx.strokeStyle = snake.colour;
    ctx.lineWidth = Math.max(2, radius * 0.16);
    ctx.beginPath();
    const part = left - Math.floor(left) || (left > 0 ? 1 : 0); // of the current second
    const top = -Math.PI / 2;
    ctx.arc(at.x, at.y, radius - ctx.lineWidth / 2, top, top + 2 * Math.PI * part);
    ctx.stroke();
    ctx.fillStyle = LABEL_TEXT;
    ctx.font = `800 ${Math.round(radius * 1.05)}px ${FONT_STACK}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(String(seconds), at.x, at.y + 1);
    ctx.textAlign = "start";
  }

  /** The death card's "Watch": a pulsing ring round the followed snake's head. */
  drawFollowed(shapes, now) {
    const followed = this.view.followed();
    const shape = followed && shapes.find((s) => s.snake.player === followed);
    if (!shape) return;
    const ctx = this.ctx;
    const pulse = STILL ? 0.5 : 0.5 + 0.5 * Math.sin((2 * Math.PI * now) / PULSE_MS);
    const radius = Math.max(12, this.cell * 1.1) * (1 + 0.25 * pulse);
    ctx.strokeStyle = "#ffffff";
    ctx.globalAlpha = 0.55 + 0.45 * (1 - pulse);
    ctx.lineWidth = Math.max(2, this.cell * 0.18);
    ctx.beginPath();
    ctx.arc(shape.points[0].x, shape.points[0].y, radius, 0, Math.PI * 2);
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  /** The first life's steering hint: a pill at the bottom of the board, or at the top while
   * our head is in the bottom half, so it never covers our snake. */
  drawHint(hint, head) {
    if (!hint) return;
    const ctx = this.ctx;
    const boardW = this.cell * this.columns;
    let size = 16;
    ctx.font = `650 ${size}px ${FONT_STACK}`;
    const room = boardW - 24;
    const measured = ctx.measureText(hint.text).width + size * 1.6;
    if (measured > room) {
      size = Math.max(11, Math.floor((size * room) / measured));
      ctx.font = `650 ${size}px ${FONT_STACK}`;
    }
    const w = ctx.measureText(hint.text).width + size * 1.6;
    const h = size * 2.1;
    const x = (boardW - w) / 2;
    const margin = Math.max(10, this.cell * 0.8);
    const boardH = this.cell * this.rows;
    const y = head && head.y > boardH / 2 ? margin : boardH - h - margin;
    ctx.globalAlpha = hint.alpha;
    ctx.fillStyle = LABEL_BACKGROUND;
    ctx.beginPath();
    ctx.roundRect(x, y, w, h, h / 2);
    ctx.fill();
    ctx.fillStyle = LABEL_TEXT;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(hint.text, boardW / 2, y + h / 2 + 0.5);
    ctx.textAlign = "start";
    ctx.globalAlpha = 1;
  }

  /** The kill feed, right-aligned in the board's top corner, newest at the bottom. */
  drawFeed(lines) {
    if (!lines.length) return;
    const ctx = this.ctx;
    const size = Math.round(Math.min(15, Math.max(12, this.cell * 0.7)));
    const h = size * 1.6;
    const right = this.cell * this.columns - 6;
    ctx.font = `600 ${size}px ${FONT_STACK}`;
    ctx.textBaseline = "middle";
    lines.forEach(({ text, alpha }, i) => {
      const w = ctx.measureText(text).width + size;
      const y = 6 + i * (h + 4);
      ctx.globalAlpha = alpha;
      ctx.fillStyle = LABEL_BACKGROUND;
      ctx.beginPath();
      ctx.roundRect(right - w, y, w, h, h / 2);
      ctx.fill();
      ctx.fillStyle = LABEL_TEXT;
      ctx.fillText(text, right - w + size / 2, y + h / 2 + 0.5);
    });
    ctx.globalAlpha = 1;
  }

  /** Centre of a cell, in board CSS pixels. */
  centre([x, y]) {
    return { x: (x + 0.5) * this.cell, y: (y + 0.5) * this.cell };
  }

  /**
   * The snake's polyline `alpha` of the way from the previous tick to the current one. At 0 it
   * is exactly the old body (head on the old head, tail end on the dropped cell), at 1 the new.
   */
  points(snake, tick, alpha) {
    const points = snake.body.map((cell) => this.centre(cell));
    if (snake.movedTick !== tick) return points;
    if (snake.prevHead) points[0] = lerp(this.centre(snake.prevHead), points[0], alpha);
    if (snake.trail) points.push(lerp(this.centre(snake.trail), points[points.length - 1], alpha));
    return points;
  }

  drawFood(food, now) {
    const ctx = this.ctx;
    const pulse = 1 + 0.08 * Math.sin(now / 260);
    ctx.fillStyle = FOOD_GLOW;
    for (const cell of food) disc(ctx, this.centre(cell), this.cell * 0.48 * pulse);
    ctx.fillStyle = FOOD_COLOUR;
    for (const cell of food) disc(ctx, this.centre(cell), this.cell * 0.26);
  }

  /** Snakes that died while we watched fade out where they died instead of vanishing. */
  drawCorpses(snakes, now) {
    const ctx = this.ctx;
    const seen = new Set();
    for (const snake of snakes) {
      if (snake.alive || !snake.corpse.length) continue;
      seen.add(snake.id);
      if (!this.fading.has(snake.id)) this.fading.set(snake.id, now);
      const left = 1 - (now - this.fading.get(snake.id)) / FADE_MS;
      if (left <= 0) continue;
      ctx.globalAlpha = 0.6 * left;
      stroke(ctx, snake.corpse.map((cell) => this.centre(cell)), snake.colour, this.cell * 0.7);
      ctx.globalAlpha = 1;
    }
    for (const id of this.fading.keys()) if (!seen.has(id)) this.fading.delete(id);
  }

  /**
   * A snake: a dark outline round body and head, then its colour; ours has a white rim
   * outside the outline and a glow, so it is easy to find.
   */
  drawSnake({ snake, mine, points }) {
    const ctx = this.ctx;
    const width = this.cell * 0.72;
    const head = this.cell * 0.42;
    const outline = Math.max(1.5, this.cell * 0.14);
    if (mine) {
      const rim = outline + Math.max(1.5, this.cell * 0.12);
      ctx.shadowColor = snake.colour;
      ctx.shadowBlur = this.cell * 1.2 * this.scale; // shadows ignore the transform
      stroke(ctx, points, "rgba(255, 255, 255, 0.92)", width + 2 * rim);
      ctx.fillStyle = "rgba(255, 255, 255, 0.92)";
      disc(ctx, points[0], head + rim);
      ctx.shadowBlur = 0;
    }
    stroke(ctx, points, OUTLINE, width + 2 * outline);
    ctx.fillStyle = OUTLINE;
    disc(ctx, points[0], head + outline);
    stroke(ctx, points, snake.colour, width);
    stroke(ctx, points, "rgba(255, 255, 255, 0.16)", width * 0.3);
    ctx.fillStyle = snake.colour;
    disc(ctx, points[0], head);
    if (this.cell >= 6) this.drawEyes(snake, points[0], mine);
  }

  /** Eyes look the way the snake is heading; ours are white so it is easy to spot. */
  drawEyes(snake, head, mine) {
    const [hx, hy] = snake.body[0];
    const [px, py] = snake.body[1] ?? snake.prevHead ?? [hx - 1, hy];
    const dx = Math.sign(hx - px);
    const dy = Math.sign(hy - py);
    const ctx = this.ctx;
    const c = this.cell;
    for (const side of [-1, 1]) {
      const eye = {
        x: head.x + dx * c * 0.12 - dy * side * c * 0.2,
        y: head.y + dy * c * 0.12 + dx * side * c * 0.2,
      };
      if (mine) {
        ctx.fillStyle = "#ffffff";
        disc(ctx, eye, c * 0.14);
      }
      ctx.fillStyle = "#0b0f17";
      disc(ctx, { x: eye.x + dx * c * 0.05, y: eye.y + dy * c * 0.05 }, c * (mine ? 0.075 : 0.09));
    }
  }

  /** Each snake's tag: its text and size (see labelText), placed by labels.js round its head. */
  placeLabels(shapes) {
    const texts = shapes.map((shape) => this.labelText(shape));
    const boxes = placeTags(
      shapes.map((shape, i) => ({
        head: shape.points[0],
        w: texts[i].w,
        h: texts[i].h,
        cells: shape.points.map(({ x, y }) => ({
          x: x - this.cell / 2,
          y: y - this.cell / 2,
          w: this.cell,
          h: this.cell,
        })),
      })),
      { w: this.cell * this.columns, h: this.cell * this.rows },
      this.cell,
    );
    return new Map(shapes.map((shape, i) => [shape, { ...texts[i], ...boxes[i] }]));
  }

  /** A tag's words and size: "You" for ours, the name with a "BOT" mark for an AI snake. */
  labelText({ snake, mine }) {
    const ctx = this.ctx;
    const size = Math.round(Math.min(14, Math.max(11, this.cell * 0.8)));
    const text = mine ? "You" : snake.name;
    const badge = !mine && snake.bot ? "BOT" : "";
    const badgeFont = `800 ${Math.round(size * 0.72)}px ${FONT_STACK}`;
    const font = `${mine ? 700 : 600} ${size}px ${FONT_STACK}`;
    ctx.font = badgeFont;
    const badgeW = badge ? ctx.measureText(badge).width + size * 0.4 : 0;
    ctx.font = font;
    const textW = ctx.measureText(text).width;
    const padX = size * 0.5;
    const w = textW + padX * 2 + badgeW;
    return { text, badge, font, badgeFont, size, padX, textW, w, h: size * 1.5 };
  }

  /** A name tag in its place: on a pill of our own colour for "You", dark for the others. */
  drawLabel({ snake, mine }, tag) {
    const ctx = this.ctx;
    const { x, y, w, h, text, badge, font, badgeFont, size, padX, textW } = tag;
    ctx.fillStyle = mine ? snake.colour : LABEL_BACKGROUND;
    ctx.beginPath();
    ctx.roundRect(x, y, w, h, h / 2);
    ctx.fill();
    if (mine) {
      ctx.strokeStyle = OUTLINE;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
    ctx.font = font;
    ctx.fillStyle = mine ? "#0b0f17" : LABEL_TEXT;
    ctx.textBaseline = "middle";
    ctx.fillText(text, x + padX, y + h / 2 + 0.5);
    if (!badge) return;
    ctx.font = badgeFont;
    ctx.fillStyle = BOT_TEXT;
    ctx.fillText(badge, x + padX + textW + size * 0.4, y + h / 2 + 0.5);
  }
}

function lerp(a, b, t) {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

function disc(ctx, { x, y }, radius) {
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, Math.PI * 2);
  ctx.fill();
}

/** A thick polyline with round joins and caps: a snake's body. */
function stroke(ctx, points, colour, width) {
  if (!points.length) return;
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.beginPath();
  ctx.moveTo(points[0].x, points[0].y);
  for (const p of points.slice(1)) ctx.lineTo(p.x, p.y);
  if (points.length === 1) ctx.lineTo(points[0].x + 0.01, points[0].y);
  ctx.stroke();
}
