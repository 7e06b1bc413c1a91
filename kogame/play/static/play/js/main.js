/**
 * The Snek room page: connects to the room named by the page, draws it, takes input, and keeps
 * the page around the board (status, overlay, scoreboard, chat, who is here) in step with the
 * connection.
 *
 * A visitor either plays (has, or is getting, a snake) or watches. Watching is chosen with
 * `?watch=1`, the "Watch instead" control, or "Just watch for now"; a join the room refuses
 * because it is full also lands there.
 *
 * Player names and chat are other people's text: they only ever reach the page through
 * textContent or the canvas, never as markup.
 */

import { ChatFeed } from "./chat.js";
import { listen } from "./input.js";
import { Connection, roomUrl } from "./net.js";
import { Renderer } from "./render.js";
import { snakeOf, toPlain } from "./state.js";

const NAME_KEY = "kogame.name";
const TOAST_MS = 3200;
/** How long the invite button says "Copied" before it goes back to its label. */
const COPIED_MS = 2000;
const CHAT_MAX = 200;

const CAUSES = {
  wall: "You hit a wall",
  self: "You ran into yourself",
  snake: "You ran into another snake",
  head: "Head-on collision",
};

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
  again: $("again"),
  countdown: $("dead-countdown"),
  noticeTitle: $("notice-title"),
  noticeText: $("notice-text"),
  noticeAction: $("notice-action"),
  joinWatch: $("join-watch"),
  scores: $("scores"),
  scoresEmpty: $("scores-empty"),
  toast: $("toast"),
  roomName: $("room-name"),
  presence: $("presence"),
  invite: $("invite"),
  inviteLabel: $("invite-label"),
  inviteUrl: $("invite-url"),
  watchBar: $("watch-bar"),
  watchPlay: $("watch-play"),
  spectate: $("spectate"),
  chatForm: $("chat-form"),
  chatInput: $("chat-input"),
  chatSend: $("chat-send"),
};

/** The join card's own words, put back after it asked an idle player whether to play again. */
const JOIN_CARD = { title: ui.joinTitle.textContent, lead: ui.joinLead.textContent };

const connection = new Connection(roomUrl(root.dataset.wsPath), {
  onStatus: statusChanged,
  onState: stateChanged,
  onMessage: received,
});
const renderer = new Renderer(ui.canvas, {
  state: () => connection.state,
  playerId: () => connection.playerId,
});
const chat = new ChatFeed($("chat"), $("chat-empty"), {
  playerId: () => connection.playerId,
  colourOf: (player) => connection.state?.snakes.find((s) => s.player === player)?.colour ?? null,
});

/** Page-side state that the server does not hold. */
const page = {
  /** The `waiting` message, shown until our snake is placed. */
  waiting: "",
  /** Id of the dead snake a `respawn` was sent for, so the button is not pressed twice. */
  respawnSentFor: null,
  toastTimer: 0,
  /** What the scoreboard last showed, to leave the DOM alone when nothing changed. */
  scoresKey: "",
  /** Why the server freed our place (`idle`), shown on the join card until we act. */
  away: "",
  /** Watching by choice (or because the room was full) rather than being asked to join. */
  watching: root.dataset.watch === "true",
  /** The last chat message sent, put back if the server asks us to slow down. */
  lastChat: "",
  copiedTimer: 0,
  /** A player was asked for since the last welcome (so a second 4001 is shown, not retried). */
  askedForPlayer: false,
};

function mySnake() {
  return snakeOf(connection.state, connection.playerId);
}

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

function stateChanged(state, snapshot) {
  renderer.tickArrived(snapshot);
  if (mySnake()?.alive) page.waiting = "";
  refresh();
}

function received(msg) {
  if (msg.type === "welcome") {
    page.askedForPlayer = false;
    renderer.setBoard(msg.width, msg.height);
    renderer.setTickRate(msg.tick_rate);
    root.style.setProperty("--board-ratio", String(msg.width / msg.height));
    if (msg.playing) page.watching = false; // our snake is still in the game: take it back
    if (msg.room_name) setText(ui.roomName, msg.room_name);
  } else if (msg.type === "waiting") {
    page.waiting = msg.message;
  } else if (msg.type === "presence") {
    showPresence(msg);
  } else if (msg.type === "chat_history") {
    chat.replace(Array.isArray(msg.messages) ? msg.messages : []);
  } else if (msg.type === "feed") {
    for (const line of Array.isArray(msg.messages) ? msg.messages : []) chat.add(line);
  } else if (msg.type === "error" && msg.code === "bad_name") {
    showNameError(msg.message);
  } else if (msg.type === "error") {
    if (msg.code === "not_dead" || msg.code === "too_soon") page.respawnSentFor = null;
    if (msg.code === "room_full") page.watching = true;
    if (msg.code === "chat_rate_limited" && !ui.chatInput.value) ui.chatInput.value = page.lastChat;
    if (msg.code === "idle") away(msg.message);
    else toast(msg.message);
  }
  refresh();
}

