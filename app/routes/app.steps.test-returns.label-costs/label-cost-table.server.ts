/**
 * The label cost table's inputs and rows: the parcel read from the page's
 * query string or its form, and SEKO's rates for it from every offered country.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { fieldError } from "~/components/form-errors";
import { readPrefill } from "~/forms/prefill.server";
import { loadReturnSettings } from "~/return-settings/return-settings.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { quoteLabelCosts } from "~/test-returns/label-costs.server";
import { labelCostRow, parcelSchema, type Parcel } from "~/test-returns/test-returns";

const FIELDS = ["length", "width", "height", "kg"] as const;

/**
 * The parcel from a query string or a form, parsed with conform: a field left
 * out or empty takes the fallback's value; any invalid one keeps the whole
 * fallback, with the first error of each field (for the fields' `error=`).
 */
export function parcelFrom(posted: URLSearchParams | FormData, fallback: Parcel) {
  const filled = new URLSearchParams();
  for (const field of FIELDS) {
    const value = posted.get(field);
    filled.set(field, typeof value === "string" && value !== "" ? value : String(fallback[field]));
  }
  const submission = parseWithZod(filled, { schema: parcelSchema });
  if (submission.status === "success") return { parcel: submission.value, errors: {} as Record<string, string> };
  const result = submission.reply();
  const errors: Record<string, string> = {};
  for (const field of FIELDS) {
    const message = fieldError(result, field);
    if (message) errors[field] = message;
  }
  return { parcel: fallback, errors };
}

/** SEKO's cheapest rate for the parcel from each country step 1 offers, as the table's rows; or why there is no table. */
export async function costTable(shop: string, graphql: AdminGraphql, parcel: Parcel) {
  const [config, prefill] = await Promise.all([loadReturnSettings(shop), readPrefill(graphql)]);
  const rateCurrency = config.currency ?? prefill.currency;
  if (!prefill.returnAddress) return { rows: [], problem: "Your store has no address in Shopify (Settings > Store details): rates need one to quote to." };
  const quotes = await quoteLabelCosts(
    shop,
    config.fees.map((row) => row.country),
    parcel,
    prefill.returnAddress,
  );
  const rows = config.fees.map((fee) => {
    const quote = quotes.find((candidate) => candidate.country === fee.country);
    return labelCostRow({ fee, rate: quote?.rate ?? null, rateError: quote?.error, rateCurrency });
  });
  return { rows, problem: config.fees.length ? null : "Step 1 lists no return countries yet." };
}
