import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { LinkPreview } from "./LinkPreview";

test("the server's HTML has no preview frame, only a box of the frame's height (a srcdoc frame there had the page lay out unstyled, then move)", () => {
  const markup = renderToStaticMarkup(
    <AppProvider i18n={en}>
      <LinkPreview css=".seko-returns__button{color:red}" portalUrl="https://returns.example-seko.test/demo" />
    </AppProvider>,
  );
  expect(markup).not.toContain("<iframe");
  expect(markup).not.toContain("srcdoc");
  expect(markup).toMatch(/<div data-preview-pending="" style="height:96px"><\/div>/);
  // The settings around the frame are there from the start.
  expect(markup).toContain("Link text");
  expect(markup).toContain("Open the returns portal in a new tab");
});
