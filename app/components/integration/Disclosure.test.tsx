import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { Disclosure, PagedRows } from "./Disclosure";

const render = (node: ReactNode) => renderToStaticMarkup(<AppProvider i18n={en}>{node}</AppProvider>);
const rows = Array.from({ length: 37 }, (_, i) => `SKU-${i + 1}`);
const list = (
  <PagedRows
    items={rows}
    label="Pages of products to fix"
    render={(page) => (
      <ul>
        {page.map((row) => (
          <li key={row}>{row}</li>
        ))}
      </ul>
    )}
  />
);

test("a detail list opens collapsed behind a button that says what it shows", () => {
  const html = render(<Disclosure label="the 37 SKUs to fix">{list}</Disclosure>);
  expect(html).toContain("Show the 37 SKUs to fix");
  expect(html).toMatch(/aria-expanded="false"/);
  expect(html).not.toContain("<li>");
});

test("opened, it shows ten rows and the pages of the rest", () => {
  const html = render(
    <Disclosure label="the 37 SKUs to fix" initiallyOpen>
      {list}
    </Disclosure>,
  );
  expect(html).toContain("Hide the 37 SKUs to fix");
  expect(html).toMatch(/aria-expanded="true"/);
  expect(html.match(/<li>/g)).toHaveLength(10);
  expect(html).toContain("SKU-10<");
  expect(html).not.toContain("SKU-11<");
  expect(html).toContain("Page 1 of 4");
  expect(html).toContain('aria-label="Pages of products to fix"');
});
