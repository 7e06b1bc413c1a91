/**
 * The scoreboard: a row a player, in the order and with the columns the game gives.
 *
 * Names are other people's words: they reach the page through textContent only.
 */

/**
 * @typedef {object} ScoreRow  one player on the scoreboard, as the game describes it.
 * @property {string} player  the player id, to mark our own row.
 * @property {string} name
 * @property {string} colour  a CSS colour for the swatch before the name.
 * @property {boolean} bot  played by the server rather than a person (a "Bot" tag).
 * @property {boolean} dead  out of play for now (the row is dimmed).
 * @property {(string | number)[]} cells  one value for each of the game's score columns.
 */

export class Scoreboard {
  /**
   * @param {HTMLTableRowElement} head  the header row, whose first cell names the players.
   * @param {HTMLTableSectionElement} body
   * @param {HTMLElement} empty  shown while nobody is listed.
   */
  constructor(head, body, empty) {
    this.head = head;
    this.body = body;
    this.empty = empty;
    /** What the board last showed, to leave the DOM alone when nothing changed. */
    this.shown = "";
  }

  /** @param {string[]} columns  headers after the player's. */
  setColumns(columns) {
    const player = this.head.firstElementChild;
    const headers = columns.map((text) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      return th;
    });
    this.head.replaceChildren(player, ...headers);
  }

  /**
   * @param {ScoreRow[]} rows  best first.
   * @param {string | null} me  our player id.
   * @param {string} botTitle  what the Bot tag says on hover.
   */
  show(rows, me, botTitle) {
    const key = JSON.stringify([rows, me]);
    if (key === this.shown) return;
    this.shown = key;
    this.body.replaceChildren(...rows.map((row) => scoreRow(row, row.player === me, botTitle)));
    this.empty.hidden = rows.length > 0;
  }
}

function scoreRow(row, mine, botTitle) {
  const tr = document.createElement("tr");
  tr.className = [mine && "is-me", row.dead && "is-dead"].filter(Boolean).join(" ");
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
  if (mine) player.append(tag("You"));
  if (row.bot) player.append(tag("Bot", "tag-bot", botTitle));
  who.append(player);
  tr.append(who, ...row.cells.map(cell));
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
