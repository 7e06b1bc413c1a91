/**
 * The room page's shell: connects to the room named by the page, loads the room's game, and
 * keeps the page around the board (status, overlay cards, scoreboard, chat, who is here, invite,
 * the turn countdown) in step with the connection. It knows no game: the game's own ES module
 * keeps the game's state, draws the board, reads the controls and says what the cards and the
 * scoreboard show, through the interface below.
 *
 * A visitor either plays (has, or is getting, a place in the game) or watches. Watching is
 * chosen with `?watch=1`, the "Watch instead" control, or "Just watch for now"; a join the room
 * refuses because it is full also lands there.
 *
 * Player names and chat are other people's text: they only ever reach the page through
 * textContent or the canvas, never as markup.
 *
 * ## The game's client module
 *
 * The page names it in `data-client-module` on `#kogame` (the hashed static URL of the path in
 * the game's `client_module`); the shell loads it with `import(url)` before it connects. The
 * module exports one function:
 *
 *     createGame(options: GameOptions): Game
 *
 * The shell owns the socket, the message order (a delta that does not fit makes it ask for a
 * `sync` and ignore deltas until the snapshot), the animation loop, the keyboard routing and
 * every card; the game never touches the DOM outside the canvas and the surface it is given.
 * Messages are the protocol's, parsed (docs/protocol.md); a game's own message types (like a
 * move) are the game's to send and its server side's to read.
 *
 * @typedef {object} GameOptions  what the shell gives `createGame`.
 * @property {HTMLCanvasElement} canvas  the board's canvas; its size follows the page (watch
 *   it with a ResizeObserver), its shape follows `Game.aspectRatio`.
 * @property {(msg: object) => boolean} send  sends a message now; false when the socket is not
 *   open (the message is dropped: stale intentions are worse than none).
 * @property {() => string | null} me  this browser's player id (from `welcome`; null before).
 * @property {() => boolean} playing  whether this connection plays (joined, not refused),
 *   rather than watches. Send moves only while it is true.
 * @property {(name: string) => void} sound  play one of the game's `sounds` now. The shell
 *   keeps it silent until the visitor's first interaction and while they have muted the page.
 * @property {number | null} bestToday  this player's best score in this game today (UTC) when
 *   the page was made, from the records; null when they have none (or no player yet). Lives
 *   that end on this page are the game's to count in.
 *
 * @typedef {object} Game  what `createGame` returns. Every member is required but those marked
 *   optional (`[name]`), which the shell checks for.
 * @property {(msg: object) => void} welcome  each `welcome` (every (re)connect is a fresh
 *   start): the room's fields the game needs, e.g. its board size, tick rate and delays.
 * @property {number} aspectRatio  the board's width ÷ height, read after each `welcome`; the
 *   shell sizes the board (and so the canvas) with it.
 * @property {(msg: object) => void} applySnapshot  a `snapshot`: replace the whole state.
 * @property {(msg: object) => {ok: boolean, applied: boolean}} applyDelta  apply a `delta`.
 *   `ok: false` means it does not fit the state held (a gap in ticks, or it names something
 *   the state lacks): the shell then asks for a `sync`. `applied: false` with `ok: true` means
 *   it was old news and changed nothing. Snapshots and deltas may carry a `you` field, a part
 *   meant for this connection only; it arrives as part of `msg`, for the game to read or not.
 * @property {(alpha: number, now: DOMHighResTimeStamp) => void} render  draw one animation
 *   frame (the shell calls it on every requestAnimationFrame, state or not). `alpha` goes from
 *   0, when a delta has just been applied, to 1 one tick later (and is 1 after a snapshot):
 *   use it to draw in-between positions. `now` is the frame's time, for effects of their own.
 * @property {(event: KeyboardEvent) => boolean} keydown  a key pressed outside any text field,
 *   without Ctrl, Alt or Meta; return true when the game used it (call preventDefault yourself).
 *   Keys the game leaves are the shell's: Space and Enter press the card's main button.
 * @property {(surface: HTMLElement, controls: HTMLElement) => void} bindInput  called once:
 *   listen on `surface` (the board) for pointer or touch controls. `controls` is an empty
 *   element beside the board for on-screen controls of the game's own (it may add buttons and
 *   a pad there); the shell lays its children out with its own tools (under the board, or
 *   beside it on short screens) and styles the classes `controls-toggle`, `pad` and
 *   `pad-button` (with `data-direction` up, down, left or right) for them.
 * @property {Record<string, Tone[]>} sounds  the game's sounds by name, for `sound(name)`: see
 *   Tone in sound.js. `{}` for a silent game.
 * @property {(msg: object) => void} message  every message the shell does not pass on
 *   otherwise (`error`, `waiting`, any game-specific type), before the shell handles it.
 * @property {() => "alive" | "dead" | null} life  this player's place on the board: in play,
 *   out of play (the shell shows the death card), or none (not placed yet, or watching).
 * @property {() => DeathCard} deathCard  what the death card shows; asked while `life()` is
 *   "dead", on every frame while it is up.
 * @property {() => void} playAgain  the death card's button (or Space / Enter): ask for a new
 *   life. The game ignores it when that is not allowed yet or was already asked.
 * @property {(player: string | null) => void} [follow]  optional: keep `player`'s piece
 *   marked on the board (a ring, a pulse), or stop (null). The shell calls it for the death
 *   card's `watch` action, and with null when the player plays again or `watch` goes away.
 * @property {string[]} scoreColumns  the scoreboard's column headers after "Player".
 * @property {() => ScoreRow[]} scores  the scoreboard's rows, best first; each has
 *   `player` (id), `name`, `colour` (CSS), `bot`, `dead` (dims the row) and `cells` (one value
 *   a column). See ScoreRow in scores.js.
 * @property {(player: string) => string | null} colourOf  a player's colour, for their name
 *   in the chat, or null.
 * @property {{reconnect: string, bot: string}} words  the game's words in the shell's places:
 *   `reconnect` follows "Trying again in N s." while the player plays (e.g. that their place is
 *   kept), `bot` is the hover title of the scoreboard's Bot tag.
 * @property {object} hooks  read-only views for browser tests, added to `window.kogame`
 *   (property getters and functions, e.g. the game's state).
 *
 * @typedef {object} DeathCard
 * @property {string} cause  the card's first line: how it ended, e.g. "You hit a wall".
 * @property {number | string} score  the final score, shown as "You scored N".
 * @property {number} waitSeconds  whole seconds until playing again is allowed; 0 when it is.
 * @property {boolean} asked  a new life was asked for and has not come (the button says so).
 * @property {[string, string | number][]} [rows]  optional: more about the life, as label and
 *   value pairs shown under the score in this order (e.g. ["Length", 12], ["Rank", "3rd of
 *   7"]). Plain text, never markup.
 * @property {{label: string, player: string, watching?: string} | null} [watch]  optional: a
 *   second button (`label`, e.g. "Watch Bex") that closes the card and has the game `follow`
 *   `player` (a bar over the board says `watching`, e.g. "Watching Bex")
 *   until the player plays again (the button on the bar over the board, Space or Enter), or
 *   until the card stops offering it (then the card comes back). Offer it only to a game with
 *   `follow`, and only while there is something to watch.
 *
 * The game's words on the page itself come from two template partials the game ships:
 * `<game>/room/lead.html` (the join card's lead sentence) and `<game>/room/controls.html` (the
 * rows of the Controls panel, as `<div><dt>…</dt><dd>…</dd></div>`).
 */

