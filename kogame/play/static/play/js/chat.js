/**
 * The room's chat feed: people's messages and the server's quiet notices ("Ada joined the
 * game") in one list, oldest first.
 *
 * Names and message text are other people's words: they reach the page through textContent
 * only, never as markup.
 */

/** The feed keeps this many entries; older ones leave the top as new ones arrive. */
const MAX_ENTRIES = 100;
/** Within this many pixels of the bottom counts as "reading the latest": keep following. */
const STICKY_PX = 32;

/**
 * @typedef {object} ChatMessage  a chat line (docs/protocol.md, "Chat lines"): an item of
 *   `chat_history.messages` or of a delta's `feed`.
 * @property {"player" | "notice"} kind
 * @property {string} [player]  the sender's player id (kind "player").
 * @property {string} [name]  the sender's name (kind "player").
 * @property {string} text
 * @property {number} at  server time, ms since the epoch.
 *
 * @typedef {object} ChatView
 * @property {() => string | null} playerId  ours, to tell our own messages apart.
 * @property {(player: string) => string | null} colourOf  the sender's colour in the game, if any.
 */

export class ChatFeed {
  /**
   * @param {HTMLOListElement} list
   * @param {HTMLElement} empty  shown while there is nothing to read.
   * @param {ChatView} view
   */
  constructor(list, empty, view) {
    this.list = list;
    this.empty = empty;
    this.view = view;
  }

  /** Start again from the server's recent history (on every (re)connect). */
  replace(messages) {
    this.list.replaceChildren(...messages.slice(-MAX_ENTRIES).map((m) => this.entry(m)));
    this.changed(true);
  }

  /** @param {ChatMessage} message */
  add(message) {
    const follow = this.atBottom() || this.isMine(message);
    this.list.append(this.entry(message));
    while (this.list.childElementCount > MAX_ENTRIES) this.list.firstElementChild.remove();
    this.changed(follow);
  }

  atBottom() {
    const list = this.list;
    return list.scrollHeight - list.scrollTop - list.clientHeight <= STICKY_PX;
  }

  changed(follow) {
    this.empty.hidden = this.list.childElementCount > 0;
    if (follow) this.list.scrollTop = this.list.scrollHeight;
  }

  isMine(message) {
    return message.kind === "player" && message.player === this.view.playerId();
  }

  /** @param {ChatMessage} message */
  entry(message) {
    const li = document.createElement("li");
    const notice = message.kind !== "player";
    li.className = ["chat-line", notice && "is-notice", this.isMine(message) && "is-me"]
      .filter(Boolean)
      .join(" ");
    li.append(timeOf(message.at));
    if (!notice) {
      const name = document.createElement("span");
      name.className = "chat-name";
      name.textContent = String(message.name ?? "");
      const colour = this.view.colourOf(message.player);
      if (colour) name.style.color = colour;
      li.append(name);
    }
    const text = document.createElement("span");
    text.className = "chat-text";
    text.textContent = String(message.text ?? "");
    li.append(text);
    return li;
  }
}

/** Local time as HH:MM, with the full date and time on hover. */
function timeOf(at) {
  const date = new Date(Number.isFinite(at) ? at : Date.now());
  const time = document.createElement("time");
  time.className = "chat-time";
  time.dateTime = date.toISOString();
  time.title = date.toLocaleString();
  const pad = (n) => String(n).padStart(2, "0");
  time.textContent = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return time;
}
