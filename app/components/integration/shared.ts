import { useEffect } from "react";

/** The answer every step 5 action gives: shown as an App Bridge toast. */
export type ActionResult = { ok: boolean; message: string };

export function useToastOnResult(data: ActionResult | undefined) {
  useEffect(() => {
    if (data && typeof window !== "undefined" && "shopify" in window) {
      (window as unknown as { shopify: { toast: { show(message: string, options?: { isError?: boolean }): void } } }).shopify.toast.show(data.message, { isError: !data.ok });
    }
  }, [data]);
}

/** The page's sections, in order: the overview at the top links to each. */
export const SECTIONS = {
  sync: "order-sync",
  summary: "summary-for-seko",
  products: "product-data",
  refused: "orders-not-sent",
  upload: "orders-sent",
  access: "access",
  webhooks: "live-updates",
} as const;

const countryNames = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : undefined;

/** "Australia" for "AU"; the code itself when the name is unknown. */
export function countryLabel(code: string) {
  if (code === "??") return "Unknown country";
  try {
    return countryNames?.of(code) ?? code;
  } catch {
    return code;
  }
}