import { ChatFeed } from "./chat.js";
import { frameAlpha, turnLeft } from "./clock.js";
import { listenToKeys } from "./input.js";
import { Connection, roomUrl } from "./net.js";
import { Scoreboard } from "./scores.js";
import { SoundBoard } from "./sound.js";

const NAME_KEY = "kogame.name";
const COLOUR_KEY = "kogame.colour";
const TOAST_MS = 3200;
/** How long the invite button says "Copied" before it goes back to its label. */
const COPIED_MS = 2000;
const CHAT_MAX = 200;
/** A short buzz when the death card comes up, on phones that can vibrate. */
const DEATH_BUZZ_MS = 120;
/** Where the side panels are tabs rather than a column (kogame.css uses the same query). */
const COMPACT = matchMedia("(max-width: 760px), (max-height: 560px)");

/** The one useful thing to offer after a close that is not retried automatically. */
const CLOSED_ACTIONS = {
  4001: { action: "Reload", run: () => location.reload() },
  4004: { action: "Back to the lobby", run: () => location.assign(lobbyUrl()) },
  4009: { action: "Play in this tab", run: () => connection.connect() },
};

const root = document.getElementById("kogame");
const $ = (id) => document.getElementById(id);
const ui = {
  statusLabel: $("status-label"),
  statusDetail: $("status-detail"),
  board: $("board"),
  canvas: $("canvas"),
  panels: { join: $("panel-join"), dead: $("panel-dead"), notice: $("panel-notice") },
  joinTitle: document.querySelector("#panel-join .card-title"),
  joinLead: document.querySelector("#panel-join .card-lead"),
  name: $("name"),
  nameError: $("name-error"),
  deadCause: $("dead-cause"),
  deadScore: $("dead-score"),
  deadRows: $("dead-rows"),
  deadWatch: $("dead-watch"),
  again: $("again"),
  countdown: $("dead-countdown"),
  noticeTitle: $("notice-title"),
  noticeText: $("notice-text"),
  noticeAction: $("notice-action"),
  joinWatch: $("join-watch"),
  toast: $("toast"),
  roomName: $("room-name"),
  presence: $("presence"),
  invite: $("invite"),
  inviteLabel: $("invite-label"),
  inviteUrl: $("invite-url"),
  watchBar: $("watch-bar"),
  watchPlay: $("watch-play"),
  followBar: $("follow-bar"),
  followText: $("follow-text"),
  followPlay: $("follow-play"),
  turnBar: $("turn-bar"),
  turnText: $("turn-text"),
  turnFill: $("turn-fill"),
  spectate: $("spectate"),
  chatForm: $("chat-form"),
  chatInput: $("chat-input"),
  chatSend: $("chat-send"),
  gameControls: $("game-controls"),
  sound: $("sound"),
  fullscreen: $("fullscreen"),
  tabs: [...document.querySelectorAll(".side-tab")],
  chatTab: $("tab-chat"),
  help: $("panel-help"),
};