/* ---- player actions ---- */

function play() {
  const name = ui.name.value.trim();
  remember(name);
  showNameError("");
  page.waiting = "";
  page.away = "";
  page.watching = false;
  forgetWatchParam();
  connection.join(name);
  document.activeElement?.blur(); // so the arrow keys steer instead of editing the name
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
  page.respawnSentFor = null;
  showNameError("");
  document.activeElement?.blur();
  refresh();
}

/** The server freed our place while we were dead and idle: ask whether to play again, on the
 * join card (a toast would be gone before someone who was away comes back). */
function away(message) {
  page.away = message;
  page.watching = false;
  page.respawnSentFor = null;
}

/** A reload after choosing to play should not drop the player back into watching. */
function forgetWatchParam() {
  const url = new URL(location.href);
  if (!url.searchParams.has("watch")) return;
  url.searchParams.delete("watch");
  history.replaceState(history.state, "", url);
}

function sendChat() {
  const text = ui.chatInput.value.trim().slice(0, CHAT_MAX);
  if (!text) {
    ui.chatInput.value = "";
    return;
  }
  if (!connection.chat(text)) {
    toast("Not connected right now. Your message is still here.");
    return;
  }
  page.lastChat = text;
  ui.chatInput.value = "";
  refresh();
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
  const me = mySnake();
  if (!me || me.alive || !respawnReady(me) || page.respawnSentFor === me.id) return;
  if (connection.respawn()) page.respawnSentFor = me.id;
  refresh();
}

/** Space / Enter: whatever the overlay's main button would do right now. */
function act() {
  const panel = currentPanel();
  if (panel === "join") play();
  else if (panel === "dead") playAgain();
}

function turn(direction) {
  if (connection.playing && mySnake()?.alive) connection.turn(direction);
}

/* ---- what the page shows ---- */

/** Bring every part of the page in line with the connection and the state. */
function refresh() {
  const phase = connection.status.phase;
  root.dataset.status = phase;
  root.dataset.playing = String(connection.playing);
  root.dataset.watching = String(isWatching());
  if (phase === "closed") setHidden(ui.toast, true); // the overlay says why
  const [label, detail] = statusText(connection.status);
  setText(ui.statusLabel, label);
  setText(ui.statusDetail, detail);
  const panel = currentPanel();
  showPanel(panel);
  setHidden(ui.watchBar, !isWatching() || panel === "notice");
  setHidden(ui.spectate, !connection.playing);
  ui.chatSend.disabled = phase !== "connected";
  renderScores();
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
  if (phase === "closed" || lost) return "notice";
  if (!connection.playing) return page.watching ? null : "join";
  const me = mySnake();
  if (me && !me.alive) return "dead";
  if (page.waiting && !me) return "notice";
  return null;
}

function showPanel(panel) {
  for (const [name, element] of Object.entries(ui.panels)) setHidden(element, name !== panel);
  ui.board.dataset.overlay = panel ?? "none";
  if (panel === "join") fillJoinPanel();
  if (panel === "dead") fillDeadPanel(mySnake());
  if (panel === "notice") fillNotice();
}

/** After the server freed an idle player's place, the card says so instead of the welcome. */
function fillJoinPanel() {
  setText(ui.joinTitle, page.away ? "Still there?" : JOIN_CARD.title);
  setText(ui.joinLead, page.away || JOIN_CARD.lead);
}

function fillDeadPanel(me) {
  setText(ui.deadCause, CAUSES[me.cause] ?? "Game over");
  setText(ui.deadScore, String(me.score));
  const ready = respawnReady(me);
  const sent = page.respawnSentFor === me.id;
  ui.again.disabled = !ready || sent;
  setText(ui.again, sent ? "Joining…" : "Play again");
  const wait = `You can play again in ${respawnSeconds(me)} s`;
  setText(ui.countdown, ready ? "Space or Enter works too." : wait);
}

/** The server accepts `respawn` once `respawn_delay_ticks` have passed since the death. */
function respawnReady(me) {
  return me.diedTick === null || respawnTicksLeft(me) <= 0;
}

function respawnTicksLeft(me) {
  return me.diedTick + connection.welcome.respawn_delay_ticks - connection.state.tick;
}

function respawnSeconds(me) {
  return Math.ceil(respawnTicksLeft(me) / connection.welcome.tick_rate);
}

