import { BlockStack, Button, Collapsible, InlineStack, Pagination, Text } from "@shopify/polaris";
import { useId, useState, type ReactNode } from "react";

/** Rows a detail list shows at a time once opened: the page opens on its summary, not on every row. */
export const ROWS_PER_PAGE = 10;

/**
 * A detail list behind a button (collapsed until opened; a button, so the keyboard opens it too).
 * `label` names what opens, e.g. "the 37 products to fix".
 */
export function Disclosure({ label, initiallyOpen = false, children }: { label: string; initiallyOpen?: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(initiallyOpen);
  const id = useId();
  return (
    <BlockStack gap="200">
      <InlineStack>
        <Button variant="plain" disclosure={open ? "up" : "down"} ariaExpanded={open} ariaControls={id} onClick={() => setOpen(!open)}>
          {`${open ? "Hide" : "Show"} ${label}`}
        </Button>
      </InlineStack>
      <Collapsible id={id} open={open}>
        {children}
      </Collapsible>
    </BlockStack>
  );
}

/** The rows of one page of a list already loaded, ROWS_PER_PAGE at a time, with Polaris pagination under them. */
export function PagedRows<T>({ items, label, render }: { items: T[]; label: string; render: (page: T[]) => ReactNode }) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(items.length / ROWS_PER_PAGE));
  const current = Math.min(page, pages);
  return (
    <BlockStack gap="200">
      {render(items.slice((current - 1) * ROWS_PER_PAGE, current * ROWS_PER_PAGE))}
      {pages > 1 ? (
        <nav aria-label={label}>
          <InlineStack gap="200" blockAlign="center">
            <Pagination hasPrevious={current > 1} onPrevious={() => setPage(current - 1)} hasNext={current < pages} onNext={() => setPage(current + 1)} />
            <Text as="span" tone="subdued">{`Page ${current} of ${pages}`}</Text>
          </InlineStack>
        </nav>
      ) : null}
    </BlockStack>
  );
}