/** The join card's own words, put back after it asked an idle player whether to play again. */
const JOIN_CARD = { title: ui.joinTitle.textContent, lead: ui.joinLead.textContent };

const connection = new Connection(roomUrl(root.dataset.wsPath), {
  onStatus: statusChanged,
  onSnapshot: snapshotArrived,
  onDelta: deltaArrived,
  onMessage: received,
});
const chat = new ChatFeed($("chat"), $("chat-empty"), {
  playerId: () => connection.playerId,
  colourOf: (player) => game?.colourOf(player) ?? null,
});
const scoreboard = new Scoreboard($("scores-head"), $("scores"), $("scores-empty"));
const sounds = new SoundBoard();
/** @type {Game | null} the room's game, once its module has loaded. */
let game = null;

/** Page-side state that the server does not hold. */
const page = {
  /** The `waiting` message, shown until we are placed. */
  waiting: "",
  toastTimer: 0,
  /** Why the server freed our place (`idle`), shown on the join card until we act. */
  away: "",
  /** Watching by choice (or because the room was full) rather than being asked to join. */
  watching: root.dataset.watch === "true",
  /** The last chat message sent, put back if the server asks us to slow down. */
  lastChat: "",
  copiedTimer: 0,
  /** A player was asked for since the last welcome (so a second 4001 is shown, not retried). */
  askedForPlayer: false,
  /** The game's module could not be loaded: nothing else can work. */
  broken: false,
  /** performance.now() of the last applied delta (-Infinity after a snapshot: no animation). */
  frameAt: -Infinity,
  /** performance.now() of the last game frame: each one opens a turn in a turn-based room. */
  turnAt: 0,
  /** The `turnAt` of the turn in which this page last sent one of the game's messages. */
  movedIn: -1,
  /** The overlay card shown by the last refresh (null: none), to notice the death card come up. */
  panel: undefined,
  /** The death card's `watch`, while the player follows it instead of seeing the card. */
  following: null,
  /** The death card's rows as last drawn, so they are rebuilt only when they change. */
  rowsShown: "",
};

