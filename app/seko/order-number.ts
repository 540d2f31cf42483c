/**
 * The one form an order number is stored and matched in (docs/order-numbers.md).
 *
 * Shopify names an order `<prefix><number><suffix>` ("#1001" by default; the merchant may set
 * "SO2026-", "EU" or a suffix). The name is what identifies an order in a shop: `Order.number` is
 * not guaranteed unique even within one store (Shopify's schema says so), and digits alone are not
 * either ("SO2026-101" and "SO2026-102" share a run "2026"). So the key is the whole name, folded:
 * upper case, white space collapsed, the leading "#" and spaces dropped. "#1001" → "1001",
 * "#SO2026-1001" → "SO2026-1001". That key is what the app sends SEKO as the order number.
 *
 * SEKO writes it back its own way: "1001", "#1001", " # 1001 ", or behind the retailer's prefix
 * ("SHOP-1001", "Shop 1001"). {@link echoNames} says whether such an echo names an order; a match
 * behind a prefix is only taken where the prefix ends in a separator, so "11001" never names "1001".
 */
export function canonicalOrderNumber(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).normalize("NFKC").toUpperCase().replace(/\s+/g, " ").trim();
  const bare = text.replace(/^[#\s]+/, "");
  return bare === "" ? null : bare;
}

/** Keys of several order numbers, blanks dropped and duplicates folded. */
export function canonicalOrderNumbers(values: Iterable<string | number | null | undefined>): string[] {
  const keys = new Set<string>();
  for (const value of values) {
    const key = canonicalOrderNumber(value);
    if (key) keys.add(key);
  }
  return [...keys];
}

/**
 * Does the key SEKO wrote back (`echo`, already canonical) name the order whose key is `key`: the
 * same, or `key` behind a prefix that ends in a separator (not a letter or digit)?
 */
export function echoNames(echo: string, key: string): boolean {
  if (echo === key) return true;
  if (echo.length <= key.length || !echo.endsWith(key)) return false;
  return !/[\p{L}\p{N}]/u.test(echo[echo.length - key.length - 1]!);
}
