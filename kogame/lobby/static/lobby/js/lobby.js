/**
 * The lobby's list of live rooms, kept current without reloading the page: it asks the rooms
 * feed every few seconds while the tab is visible, and not at all while it is hidden.
 *
 * The server renders the first list (lobby/room_item.html), so the page works before this
 * runs; this module builds the same markup. Room names are other people's text: they reach
 * the page through textContent only.
 */

const POLL_MS = 4000;

const lobby = document.getElementById("lobby");
const list = document.getElementById("rooms");
const empty = document.getElementById("rooms-empty");
const note = document.getElementById("rooms-note");
const feedUrl = lobby.dataset.roomsUrl;
const NOTE = note.textContent;

let timer = 0;
/** @type {AbortController | null} */
let pending = null;

async function poll() {
  clearTimeout(timer);
  pending?.abort();
  const request = new AbortController();
  pending = request;
  try {
    const response = await fetch(feedUrl, {
      headers: { Accept: "application/json" },
      cache: "no-store",
      signal: request.signal,
    });
    if (!response.ok) throw new Error(`rooms feed answered ${response.status}`);
    const data = await response.json();
    show(Array.isArray(data.rooms) ? data.rooms : []);
    setText(note, NOTE);
  } catch (error) {
    if (request.signal.aborted) return;
    setText(note, "Can't reach the server right now. Trying again…");
  } finally {
    if (pending === request) pending = null;
  }
  if (!document.hidden) timer = setTimeout(poll, POLL_MS);
}

function stop() {
  clearTimeout(timer);
  pending?.abort();
  pending = null;
}

/** Update the list in place, so a focused or hovered button stays put while counts change. */
function show(rooms) {
  const old = new Map([...list.children].map((li) => [keyOf(li.dataset.game, li.dataset.room), li]));
  rooms.forEach((room, index) => {
    const key = keyOf(room.game, room.id);
    const li = old.get(key) ?? build();
    old.delete(key);
    fill(li, room);
    if (list.children[index] !== li) list.insertBefore(li, list.children[index] ?? null);
  });
  for (const li of old.values()) li.remove();
  setHidden(empty, rooms.length > 0);
}

function keyOf(game, id) {
  return `${game}/${id}`;
}

/** The skeleton of lobby/room_item.html; `fill` puts a room's details in. */
function build() {
  const li = el("li", "room");
  const info = el("div", "room-info");
  const title = el("p", "room-title");
  title.append(el("span", "room-game"), " ", el("span", "room-name"));
  const stats = el("p", "room-stats dotted");
  stats.append(
    el("span", "room-players"),
    el("span", "room-watching"),
    el("span", "room-speed"),
    el("span", "room-turns"),
  );
  info.append(title, stats);
  const actions = el("div", "room-actions");
  const watch = el("a", "button button-ghost button-small room-watch");
  watch.textContent = "Watch";
  actions.append(watch, el("a", "button button-primary button-small room-play"));
  li.append(info, actions);
  return li;
}

function fill(li, room) {
  const part = (name) => li.querySelector(`.room-${name}`);
  const players = Number(room.players) || 0;
  const max = Number(room.max_players) || 0;
  const full = max > 0 && players >= max;
  li.dataset.room = room.id;
  li.dataset.game = room.game;
  li.classList.toggle("is-full", full);
  setText(part("game"), room.title);
  setText(part("name"), room.name);
  const playing = max > 0 ? `${players}/${max} playing` : `${players} playing`;
  const count = part("players");
  if (count.dataset.text !== playing) {
    const strong = el("strong");
    strong.textContent = String(players);
    count.replaceChildren(strong, max > 0 ? `/${max} playing` : " playing");
    count.dataset.text = playing;
  }
  setText(part("watching"), `${room.spectators} watching`);
  setText(part("speed"), `${room.tick_rate} ticks/s`);
  setText(part("turns"), "Turn-based");
  setHidden(part("turns"), !room.turn_based);
  fillSummary(li.querySelector(".room-stats"), room.summary);
  setHref(part("watch"), room.watch_url);
  setHref(part("play"), room.url);
  setText(part("play"), full ? "Full" : "Play");
}

/** The game's few words on the room's settings, after the platform's figures. */
function fillSummary(stats, summary) {
  const words = Array.isArray(summary) ? summary.map(String) : [];
  const shown = [...stats.querySelectorAll(".room-summary")];
  if (shown.map((span) => span.textContent).join("\n") === words.join("\n")) return;
  for (const span of shown) span.remove();
  for (const word of words) {
    const span = el("span", "room-summary");
    span.textContent = word;
    stats.append(span);
  }
}

function el(tag, className = "") {
  const element = document.createElement(tag);
  if (className) element.className = className;
  return element;
}

function setText(element, text) {
  const value = String(text ?? "");
  if (element.textContent !== value) element.textContent = value;
}

function setHidden(element, hidden) {
  if (element.hidden !== hidden) element.hidden = hidden;
}

/** Only same-site paths: the feed is ours, but a link is no place to take chances. */
function setHref(link, url) {
  const path = typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : "#";
  if (link.getAttribute("href") !== path) link.setAttribute("href", path);
}

document.addEventListener("visibilitychange", () => (document.hidden ? stop() : poll()));
window.addEventListener("pageshow", (event) => event.persisted && poll());

/** For browser tests: refresh the list now. */
window.kogameLobby = { refresh: poll };

if (!document.hidden) timer = setTimeout(poll, POLL_MS);