/* ---- connection events ---- */

/**
 * Pages store no session until there is something to keep, so a browser without a player
 * asks the server for one before it opens the socket, and once more when the socket says it
 * has none (4001: the session expired, or this browser logged out in another tab).
 */
function connectWithPlayer() {
  page.askedForPlayer = true;
  const token = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie)?.[1] ?? root.dataset.csrfToken;
  fetch(root.dataset.playerUrl, { method: "POST", headers: { "X-CSRFToken": token } })
    .catch(() => null) // the socket's 4001 then says what went wrong
    .finally(() => connection.connect());
}

function statusChanged(status) {
  if (status.phase === "closed" && status.code === 4001 && !page.askedForPlayer) {
    connectWithPlayer();
    return;
  }
  refresh();
}

function snapshotArrived(msg) {
  game.applySnapshot(msg);
  page.frameAt = -Infinity; // nothing to animate from
  page.turnAt = performance.now();
  stateChanged();
}

/** @returns {boolean} whether the delta fits the game's state (false: resynchronise). */
function deltaArrived(msg) {
  const result = game.applyDelta(msg);
  if (result.ok && result.applied) {
    page.frameAt = page.turnAt = performance.now();
    stateChanged();
  }
  return result.ok;
}

function stateChanged() {
  if (game.life() === "alive") page.waiting = "";
  refresh();
}

function received(msg) {
  if (msg.type === "welcome") {
    page.askedForPlayer = false;
    game.welcome(msg);
    root.style.setProperty("--board-ratio", String(game.aspectRatio));
    if (msg.playing) page.watching = false; // our place is still in the game: take it back
    if (msg.room_name) setText(ui.roomName, msg.room_name);
  } else if (msg.type === "presence") {
    showPresence(msg);
  } else if (msg.type === "chat_history") {
    chat.replace(Array.isArray(msg.messages) ? msg.messages : []);
  } else if (msg.type === "feed") {
    for (const line of Array.isArray(msg.messages) ? msg.messages : []) {
      chat.add(line);
      if (line.kind === "player" && line.player !== connection.playerId) markUnread();
    }
  } else {
    game.message(msg);
    if (msg.type === "waiting") page.waiting = msg.message;
    else if (msg.type === "error") showError(msg);
  }
  refresh();
}

function showError(msg) {
  if (msg.code === "bad_name") return showNameError(msg.message);
  if (msg.code === "room_full") page.watching = true;
  if (msg.code === "chat_rate_limited" && !ui.chatInput.value) ui.chatInput.value = page.lastChat;
  if (msg.code === "idle") away(msg.message);
  else toast(msg.message);
}

/* ---- player actions ---- */

function play() {
  const name = ui.name.value.trim();
  const colour = chosenColour();
  remember(name);
  remember(colour, COLOUR_KEY);
  showNameError("");
  page.waiting = "";
  page.away = "";
  page.watching = false;
  forgetWatchParam();
  connection.join(name, colour);
  document.activeElement?.blur(); // so the game's keys reach the game instead of the name
  refresh();
}

/** The watch bar's Play: straight in under the saved name, or ask for one first. */
function playFromWatching() {
  const saved = remembered();
  page.watching = false;
  if (saved) {
    ui.name.value = saved;
    play();
    return;
  }
  refresh();
  ui.name.focus();
  ui.name.select();
}

function watch() {
  if (connection.playing) connection.spectate();
  page.watching = true;
  page.waiting = "";
  page.away = "";
  showNameError("");
  document.activeElement?.blur();
  refresh();
}

/** The server freed our place while we were out of play and idle: ask whether to play again,
 * on the join card (a toast would be gone before someone who was away comes back). */
function away(message) {
  page.away = message;
  page.watching = false;
}

/** A reload after choosing to play should not drop the player back into watching. */
function forgetWatchParam() {
  const url = new URL(location.href);
  if (!url.searchParams.has("watch")) return;
  url.searchParams.delete("watch");
  history.replaceState(history.state, "", url);
}

