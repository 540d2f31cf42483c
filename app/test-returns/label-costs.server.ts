/**
 * Step 9's label cost by country: SEKO's cheapest rate per offered country for
 * a parcel sent back to the shop, and the merchant's confirmed table, stored
 * and sent to SEKO as the "label-costs" submission (docs/test-returns.md).
 */
import { createSubmission } from "~/outbox/submissions.server";
import { sekoClients } from "~/seko/connection.server";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import type { LabelCostRow, Parcel } from "./test-returns";
import type { ReturnAddress } from "./test-returns.server";

export const LABEL_COSTS_FORM = "label-costs";

type Origin = { name: string; street: string; city: string; postcode?: string };

/** A stored shipping address as an origin to quote from; null when it is unreadable or lacks a street or city. */
function originFrom(shippingAddress: string | null | undefined, customerName: string | null | undefined): Origin | null {
  try {
    const address = shippingAddress ? (JSON.parse(shippingAddress) as { name?: string; address1?: string; city?: string; zip?: string }) : null;
    if (!address?.address1 || !address.city) return null;
    return { name: customerName || address.name || "Customer", street: address.address1, city: address.city, postcode: address.zip || undefined };
  } catch {
    // An unreadable address is the same as none.
    return null;
  }
}

/**
 * An address in each country to quote a return from (SEKO rates need a real
 * origin): the latest synced order shipped there; failing that, the latest test
 * return from there that got a label, from its order's address, as its label
 * request sends it (returnLabelRequest in app/test-returns/test-returns.server.ts):
 * SEKO already carried a return from that country, so the route exists.
 */
async function originsByCountry(shop: string, countries: string[]) {
  const origins = new Map<string, Origin>();
  for (const country of countries) {
    const order = await db.order.findFirst({
      where: { shop, shipCountry: country, shippingAddress: { not: null } },
      orderBy: { processedAt: "desc" },
      select: { shippingAddress: true, customerName: true },
    });
    const shipped = originFrom(order?.shippingAddress, order?.customerName);
    if (shipped) {
      origins.set(country, shipped);
      continue;
    }
    const tested = await db.testReturn.findFirst({ where: { shop, originCountry: country, connote: { not: null } }, orderBy: { createdAt: "desc" }, select: { orderId: true } });
    const testedOrder = tested ? await db.order.findFirst({ where: { shop, id: tested.orderId }, select: { shippingAddress: true, customerName: true } }) : null;
    if (!testedOrder) continue;
    origins.set(country, originFrom(testedOrder.shippingAddress, testedOrder.customerName) ?? { name: testedOrder.customerName || "Test customer", street: "1 Test Street", city: "Test city" });
  }
  return origins;
}

export type QuotedCountry = { country: string; rate: { cost: number; carrierName: string; deliveryType: string } | null; error?: string };

/**
 * SEKO's cheapest available rate, per offered country, for `parcel` from a
 * customer address there back to the shop. Asked one country at a time: a
 * failure in one leaves the others' rates.
 */
export async function quoteLabelCosts(shop: string, countries: string[], parcel: Parcel, destination: ReturnAddress): Promise<QuotedCountry[]> {
  const stored = await sekoClients(shop);
  const omniparcel = stored.omniparcel ?? (await sekoClients(shop, "test")).omniparcel;
  if (!omniparcel) return countries.map((country) => ({ country, rate: null, error: "connect an OmniParcel key in Settings to get SEKO's rates" }));
  const origins = await originsByCountry(shop, countries);
  const quotes: QuotedCountry[] = [];
  for (const country of countries) {
    const origin = origins.get(country);
    if (!origin) {
      quotes.push({
        country,
        rate: null,
        error: "no synced order ships there and no test return has a label from there, so there is no address to quote from: create a test return from this country",
      });
      continue;
    }
    const result = await omniparcel.availableRates({
      Origin: { Name: origin.name, Address: { StreetAddress: origin.street, City: origin.city, PostCode: origin.postcode, CountryCode: country } },
      Destination: { Name: destination.name, Address: { StreetAddress: destination.street, City: destination.city, PostCode: destination.postcode, CountryCode: destination.countryCode } },
      Packages: [{ Length: parcel.length, Width: parcel.width, Height: parcel.height, Kg: parcel.kg }],
      ShipType: "INBOUND",
    });
    if (!result.ok) {
      quotes.push({ country, rate: null, error: result.error.message });
      continue;
    }
    const cheapest = [...result.value.available].sort((a, b) => a.cost - b.cost)[0];
    quotes.push({
      country,
      rate: cheapest ? { cost: cheapest.cost, carrierName: cheapest.carrierName, deliveryType: cheapest.deliveryType } : null,
      error: cheapest ? undefined : result.value.rejected[0]?.reason,
    });
  }
  return quotes;
}

/** Stores the table as the next version of the "label-costs" submission and sends it to SEKO like the others. */
export async function confirmLabelCosts(shop: string, table: { parcel: Parcel; rows: LabelCostRow[] }, by: string, byLabel: string) {
  const summary = table.rows
    .map((row) =>
      [
        `${row.country}: `,
        row.rate ? `SEKO ${row.rate.cost.toFixed(2)} ${row.rateCurrency} (${row.rate.carrierName} ${row.rate.deliveryType})` : "no rate",
        row.paidBy === "customer" ? `, customer pays ${(row.customerPrice ?? 0).toFixed(2)} ${row.customerCurrency}` : ", free to the customer",
        row.effectiveCost !== null ? `, costs the retailer ${row.effectiveCost.toFixed(2)} ${row.rateCurrency} per return` : "",
        row.warnings.length ? ` (${row.warnings.join(" ")})` : "",
      ].join(""),
    )
    .join("\n");
  const result = await createSubmission(shop, LABEL_COSTS_FORM, by, (version, submittedAt) => ({
    documentName: "Label cost by country",
    summaryText: `Parcel ${table.parcel.length} x ${table.parcel.width} x ${table.parcel.height} cm, ${table.parcel.kg} kg.\n${summary}\nConfirmed by ${byLabel}.`,
    version,
    shop,
    submittedAt: submittedAt.toISOString(),
    confirmedBy: byLabel,
    parcel: table.parcel,
    rows: table.rows,
  }));
  await recordActivity(shop, { kind: "label-costs.confirmed", actor: by, action: `Confirmed the label costs (version ${result.version})`, detail: table.rows.map((row) => row.country).join(", ") });
  return result;
}
