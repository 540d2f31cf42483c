import { expect, test } from "vitest";
import type { StorefrontPlacement } from "~/storefront/placement";
import { withSavedPortal } from "./saved-portal";

const hidden: StorefrontPlacement = { embed: "unavailable", blockStatus: "unavailable", blockTemplates: [] };

test("once the portal address is saved, an answer from before the save no longer says hidden: the embed and block are off", () => {
  expect(withSavedPortal(hidden, true)).toEqual({ embed: "available", blockStatus: "available", blockTemplates: [] });
});

test("once the portal address is removed, the embed and block are hidden again", () => {
  expect(withSavedPortal({ embed: "active", blockStatus: "active", blockTemplates: ["page"] }, false)).toEqual({ embed: "unavailable", blockStatus: "unavailable", blockTemplates: ["page"] });
});

test("an answer in line with the saved address is shown as it is, and a missing extension stays missing", () => {
  expect(withSavedPortal({ embed: "active", blockStatus: "available", blockTemplates: ["page"] }, true)).toEqual({ embed: "active", blockStatus: "available", blockTemplates: ["page"] });
  expect(withSavedPortal(hidden, false)).toEqual(hidden);
  expect(withSavedPortal({ embed: "missing", blockStatus: "missing", blockTemplates: [] }, true)).toMatchObject({ embed: "missing", blockStatus: "missing" });
});