/** Enter in the chat box: send the line, if any, and hand the keys back to the game. */
function sendChat() {
  const text = ui.chatInput.value.trim().slice(0, CHAT_MAX);
  if (text && !connection.chat(text)) {
    toast("Not connected right now. Your message is still here.");
    return;
  }
  if (text) page.lastChat = text;
  ui.chatInput.value = "";
  ui.chatInput.blur();
  refresh();
}

/** Enter outside any field while no card is up: type in the chat (on its tab, where tabs). */
function openChat() {
  showTab("chat");
  ui.chatInput.focus();
}

/** On small screens the side panels are tabs: show the one named ("scores", "chat", "room"). */
function showTab(name) {
  root.dataset.tab = name;
  for (const tab of ui.tabs) tab.setAttribute("aria-selected", String(tab.dataset.tab === name));
  if (name === "room") ui.help.open = true; // the controls are what a phone player looks for
  if (name !== "chat") return;
  delete ui.chatTab.dataset.unread;
  chat.changed(true); // a hidden list could not follow the latest lines
}

/** A chat line arrived that the player cannot see: a dot on the Chat tab until they look. */
function markUnread() {
  if (COMPACT.matches && root.dataset.tab !== "chat") ui.chatTab.dataset.unread = "true";
}

async function copyInvite() {
  const url = ui.invite.dataset.url;
  try {
    await navigator.clipboard.writeText(url);
  } catch {
    // No clipboard (insecure page, or permission refused): hand over a selected link instead.
    ui.inviteUrl.scrollIntoView({ block: "nearest", behavior: "smooth" });
    ui.inviteUrl.focus();
    ui.inviteUrl.select();
    toast("Copy the selected link and send it to a friend.");
    return;
  }
  setText(ui.inviteLabel, "Link copied");
  ui.invite.classList.add("is-done");
  clearTimeout(page.copiedTimer);
  page.copiedTimer = setTimeout(() => {
    setText(ui.inviteLabel, "Copy invite link");
    ui.invite.classList.remove("is-done");
  }, COPIED_MS);
  toast("Invite link copied. Send it to a friend!");
}

function playAgain() {
  stopFollowing();
  if (game?.life() === "dead") game.playAgain();
  refresh();
}

/** The death card's second button: close the card and follow someone on the board. */
function startFollowing() {
  const watch = game?.life() === "dead" ? game.deathCard().watch : null;
  if (!watch || !game.follow) return;
  page.following = watch;
  game.follow(watch.player);
  document.activeElement?.blur(); // Space and Enter then mean "play again"
  refresh();
}

function stopFollowing() {
  if (!page.following) return;
  page.following = null;
  game?.follow?.(null);
}

/** Following ends when there is nothing left to follow: a new life, or the card stopped
 * offering it (whoever it was died or left). */
function checkFollowing() {
  if (!page.following) return;
  const watch = game?.life() === "dead" ? game.deathCard().watch : null;
  if (watch?.player !== page.following.player) stopFollowing();
}

/** Space / Enter: whatever the overlay's main button would do right now; with no card up,
 * Enter opens the chat. */
function act(event) {
  const panel = currentPanel();
  if (panel === "join") play();
  else if (panel === "dead" || page.following) playAgain();
  else if (!panel && event.key === "Enter") openChat();
}

/* ---- what the page shows ---- */

/** Bring every part of the page in line with the connection and the state. */
function refresh() {
  const phase = connection.status.phase;
  root.dataset.status = phase;
  root.dataset.playing = String(connection.playing);
  root.dataset.watching = String(isWatching());
  if (phase === "closed") setHidden(ui.toast, true); // the overlay says why
  checkFollowing();
  const [label, detail] = statusText(connection.status);
  setText(ui.statusLabel, label);
  setText(ui.statusDetail, detail);
  const panel = currentPanel();
  showPanel(panel);
  setHidden(ui.watchBar, !isWatching() || panel === "notice");
  showFollowBar(panel);
  setHidden(ui.spectate, !connection.playing);
  ui.chatSend.disabled = phase !== "connected";
  showTurnBar();
  if (game) scoreboard.show(game.scores(), connection.playerId, game.words.bot);
}

function isWatching() {
  return page.watching && !connection.playing;
}

