/**
 * Tally's client module: the smallest game behind the shell's interface (play/js/main.js).
 * Each player's count is drawn as a row of text; A adds one, B banks the count.
 */

export function createGame({ canvas, send, me, playing }) {
  let counts = {};
  let goal = 10;

  const draw = canvas.getContext("2d");
  const act = (type) => playing() && send({ type });

  return {
    aspectRatio: 2,
    scoreColumns: ["Count"],
    sounds: {},
    words: { reconnect: "Your count is kept for a few seconds.", bot: "A computer player" },
    hooks: { get counts() { return counts; } },
    welcome(msg) {
      goal = msg.goal ?? goal;
    },
    applySnapshot(msg) {
      counts = { ...msg.counts };
    },
    applyDelta(msg) {
      counts = { ...msg.counts };
      return { ok: true, applied: true };
    },
    render() {
      draw.clearRect(0, 0, canvas.width, canvas.height);
      draw.fillStyle = "#ddd";
      draw.font = "16px sans-serif";
      Object.entries(counts).forEach(([player, count], row) => {
        draw.fillText(`${player}: ${count} / ${goal}`, 12, 24 + row * 22);
      });
    },
    keydown(event) {
      const key = event.key.toLowerCase();
      if (key !== "a" && key !== "b") return false;
      event.preventDefault();
      act(key === "a" ? "add" : "bank");
      return true;
    },
    bindInput(surface) {
      surface.addEventListener("click", () => act("add"));
    },
    message() {},
    life() {
      return me() in counts ? "alive" : null;
    },
    deathCard() {
      return { cause: "", score: 0, waitSeconds: 0, asked: false };
    },
    playAgain() {},
    scores() {
      return Object.entries(counts)
        .sort((a, b) => b[1] - a[1])
        .map(([player, count]) => ({
          player, name: player, colour: "#8cf", bot: false, dead: false,
          cells: [count],
        }));
    },
    colourOf() {
      return null;
    },
  };
}
