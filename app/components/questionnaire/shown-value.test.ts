import { expect, test } from "vitest";
import { received, typed, type Shown } from "./shown-value";

const start: Shown<string> = { shown: "", pending: [] };

test("typing ahead of the card: the card rendering an older keystroke leaves the newer text on screen", () => {
  const afterTwoKeys = typed(typed(start, "D"), "De");
  expect(afterTwoKeys).toEqual({ shown: "De", pending: ["D", "De"] });
  const cardAtFirst = received(afterTwoKeys, "D");
  expect(cardAtFirst).toEqual({ shown: "De", pending: ["De"] });
  expect(received(cardAtFirst, "De")).toEqual({ shown: "De", pending: [] });
  // The card may render only the latest of several keystrokes (transitions batched).
  expect(received(afterTwoKeys, "De")).toEqual({ shown: "De", pending: [] });
});

test("a value from outside the field (a discard, a restored draft, a new saved version) replaces what is on screen", () => {
  expect(received(typed(start, "Demo"), "Saved Ltd")).toEqual({ shown: "Saved Ltd", pending: [] });
  expect(received(start, "Restored draft")).toEqual({ shown: "Restored draft", pending: [] });
});

test("a list value (a choice, fee rows) is matched by identity", () => {
  const mine = ["AU"];
  const state = typed<string[]>({ shown: [], pending: [] }, mine);
  expect(received(state, mine).shown).toBe(mine);
  const outside = ["AU"];
  expect(received(state, outside).shown).toBe(outside);
});