function showPresence({ players, spectators, max_players: max }) {
  const most = max ?? connection.welcome?.max_players;
  const playing = most ? `${players}/${most} playing` : `${players} playing`;
  setText(ui.presence, `${playing} · ${spectators} watching`);
}

/** The status pill as [what, detail]; narrow screens show only the detail once connected. */
function statusText({ phase, rtt, retryIn, label, lost }) {
  if (phase === "connected") return ["Connected", rtt === null ? "" : `${rtt} ms`];
  if (phase === "reconnecting") return ["Reconnecting", `in ${retryIn} s`];
  if (phase === "closed") return ["Closed", label];
  return [lost ? "Reconnecting…" : "Connecting…", ""];
}

/** @returns {"join" | "dead" | "notice" | null} which overlay card is up, if any. */
function currentPanel() {
  const { phase, lost } = connection.status;
  if (page.broken || phase === "closed" || lost) return "notice";
  if (!connection.playing) return page.watching ? null : "join";
  const life = game?.life() ?? null;
  if (life === "dead") return page.following ? null : "dead";
  if (page.waiting && !life) return "notice";
  return null;
}

function showPanel(panel) {
  if (panel === "dead" && page.panel === null) navigator.vibrate?.(DEATH_BUZZ_MS);
  page.panel = panel;
  for (const [name, element] of Object.entries(ui.panels)) setHidden(element, name !== panel);
  ui.board.dataset.overlay = panel ?? "none";
  if (panel === "join") fillJoinPanel();
  if (panel === "dead") fillDeadPanel(game.deathCard());
  if (panel === "notice") fillNotice();
}

/** After the server freed an idle player's place, the card says so instead of the welcome. */
function fillJoinPanel() {
  setText(ui.joinTitle, page.away ? "Still there?" : JOIN_CARD.title);
  setText(ui.joinLead, page.away || JOIN_CARD.lead);
}

/** While the player follows someone, a bar over the board says whom, with "Play again". */
function showFollowBar(panel) {
  const following = page.following && panel === null;
  setHidden(ui.followBar, !following);
  if (following) setText(ui.followText, page.following.watching ?? "Watching");
}

/** @param {DeathCard} card */
function fillDeadPanel(card) {
  setText(ui.deadCause, card.cause);
  setText(ui.deadScore, String(card.score));
  showRows(card.rows ?? []);
  const watch = game.follow ? card.watch : null;
  setHidden(ui.deadWatch, !watch);
  setText(ui.deadWatch, watch?.label ?? "");
  const ready = card.waitSeconds <= 0;
  ui.again.disabled = !ready || card.asked;
  setText(ui.again, card.asked ? "Joining…" : "Play again");
  const wait = `You can play again in ${card.waitSeconds} s`;
  setText(ui.countdown, ready ? "Space or Enter works too." : wait);
}

/** The game's module first (nothing works without it), then connection trouble, then the
 * wait for a free spot. */
function fillNotice() {
  const { phase, reason, code, retryIn, lost } = connection.status;
  let notice;
  if (page.broken) {
    const text = "The game could not be loaded. Reload the page to try again.";
    const run = () => location.reload();
    notice = { title: "Something went wrong", text, action: "Reload", run };
  } else if (phase === "closed") {
    notice = { title: "Disconnected", text: reason, ...CLOSED_ACTIONS[code] };
  } else if (phase === "reconnecting") {
    const text = `Trying again in ${retryIn} s.${placeKept()}`;
    const run = () => connection.connect();
    notice = { title: "Connection lost", text, action: "Retry now", run };
  } else if (lost) {
    notice = { title: "Connection lost", text: `Reconnecting now…${placeKept()}` };
  } else {
    notice = { title: "Hang tight", text: page.waiting };
  }
  setText(ui.noticeTitle, notice.title);
  setText(ui.noticeText, notice.text);
  setHidden(ui.noticeAction, !notice.action);
  setText(ui.noticeAction, notice.action ?? "");
  ui.noticeAction.onclick = notice.run ?? null;
}