/** Connection trouble first (nothing works without it), then the wait for a free spot. */
function fillNotice() {
  const { phase, reason, code, retryIn, lost } = connection.status;
  let notice;
  if (phase === "closed") {
    notice = { title: "Disconnected", text: reason, ...CLOSED_ACTIONS[code] };
  } else if (phase === "reconnecting") {
    const text = `Trying again in ${retryIn} s.${snakeWaits()}`;
    const run = () => connection.connect();
    notice = { title: "Connection lost", text, action: "Retry now", run };
  } else if (lost) {
    notice = { title: "Connection lost", text: `Reconnecting now…${snakeWaits()}` };
  } else {
    notice = { title: "Hang tight", text: page.waiting };
  }
  setText(ui.noticeTitle, notice.title);
  setText(ui.noticeText, notice.text);
  setHidden(ui.noticeAction, !notice.action);
  setText(ui.noticeAction, notice.action ?? "");
  ui.noticeAction.onclick = notice.run ?? null;
}

function snakeWaits() {
  return connection.playing ? " Your snake waits for you a few seconds." : "";
}

function showNameError(message) {
  setText(ui.nameError, message);
  setHidden(ui.nameError, !message);
  ui.name.setAttribute("aria-invalid", String(Boolean(message)));
  if (message) ui.name.focus();
}

/** Best first; the dead keep their final score but sink below the living on a tie. */
function renderScores() {
  const state = connection.state;
  const me = connection.playerId;
  const rows = (state?.snakes ?? [])
    .map((s) => ({
      id: s.id,
      name: s.name,
      colour: s.colour,
      score: s.score,
      length: s.body.length,
      alive: s.alive,
      bot: s.bot,
      mine: s.player === me,
    }))
    .sort((a, b) => b.score - a.score || b.alive - a.alive || a.id - b.id);
  const key = JSON.stringify(rows);
  if (key === page.scoresKey) return;
  page.scoresKey = key;
  ui.scores.replaceChildren(...rows.map(scoreRow));
  setHidden(ui.scoresEmpty, rows.length > 0);
}

function scoreRow(row) {
  const tr = document.createElement("tr");
  tr.className = [row.mine && "is-me", !row.alive && "is-dead"].filter(Boolean).join(" ");
  const who = document.createElement("th");
  who.scope = "row";
  const player = document.createElement("span");
  player.className = "player";
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.style.backgroundColor = row.colour;
  const name = document.createElement("span");
  name.className = "who";
  name.textContent = row.name;
  player.append(swatch, name);
  if (row.mine) player.append(tag("You"));
  if (row.bot) player.append(tag("Bot", "tag-bot", "An AI snake"));
  who.append(player);
  tr.append(who, cell(row.score), cell(row.alive ? row.length : "–"));
  return tr;
}

function tag(text, extra = "", title = "") {
  const span = document.createElement("span");
  span.className = extra ? `tag ${extra}` : "tag";
  span.textContent = text;
  if (title) span.title = title;
  return span;
}

function cell(value) {
  const td = document.createElement("td");
  td.textContent = String(value);
  return td;
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

/* ---- name memory (storage can be unavailable, e.g. in private modes) ---- */

function remembered() {
  try {
    return localStorage.getItem(NAME_KEY);
  } catch {
    return null;
  }
}

function remember(name) {
  try {
    if (name) localStorage.setItem(NAME_KEY, name);
  } catch {
    // Not remembering the name is fine.
  }
}

/* ---- start ---- */

/** Hooks for browser tests: live views of the connection, read with Playwright. */
window.kogame = {
  get state() {
    return connection.state;
  },
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
  mySnake,
  toPlain: () => connection.state && toPlain(connection.state),
  send: (msg) => connection.send(msg),
};

ui.name.value = remembered() || root.dataset.defaultName;
ui.panels.join.addEventListener("submit", (event) => {
  event.preventDefault();
  play();
});
ui.again.addEventListener("click", playAgain);
ui.joinWatch.addEventListener("click", watch);
ui.watchPlay.addEventListener("click", playFromWatching);
ui.spectate.addEventListener("click", watch);
ui.invite.addEventListener("click", copyInvite);
ui.inviteUrl.addEventListener("focus", () => ui.inviteUrl.select());
ui.chatInput.addEventListener("keydown", (event) => {
  if (event.key === "Escape") ui.chatInput.blur(); // back to steering
});
ui.chatForm.addEventListener("submit", (event) => {
  event.preventDefault();
  sendChat();
});
listen(ui.canvas, {
  onTurn: turn,
  onAction: act,
  isPlaying: () => Boolean(connection.playing && mySnake()?.alive),
});
window.addEventListener("online", () => connection.retrySoon());
renderer.start();
if (root.dataset.hasPlayer === "true") connection.connect();
else connectWithPlayer();
refresh();
