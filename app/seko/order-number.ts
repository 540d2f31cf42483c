/**
 * The one form an order number is stored and matched in (docs/order-numbers.md).
 *
 * Shopify names an order `<prefix><number><suffix>` ("#1001" by default; the
 * merchant may set "SHOP-", "EU" or a suffix), where the number is unique per
 * shop. We send SEKO the canonical form, and SEKO writes it back its own way:
 * "1001", "#1001", "SHOP-1001" with the retailer's prefix from OmniRPS, with
 * stray spaces or another case. All of them must land on the same key.
 *
 * The rule: the longest run of digits (the first one when two are equally
 * long), without leading zeros. A reference with no digits at all is kept as
 * upper-case text without spaces or a leading "#". Known limit: a prefix or
 * suffix with a digit run as long as the order number itself ("2026-1001")
 * makes the first run win.
 */
export function canonicalOrderNumber(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).normalize("NFKC").replace(/\s+/g, "").toUpperCase();
  let longest = "";
  for (const run of text.match(/\d+/g) ?? []) {
    if (run.length > longest.length) longest = run;
  }
  if (longest) return longest.replace(/^0+(?=\d)/, "");
  const bare = text.replace(/^#+/, "");
  return bare === "" ? null : bare;
}

/** Canonical forms of several order numbers, blanks dropped and duplicates folded. */
export function canonicalOrderNumbers(values: Iterable<string | number | null | undefined>): string[] {
  const keys = new Set<string>();
  for (const value of values) {
    const key = canonicalOrderNumber(value);
    if (key) keys.add(key);
  }
  return [...keys];
}