/** The card's rows as a definition list: a row a pair, the label in <dt>, the value in <dd>. */
function showRows(rows) {
  const key = JSON.stringify(rows);
  if (key === page.rowsShown) return;
  page.rowsShown = key;
  const items = rows.map(([label, value]) => {
    const row = document.createElement("div");
    const term = document.createElement("dt");
    const detail = document.createElement("dd");
    term.textContent = String(label);
    detail.textContent = String(value);
    row.append(term, detail);
    return row;
  });
  ui.deadRows.replaceChildren(...items);
  setHidden(ui.deadRows, !items.length);
}

function placeKept() {
  return connection.playing && game ? ` ${game.words.reconnect}` : "";
}

/** In a turn-based room, a bar over the board: its words here, its length on every frame. */
function showTurnBar() {
  const turns = turnBased();
  setHidden(ui.turnBar, !turns);
  if (!turns) return;
  const seconds = connection.welcome.clock.deadline_ms / 1000;
  let text = `Turn-based: each turn waits up to ${seconds} s`;
  if (connection.playing && game?.life() === "alive") {
    text =
      page.movedIn === page.turnAt
        ? "Your move is in: waiting for the others"
        : "Turn-based: make your move";
  }
  setText(ui.turnText, text);
}

function turnBased() {
  return connection.welcome?.clock?.kind === "turns";
}

/** The game's own messages: in a turn-based room the first of a turn is this player's move
 * (docs/protocol.md, `clock`), and the bar over the board says it is in. A real-time game
 * sends one a tick: nothing more is done for it. */
function sendMove(msg) {
  const sent = connection.send(msg);
  if (sent && page.movedIn !== page.turnAt && turnBased()) {
    page.movedIn = page.turnAt;
    showTurnBar();
  }
  return sent;
}

function showNameError(message) {
  setText(ui.nameError, message);
  setHidden(ui.nameError, !message);
  ui.name.setAttribute("aria-invalid", String(Boolean(message)));
  if (message) ui.name.focus();
}

function toast(message) {
  setText(ui.toast, message);
  setHidden(ui.toast, false);
  clearTimeout(page.toastTimer);
  page.toastTimer = setTimeout(() => setHidden(ui.toast, true), TOAST_MS);
}

/** DOM writes only when something changed: refresh() runs on every tick. */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function setHidden(element, hidden) {
  if (element.hidden !== hidden) element.hidden = hidden;
}

function lobbyUrl() {
  return root.dataset.lobbyUrl || "/";
}

/* ---- sound and full screen ---- */

function toggleSound() {
  sounds.setMuted(!sounds.muted);
  showSoundSwitch();
}

function showSoundSwitch() {
  setHidden(ui.sound, !sounds.available);
  ui.sound.setAttribute("aria-pressed", String(!sounds.muted));
}

function fullscreenElement() {
  return document.fullscreenElement ?? document.webkitFullscreenElement ?? null;
}

/** The Fullscreen API, with Safari's prefixed names; iPhones have neither (the button hides). */
async function toggleFullscreen() {
  const whole = document.documentElement;
  try {
    if (fullscreenElement()) {
      await (document.exitFullscreen ?? document.webkitExitFullscreen).call(document);
    } else {
      const enter = whole.requestFullscreen ?? whole.webkitRequestFullscreen;
      await enter.call(whole, { navigationUI: "hide" });
    }
  } catch {
    toast("Full screen is not available here.");
  }
}

function showFullscreenSwitch() {
  setHidden(ui.fullscreen, !(document.fullscreenEnabled || document.webkitFullscreenEnabled));
  ui.fullscreen.setAttribute("aria-pressed", String(fullscreenElement() !== null));
}

/* ---- the animation loop ---- */

function frame(now) {
  requestAnimationFrame(frame);
  game.render(frameAlpha(now, page.frameAt, connection.welcome?.tick_rate), now);
  const left = turnLeft(connection.welcome?.clock, now, page.turnAt);
  if (left !== null) ui.turnFill.style.transform = `scaleX(${left})`;
}

/* ---- name and colour memory (storage can be unavailable, e.g. in private modes) ---- */

function remembered(key = NAME_KEY) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(value, key = NAME_KEY) {
  try {
    if (value) localStorage.setItem(key, value);
  } catch {
    // Not remembering it is fine.
  }
}

