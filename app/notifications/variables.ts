/**
 * The variables a notification template may use: Shopify's names where
 * Shopify has one (shop, order, customer), so snippets from Shopify's own
 * notification templates carry over, plus `return` and `portal_url`. Pure:
 * the published list, the data a render gets, and the check of the paths a
 * template uses against the list.
 */
import { RETURN_STATUSES } from "~/seko/return-statuses";

export type ReturnItem = { title: string; image: string | null; quantity: number };

export type TemplateData = {
  shop: { name: string; email: string; url: string };
  order: { name: string; created_at: string };
  customer: { first_name: string };
  return: {
    reference: string;
    reason: string;
    items: ReturnItem[];
    label_url: string;
    tracking_url: string;
    status_code: string;
    status_label: string;
    status_date: string;
  };
  portal_url: string;
};

type Shape = "value" | { [key: string]: Shape } | { list: Shape };

const ITEM: Shape = { title: "value", image: "value", quantity: "value" };

const SHAPE: { [key: string]: Shape } = {
  shop: { name: "value", email: "value", url: "value" },
  order: { name: "value", created_at: "value" },
  customer: { first_name: "value" },
  return: {
    reference: "value",
    reason: "value",
    items: { list: ITEM },
    label_url: "value",
    tracking_url: "value",
    status_code: "value",
    status_label: "value",
    status_date: "value",
  },
  portal_url: "value",
};

export type PublishedVariable = { name: string; description: string };

/** The list the editor shows, in the order it shows it. */
export const PUBLISHED_VARIABLES: readonly PublishedVariable[] = [
  { name: "shop.name", description: "Your store's name" },
  { name: "shop.email", description: "Your store's contact email" },
  { name: "shop.url", description: "Your storefront's address" },
  { name: "order.name", description: "The order number, e.g. #1001" },
  { name: "order.created_at", description: "When the order was placed (use with | date)" },
  { name: "customer.first_name", description: "The customer's first name" },
  { name: "return.reference", description: "SEKO's reference for the return" },
  { name: "return.reason", description: "The reason the customer gave" },
  { name: "return.items", description: "The items returned: each has title, image and quantity" },
  { name: "return.label_url", description: "Where the customer downloads the return label" },
  { name: "return.tracking_url", description: "Where the customer follows the return" },
  { name: "return.status_code", description: "The tracking status code, e.g. RT" },
  { name: "return.status_label", description: `The tracking status in words, e.g. ${RETURN_STATUSES.RT.label}` },
  { name: "return.status_date", description: "When the return reached that status (use with | date)" },
  { name: "portal_url", description: "Your returns portal" },
];

export const PUBLISHED_FILTERS = ["money", "date", "escape", "default"] as const;

/** Liquid's own properties of a list, allowed on every list. */
const LIST_PROPERTIES = new Set(["size", "first", "last"]);

/**
 * Null when `path` (as liquidjs reports it; null for a computed segment such
 * as `items[i]`) names something in the published list; otherwise what is wrong.
 */
export function unknownVariable(path: ReadonlyArray<string | number | null>): string | null {
  let shape: Shape | undefined = { ...SHAPE };
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] ?? null;
    const shown = path
      .slice(0, i + 1)
      .map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? String(part) : `.${part}`))
      .join("");
    if (shape === "value") {
      // Strings have size too ({{ customer.first_name.size }}).
      return segment === "size" && i === path.length - 1 ? null : `"${shown}" is not a variable: ${path.slice(0, i).join(".")} has no fields`;
    }
    if (shape === undefined) return `"${shown}" is not a variable`;
    if ("list" in shape) {
      const list = shape.list as Shape;
      if (segment === null || typeof segment === "number" || (LIST_PROPERTIES.has(String(segment)) && segment !== "size")) {
        shape = list;
        continue;
      }
      if (segment === "size") return i === path.length - 1 ? null : `"${shown}" has no fields`;
      return `"${shown}" is not a variable: ${path.slice(0, i).join(".")} is a list`;
    }
    if (segment === null || typeof segment === "number" || !Object.hasOwn(shape, segment)) {
      const known = Object.keys(shape);
      const at = i === 0 ? "" : ` (${path.slice(0, i).join(".")} has ${known.join(", ")})`;
      return `Unknown variable "${shown}"${at}`;
    }
    shape = (shape as { [key: string]: Shape })[segment];
  }
  return null;
}
