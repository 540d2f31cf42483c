import { expect, test } from "vitest";
import { syncHeadline } from "./sync-headline";

test("the sync's headline never says 'not started' beside orders in the app", () => {
  expect(syncHeadline("idle", 0)).toBe("not started yet, no orders in the app");
  expect(syncHeadline("idle", 21)).toBe("no full import yet; 21 orders arrived through live order updates");
  expect(syncHeadline("idle", 1)).toBe("no full import yet; 1 order arrived through live order updates");
  expect(syncHeadline("running", 1200)).toBe("running, 1,200 orders in the app");
  expect(syncHeadline("done", 183)).toBe("finished, 183 orders in the app");
  expect(syncHeadline("failed", 0)).toBe("stopped: see why below, 0 orders in the app");
});