/* ---- the join card's colour choice (only for a game that offers swatches) ---- */

/** @returns {HTMLInputElement[]} the swatches' radio buttons, none for most games. */
function swatches() {
  return [...ui.panels.join.querySelectorAll('input[name="colour"]')];
}

/** @returns {string | null} the colour picked on the join card ("#rrggbb"), or null. */
function chosenColour() {
  return swatches().find((input) => input.checked)?.value ?? null;
}

/**
 * Paint each swatch (from script: the page's CSP allows no style attributes), and check the
 * colour this browser last chose unless the page checked the one the player's row keeps.
 */
function showSwatches() {
  const inputs = swatches();
  for (const input of inputs) input.parentElement.style.setProperty("--swatch", input.value);
  if (chosenColour()) return;
  const saved = remembered(COLOUR_KEY);
  const match = inputs.find((input) => input.value === saved);
  if (match) match.checked = true;
}

/* ---- start ---- */

/** Hooks for browser tests: live views of the connection, read with Playwright; the game adds
 * its own (its `hooks`) once loaded. */
window.kogame = {
  get playerId() {
    return connection.playerId;
  },
  get status() {
    return connection.status.phase;
  },
  get rtt() {
    return connection.status.rtt;
  },
  get playing() {
    return connection.playing;
  },
  get welcome() {
    return connection.welcome;
  },
  get watching() {
    return isWatching();
  },
  send: (msg) => connection.send(msg),
};

/** The game's module, or null (said on the page) when it cannot be loaded. */
async function loadGame() {
  try {
    const { createGame } = await import(root.dataset.clientModule);
    return createGame({
      canvas: ui.canvas,
      send: sendMove,
      me: () => connection.playerId,
      playing: () => connection.playing,
      sound: (name) => sounds.play(name),
      bestToday: root.dataset.bestToday ? Number(root.dataset.bestToday) : null,
    });
  } catch (error) {
    console.error("The game's module did not load:", error);
    return null;
  }
}

ui.name.value = remembered() || root.dataset.defaultName;
showSwatches();
ui.panels.join.addEventListener("submit", (event) => {
  event.preventDefault();
  play();
});
ui.again.addEventListener("click", playAgain);
ui.deadWatch.addEventListener("click", startFollowing);
ui.followPlay.addEventListener("click", playAgain);
ui.joinWatch.addEventListener("click", watch);
ui.watchPlay.addEventListener("click", playFromWatching);
ui.spectate.addEventListener("click", watch);
ui.invite.addEventListener("click", copyInvite);
ui.inviteUrl.addEventListener("focus", () => ui.inviteUrl.select());
ui.chatInput.addEventListener("keydown", (event) => {
  if (event.key === "Escape") ui.chatInput.blur(); // back to the game's keys
});
for (const tab of ui.tabs) tab.addEventListener("click", () => showTab(tab.dataset.tab));
ui.sound.addEventListener("click", toggleSound);
ui.fullscreen.addEventListener("click", toggleFullscreen);
document.addEventListener("fullscreenchange", showFullscreenSwitch);
document.addEventListener("webkitfullscreenchange", showFullscreenSwitch);
// Audio may start only from a gesture (a touch counts once it ends); every one retries, in case
// the browser suspended it since.
for (const type of ["pointerdown", "pointerup", "keydown"]) {
  window.addEventListener(type, () => sounds.unlock(), { capture: true, passive: true });
}
showSoundSwitch();
showFullscreenSwitch();
ui.chatForm.addEventListener("submit", (event) => {
  event.preventDefault();
  sendChat();
});
refresh();
game = await loadGame();
if (game) {
  Object.defineProperties(window.kogame, Object.getOwnPropertyDescriptors(game.hooks));
  scoreboard.setColumns(game.scoreColumns);
  sounds.define(game.sounds);
  game.bindInput(ui.canvas, ui.gameControls);
  listenToKeys({ onGameKey: (event) => game.keydown(event), onAction: act });
  window.addEventListener("online", () => connection.retrySoon());
  requestAnimationFrame(frame);
  if (root.dataset.hasPlayer === "true") connection.connect();
  else connectWithPlayer();
} else {
  page.broken = true;
}
refresh();
