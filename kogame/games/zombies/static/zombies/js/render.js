/**
 * Draws a Zombies room: the map (painted once from the tileset onto an offscreen canvas), a
 * camera that follows this player's predicted position (28x16 tiles, held inside the map), the
 * other players and the zombies where interp.js places them, shot tracers, the wave banner, a
 * minimap and a small HUD. Watchers, who have no player, see the whole map.
 *
 * The canvas backing store follows the element's size in device pixels, and tiles are drawn a
 * whole number of device pixels wide with smoothing off, so pixel art stays crisp. A frame
 * allocates nothing in its loops: tracers live in a fixed ring, entities in interp.js's pools.
 */

import { zombieHealth } from "./frames.js";
import { touchFirst } from "./sticks.js";

const TILE_PX = 32;
/** The view around a player, in tiles (contract "Areas (views)"). */
export const VIEW_TILES = [28, 16];
const HALF_PX = 10;
const GID_MASK = 0x1fffffff; // Tiled keeps flip flags in the top bits of a gid
const BACKGROUND = "#06080d";
const WALL_PLAIN = "#1b2230";
const FLOOR_PLAIN = "#566072";
const ZOMBIE = "#5fbf3f";
const ZOMBIE_EDGE = "#2d5e1d";
const DOWNED = "#7b8190";
const TEXT = "#e8ecf4";
const LABEL_BACKGROUND = "rgba(9, 12, 20, 0.7)";
const HEALTH_GOOD = "#4ade80";
const HEALTH_LOW = "#f87171";
const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
/** How long a tracer shows, and how many can show at once. */
const TRACER_MS = 100;
const TRACERS = 128;
/** How long "Wave N" stays up, fading in its second half. */
const BANNER_MS = 2400;

/**
 * @typedef {object} Scene  what the renderer reads on every frame (the game, see game.js).
 * @property {import("./frames.js").Frame | null} frame  the latest frame (HUD, banner).
 * @property {import("./interp.js").Interpolator | null} interp  others, as drawn.
 * @property {import("./predict.js").Predictor | null} predictor  this player, as predicted.
 * @property {{hp: number, down: boolean} | null} you
 * @property {() => string | null} me
 * @property {string | null} followed  the player a watcher follows, or null (whole map).
 * @property {number} aim  this player's aim now (0..4095).
 * @property {(id: string) => string} colour
 * @property {(id: string) => string} nameOf
 * @property {number} tickRate
 * @property {(now: number) => number} tickAlpha  how far into the local tick `now` is (0..1).
 */

