import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { CustomerAccountStatus } from "./CustomerAccountStatus";
import { PlacementStatus, type PlacementState } from "./PlacementStatus";

const html = (element: ReactElement) => renderToStaticMarkup(<AppProvider i18n={en}>{element}</AppProvider>);
const buttonRooms = (markup: string) => markup.match(/data-pending-button=""/g)?.length ?? 0;
const links = { embedLink: "https://example.test/embed", blockLink: "https://example.test/block", onRecheck: () => {} };

test("while App Bridge is asked, the placement keeps the answer's lines and room for its buttons, so nothing moves when it answers", () => {
  const saved = html(<PlacementStatus state={{ status: "loading" }} portalSaved {...links} />);
  expect(saved).toContain("Site-wide link (app embed)");
  expect(saved).toContain("“Start a return” block");
  expect(saved).toContain("Checking your live theme…");
  expect(buttonRooms(saved)).toBe(2);
  // No portal saved: Shopify hides both, so no button follows either line.
  expect(buttonRooms(html(<PlacementStatus state={{ status: "loading" }} portalSaved={false} {...links} />))).toBe(0);
});

test("the customer-accounts status keeps its lines and the editor button's room while asked", () => {
  const markup = html(<CustomerAccountStatus state={{ status: "loading" }} onRecheck={() => {}} editorLink="https://example.test/editor" />);
  expect(markup).toContain("Return status on the order status page");
  expect(markup).toContain("Checking customer accounts…");
  expect(buttonRooms(markup)).toBe(1);
});

test("once saved, an answer from before the save shows the embed off with its button, not hidden", () => {
  const state: PlacementState = {
    status: "ok",
    placement: { embed: "unavailable", blockStatus: "unavailable", blockTemplates: [] },
    customerAccount: { deployed: true, orderAction: true, statusBlock: false },
    checkedAt: new Date(),
  };
  const saved = html(<PlacementStatus state={state} portalSaved {...links} />);
  expect(saved).toContain(">Off<");
  expect(saved).toContain("Turn on in the theme editor");
  expect(saved).not.toContain("Hidden until the portal address is saved");
  expect(html(<PlacementStatus state={state} portalSaved={false} {...links} />)).toContain("Hidden until the portal address is saved");
});

const buttons = (markup: string) => markup.match(/Polaris-Button--variantSecondary/g)?.length ?? 0;
const answer = (placement: Extract<PlacementState, { status: "ok" }>["placement"], statusBlock = false): PlacementState => ({
  status: "ok",
  placement,
  customerAccount: { deployed: true, orderAction: true, statusBlock },
  checkedAt: new Date(),
});

test("whatever App Bridge answers, the cards have the buttons the pending state kept room for, and the templates sit on the block's line", () => {
  const pending = buttonRooms(html(<PlacementStatus state={{ status: "loading" }} portalSaved {...links} />));
  for (const embed of ["available", "active"] as const) {
    for (const blockTemplates of [[], ["page"], ["index", "page"]]) {
      const placement = { embed, blockStatus: blockTemplates.length ? ("active" as const) : ("available" as const), blockTemplates };
      const markup = html(<PlacementStatus state={answer(placement)} portalSaved {...links} />);
      expect(buttons(markup), JSON.stringify(placement)).toBe(pending);
      // The templates are a span on the badge's line, never a paragraph of their own.
      expect(markup).not.toMatch(/<p[^>]*>Templates:/);
    }
  }
  expect(html(<PlacementStatus state={answer({ embed: "active", blockStatus: "active", blockTemplates: ["page"] })} portalSaved {...links} />)).toContain("Open in the theme editor");

  const waiting = buttonRooms(html(<CustomerAccountStatus state={{ status: "loading" }} onRecheck={() => {}} editorLink="https://example.test/editor" />));
  for (const statusBlock of [false, true]) {
    const markup = html(
      <CustomerAccountStatus state={answer({ embed: "active", blockStatus: "active", blockTemplates: [] }, statusBlock)} onRecheck={() => {}} editorLink="https://example.test/editor" />,
    );
    expect(buttons(markup)).toBe(waiting);
  }
});
