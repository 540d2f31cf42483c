import { DataTable, type DataTableProps } from "@shopify/polaris";
import { useEffect, useRef } from "react";

/**
 * Polaris's DataTable whose horizontal scroll region a keyboard can reach: Polaris renders the
 * region (`.Polaris-DataTable__ScrollContainer`) without a tab stop or a name and takes no prop
 * for either, so they are set on it once it is in the page (tests/e2e/accessibility.spec.ts).
 */
export function LabelledDataTable({ label, ...props }: DataTableProps & { label: string }) {
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const region = wrapper.current?.querySelector<HTMLElement>(".Polaris-DataTable__ScrollContainer");
    if (!region) return;
    region.tabIndex = 0;
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", label);
  }, [label]);
  return (
    <div ref={wrapper}>
      <DataTable {...props} />
    </div>
  );
}