export class Renderer {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {Scene} scene
   */
  constructor(canvas, scene) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.scene = scene;
    /** Device pixels per CSS pixel. */
    this.scale = 1;
    /** Device pixels per world pixel, and the world pixel at the canvas' top-left corner. */
    this.zoom = 1;
    this.camX = 0;
    this.camY = 0;
    this.mapCanvas = document.createElement("canvas");
    this.minimap = document.createElement("canvas");
    this.tileset = null;
    this.map = null;
    /** Ring of tracers: [x1, y1, x2, y2, hit, from ms]; `from` -Infinity when unused. */
    this.tracers = Array.from({ length: TRACERS }, () => [0, 0, 0, 0, 0, -Infinity]);
    this.nextTracer = 0;
    /** When the current wave's banner went up, and for which wave. */
    this.bannerWave = 0;
    this.bannerAt = -Infinity;
    this.tagSize = 0;
    this.tagFont = "";
    this.watchSize();
  }

  /** A new map (from `welcome`): paint it plain now, and again once the tileset has loaded. */
  setMap(map) {
    this.map = map;
    this.tileset = null;
    this.paintMap();
    if (!map.tileset) return;
    const image = new Image();
    image.addEventListener("load", () => {
      if (this.map !== map) return;
      this.tileset = image;
      this.paintMap();
    });
    image.src = map.tileset;
  }

  paintMap() {
    const { width, height, floor, walls, columns } = this.map;
    const canvas = this.mapCanvas;
    canvas.width = width * TILE_PX;
    canvas.height = height * TILE_PX;
    const ctx = canvas.getContext("2d");
    ctx.imageSmoothingEnabled = false;
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < width * height; i++) {
      const x = (i % width) * TILE_PX;
      const y = Math.floor(i / width) * TILE_PX;
      for (const [gid, plain] of [[floor[i], FLOOR_PLAIN], [walls[i], WALL_PLAIN]]) {
        const index = (gid & GID_MASK) - 1;
        if (index < 0) continue;
        if (this.tileset) {
          const sx = (index % columns) * TILE_PX;
          const sy = Math.floor(index / columns) * TILE_PX;
          ctx.drawImage(this.tileset, sx, sy, TILE_PX, TILE_PX, x, y, TILE_PX, TILE_PX);
        } else {
          ctx.fillStyle = plain;
          ctx.fillRect(x, y, TILE_PX, TILE_PX);
        }
      }
    }
    // The minimap: one pixel a tile, walls light on a dark floor.
    this.minimap.width = width;
    this.minimap.height = height;
    const mini = this.minimap.getContext("2d");
    mini.fillStyle = "rgba(10, 14, 22, 0.8)";
    mini.fillRect(0, 0, width, height);
    mini.fillStyle = "rgba(170, 180, 200, 0.9)";
    for (let i = 0; i < width * height; i++) {
      if (walls[i]) mini.fillRect(i % width, Math.floor(i / width), 1, 1);
    }
  }

  watchSize() {
    const observer = new ResizeObserver(([entry]) => this.resize(entry));
    try {
      observer.observe(this.canvas, { box: "device-pixel-content-box" });
    } catch {
      observer.observe(this.canvas);
    }
  }

  /** Match the backing store to the element's device pixels (as Snek's renderer does). */
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
  }

  /** A shot ([x1, y1, x2, y2, hit] in px) shown from `at` (ms) for TRACER_MS. */
  addShot(shot, at) {
    const tracer = this.tracers[this.nextTracer];
    this.nextTracer = (this.nextTracer + 1) % TRACERS;
    for (let i = 0; i < 5; i++) tracer[i] = shot[i];
    tracer[5] = at;
  }

  /** Where the world pixel (x, y) is on the board, in CSS px from its top-left corner. */
  screenX(x) {
    return ((x - this.camX) * this.zoom) / this.scale;
  }

  screenY(y) {
    return ((y - this.camY) * this.zoom) / this.scale;
  }

  /** One animation frame at `now` (ms). */
  draw(now) {
    const { ctx, canvas, scene } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (!this.map) return;
    const me = scene.predictor;
    if (me) me.draw(scene.tickAlpha(now), now);
    this.placeCamera(me ? { x: me.drawnX / 16, y: me.drawnY / 16 } : this.followedAt());
    const { zoom, camX, camY } = this;
    ctx.setTransform(zoom, 0, 0, zoom, -Math.round(camX * zoom), -Math.round(camY * zoom));
    this.drawMap();
    this.drawTracers(now);
    this.drawZombies();
    this.drawPlayers(me);
    ctx.setTransform(this.scale, 0, 0, this.scale, 0, 0);
    if (me) this.drawMinimap(me); // watchers see the whole map already
    this.drawHud(now);
  }

  /** Where the player a watcher follows is drawn (px), or null (the whole map). */
  followedAt() {
    const { followed, interp } = this.scene;
    if (!followed || !interp) return null;
    for (let i = 0; i < interp.playerCount; i++) {
      const p = interp.players[i];
      if (p.id === followed) return { x: p.x, y: p.y };
    }
    return null;
  }

  /**
   * Around `centre` (this player, or the one a watcher follows; px): a whole number of
   * device pixels a tile, about 28x16 tiles in view, held inside the map (centred when the
   * map is smaller). Without a centre: the whole map.
   */
  placeCamera(centre) {
    const { width, height } = this.canvas;
    const mapW = this.map.width * TILE_PX;
    const mapH = this.map.height * TILE_PX;
    if (centre) {
      const fit = Math.min(width / VIEW_TILES[0], height / VIEW_TILES[1]);
      this.zoom = Math.max(1, Math.round(fit)) / TILE_PX;
    } else {
      this.zoom = Math.min(width / mapW, height / mapH);
    }
    const viewW = width / this.zoom;
    const viewH = height / this.zoom;
    const x = centre ? centre.x : mapW / 2;
    const y = centre ? centre.y : mapH / 2;
    this.camX = viewW >= mapW ? (mapW - viewW) / 2 : clamp(x - viewW / 2, 0, mapW - viewW);
    this.camY = viewH >= mapH ? (mapH - viewH) / 2 : clamp(y - viewH / 2, 0, mapH - viewH);
  }

  drawMap() {
    const { ctx, mapCanvas } = this;
    ctx.imageSmoothingEnabled = false;
    const x = clamp(Math.floor(this.camX), 0, mapCanvas.width);
    const y = clamp(Math.floor(this.camY), 0, mapCanvas.height);
    const w = Math.min(mapCanvas.width - x, Math.ceil(this.canvas.width / this.zoom) + 1);
    const h = Math.min(mapCanvas.height - y, Math.ceil(this.canvas.height / this.zoom) + 1);
    if (w > 0 && h > 0) ctx.drawImage(mapCanvas, x, y, w, h, x, y, w, h);
  }

  drawTracers(now) {
    const { ctx } = this;
    ctx.lineCap = "round";
    for (const [x1, y1, x2, y2, hit, at] of this.tracers) {
      const age = now - at;
      if (age < 0 || age > TRACER_MS) continue;
      ctx.globalAlpha = 1 - age / TRACER_MS;
      ctx.strokeStyle = hit ? "#ffe08a" : "#fff7d6";
      ctx.lineWidth = hit ? 2 : 1.5;
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  drawZombies() {
    const { ctx } = this;
    const interp = this.scene.interp;
    if (!interp) return;
    const full = zombieHealth(this.scene.frame?.wave ?? 1);
    ctx.lineWidth = 2;
    for (let i = 0; i < interp.zombieCount; i++) {
      const z = interp.zombies[i];
      ctx.fillStyle = ZOMBIE;
      ctx.strokeStyle = ZOMBIE_EDGE;
      ctx.beginPath();
      ctx.arc(z.x, z.y, HALF_PX, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
      if (z.hp < full) this.healthBar(z.x, z.y - HALF_PX - 6, z.hp / full);
    }
  }

  drawPlayers(me) {
    const { scene } = this;
    const interp = scene.interp;
    const myId = scene.me();
    if (interp) {
      for (let i = 0; i < interp.playerCount; i++) {
        const p = interp.players[i];
        if (me && p.id === myId) continue; // drawn from the prediction below
        this.drawPlayer(p.id, p.x, p.y, p.aim, p.hp, p.down, p.revive, true);
      }
    }
    if (me) {
      const mine = scene.frame?.players.get(myId);
      const you = scene.you;
      this.drawPlayer(myId, me.drawnX / 16, me.drawnY / 16, scene.aim, you?.hp ?? 100,
        you?.down ?? false, mine?.revive ?? 0, false);
    }
  }

  drawPlayer(id, x, y, aim, hp, down, revive, named) {
    const { ctx, scene } = this;
    const colour = down ? DOWNED : scene.colour(id);
    const angle = (aim * 2 * Math.PI) / 4096;
    if (!down) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = 4;
      ctx.lineCap = "round";
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + Math.cos(angle) * (HALF_PX + 8), y + Math.sin(angle) * (HALF_PX + 8));
      ctx.stroke();
    }
    ctx.fillStyle = colour;
    ctx.strokeStyle = "#0b0e14";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(x, y, HALF_PX, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    if (down && revive > 0) {
      ctx.strokeStyle = HEALTH_GOOD;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(x, y, HALF_PX + 5, -Math.PI / 2, -Math.PI / 2 + (2 * Math.PI * revive) / 100);
      ctx.stroke();
    }
    if (!down) this.healthBar(x, y + HALF_PX + 5, hp / 100);
    if (named) this.nameTag(scene.nameOf(id), x, y - HALF_PX - 8);
  }

  healthBar(x, y, share) {
    const { ctx } = this;
    const w = 2 * HALF_PX;
    ctx.fillStyle = LABEL_BACKGROUND;
    ctx.fillRect(x - w / 2 - 1, y - 1, w + 2, 5);
    ctx.fillStyle = share > 0.35 ? HEALTH_GOOD : HEALTH_LOW;
    ctx.fillRect(x - w / 2, y, w * clamp(share, 0, 1), 3);
  }

  /** A name above a player, in a fixed size on screen whatever the zoom. */
  nameTag(name, x, y) {
    const { ctx } = this;
    const size = (11 * this.scale) / this.zoom;
    if (size !== this.tagSize) {
      this.tagSize = size;
      this.tagFont = `600 ${size}px ${FONT_STACK}`; // made again only when the zoom changes
    }
    ctx.font = this.tagFont;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    const width = ctx.measureText(name).width;
    ctx.fillStyle = LABEL_BACKGROUND;
    ctx.fillRect(x - width / 2 - size * 0.3, y - size * 1.2, width + size * 0.6, size * 1.3);
    ctx.fillStyle = TEXT;
    ctx.fillText(name, x, y);
  }

  /** The whole map in a corner, with walls, zombies, players and this player's view. */
  drawMinimap(me) {
    const { ctx, map, scene } = this;
    const cssW = this.canvas.width / this.scale;
    const cssH = this.canvas.height / this.scale;
    const px = Math.min((cssW * 0.22) / map.width, (cssH * 0.3) / map.height);
    const w = map.width * px;
    const h = map.height * px;
    const left = cssW - w - 8;
    const top = 8;
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = 0.85;
    ctx.drawImage(this.minimap, left, top, w, h);
    ctx.globalAlpha = 1;
    const k = px / TILE_PX;
    const interp = scene.interp;
    if (interp) {
      ctx.fillStyle = ZOMBIE;
      for (let i = 0; i < interp.zombieCount; i++) {
        const z = interp.zombies[i];
        ctx.fillRect(left + z.x * k - 1, top + z.y * k - 1, 2, 2);
      }
      for (let i = 0; i < interp.playerCount; i++) {
        const p = interp.players[i];
        ctx.fillStyle = p.down ? DOWNED : scene.colour(p.id);
        ctx.fillRect(left + p.x * k - 1.5, top + p.y * k - 1.5, 3, 3);
      }
    }
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(left + (me.drawnX / 16) * k - 2, top + (me.drawnY / 16) * k - 2, 4, 4);
    ctx.strokeStyle = "rgba(255, 255, 255, 0.5)";
    ctx.lineWidth = 1;
    // The view's outline, clipped to the minimap (a small map is smaller than the view).
    const x0 = Math.max(0, this.camX * k);
    const y0 = Math.max(0, this.camY * k);
    const x1 = Math.min(w, (this.camX + this.canvas.width / this.zoom) * k);
    const y1 = Math.min(h, (this.camY + this.canvas.height / this.zoom) * k);
    if (x1 > x0 && y1 > y0) ctx.strokeRect(left + x0, top + y0, x1 - x0, y1 - y0);
  }

  /** Health, wave and zombies left; the wave banner; the break's countdown; "Overrun!". */
  drawHud(now) {
    const { ctx, scene } = this;
    const frame = scene.frame;
    if (!frame) return;
    const cssW = this.canvas.width / this.scale;
    const cssH = this.canvas.height / this.scale;
    ctx.textBaseline = "alphabetic";
    ctx.textAlign = "left";
    ctx.font = `600 14px ${FONT_STACK}`;
    // A new game waits a moment at wave 0 before wave 1.
    const line = frame.wave ? `Wave ${frame.wave} · ${frame.left} left` : "Get ready";
    ctx.fillStyle = LABEL_BACKGROUND;
    ctx.fillRect(8, 8, ctx.measureText(line).width + 16, 24);
    ctx.fillStyle = TEXT;
    ctx.fillText(line, 16, 25);
    const you = scene.you;
    if (!you) {
      const key = touchFirst() ? "Tap" : "F";
      const watching = scene.followed
        ? `Following ${scene.nameOf(scene.followed)} · ${key}: next player`
        : `Watching the whole map · ${key}: follow a player`;
      ctx.font = `600 12px ${FONT_STACK}`;
      ctx.fillStyle = LABEL_BACKGROUND;
      ctx.fillRect(8, cssH - 30, ctx.measureText(watching).width + 16, 22);
      ctx.fillStyle = TEXT;
      ctx.fillText(watching, 16, cssH - 15);
    }
    if (you) {
      // Under the wave line rather than at the bottom, where the thumbs and sticks are.
      const w = Math.min(160, cssW * 0.25);
      ctx.fillStyle = LABEL_BACKGROUND;
      ctx.fillRect(8, 36, w + 8, 18);
      ctx.fillStyle = you.hp > 35 ? HEALTH_GOOD : HEALTH_LOW;
      ctx.fillRect(12, 40, (w * clamp(you.hp, 0, 100)) / 100, 10);
      ctx.fillStyle = TEXT;
      ctx.font = `600 10px ${FONT_STACK}`;
      ctx.fillText(you.down ? "DOWN" : `${you.hp}`, 16, 49);
    }
    if (you && uprightPhone()) {
      const turn = "Turn your phone sideways for a bigger view";
      ctx.font = `600 11px ${FONT_STACK}`;
      ctx.fillStyle = LABEL_BACKGROUND;
      const w = ctx.measureText(turn).width + 12;
      ctx.fillRect(cssW - w - 6, cssH - 24, w, 18);
      ctx.fillStyle = TEXT;
      ctx.fillText(turn, cssW - w, cssH - 11);
    }
    if (frame.phase === "fight" && frame.wave !== this.bannerWave) {
      this.bannerWave = frame.wave;
      this.bannerAt = now;
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    const seconds = Math.ceil(frame.timer / scene.tickRate); // until the break or the game over ends
    if (frame.phase === "over") {
      this.banner("Overrun!", cssW / 2, cssH * 0.4, 48, 1, "#f87171");
      this.banner(`A new game starts in ${seconds} s`, cssW / 2, cssH * 0.4 + 48, 18, 1, TEXT);
    } else if (you?.down) {
      const words = frame.phase === "break" ? "You're down: you'll be back up for the next wave" : "You're down: a teammate standing by you for 3 s brings you back";
      this.banner(words, cssW / 2, cssH * 0.7, Math.min(20, cssW / 36), 1, "#fca5a5");
    } else if (frame.phase === "break") {
      // A break waits while the room is empty: no countdown stuck at its last second.
      const words = scene.board.size ? `Break: next wave in ${seconds} s` : "Waiting for someone to play";
      this.banner(words, cssW / 2, 56, 18, 1, TEXT);
    } else {
      const age = now - this.bannerAt;
      if (age < BANNER_MS) {
        const fade = Math.min(1, 2 - (2 * age) / BANNER_MS);
        this.banner(`Wave ${frame.wave}`, cssW / 2, cssH * 0.3, 44, fade, TEXT);
      }
    }
  }

  banner(text, x, y, size, alpha, colour) {
    const { ctx } = this;
    ctx.globalAlpha = alpha;
    ctx.font = `800 ${size}px ${FONT_STACK}`;
    ctx.lineWidth = size / 8;
    ctx.strokeStyle = "rgba(0, 0, 0, 0.7)";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = colour;
    ctx.fillText(text, x, y);
    ctx.globalAlpha = 1;
  }
}

/** A phone held upright: the wide board is small there, and sideways it fills the screen. */
function uprightPhone() {
  return typeof innerWidth === "number" && innerWidth < 600 && innerHeight > innerWidth;
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}
