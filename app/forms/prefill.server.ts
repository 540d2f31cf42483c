/**
 * Answers the app can read from Shopify, so the merchant confirms instead of
 * typing: shop name, contact email, phone, address, currency, languages,
 * countries shipped to and the refund-policy page. Shopify's Admin API has no
 * brand logo or colours (the Storefront API's `shop.brand` does), so branding
 * starts empty.
 */
import { adminQuery, typed, type AdminGraphql } from "~/shopify/admin.server";
import type { OnboardingPrefillQuery } from "~/types/admin.generated";
import type { AnswerValue, FeeRow } from "./answers";
import type { PrefillKey } from "./questions";
import { currencyForCountry } from "./validation";

const SHOP_PREFILL = `#graphql
  query OnboardingPrefill {
    shop {
      name
      email
      contactEmail
      currencyCode
      ianaTimezone
      shipsToCountries
      primaryDomain { url }
      shopAddress { company address1 address2 city province zip country countryCodeV2 phone }
      shopPolicies { type url }
    }
    shopLocales(published: true) { locale name primary }
  }
`;

export type Prefill = {
  values: Partial<Record<PrefillKey, AnswerValue>>;
  /** Countries offered in the country table: where the shop ships to. */
  countries: string[];
  currency: string;
  timeZone: string;
  /** The shop's address, where test-return labels are addressed (null while the shop has none). */
  returnAddress: { name: string; street: string; city: string; postcode?: string; countryCode: string } | null;
};

export async function readPrefill(graphql: AdminGraphql): Promise<Prefill> {
  const { shop, shopLocales: locales } = await adminQuery(graphql, SHOP_PREFILL, typed<OnboardingPrefillQuery>());
  const address = shop.shopAddress;
  const addressText = [address.company, address.address1, address.address2, [address.city, address.zip].filter(Boolean).join(" "), address.province, address.country]
    .filter((line) => line && line.trim())
    .join("\n");
  const countries = [...new Set(shop.shipsToCountries.filter((code) => /^[A-Z]{2}$/.test(code)))];
  const fees: FeeRow[] = countries.map((country) => ({ country, paidBy: "retailer", currency: currencyForCountry(country, shop.currencyCode) }));
  const refund = shop.shopPolicies.find((policy) => policy.type === "REFUND_POLICY");
  const values: Prefill["values"] = {
    shopName: shop.name,
    contactEmail: shop.contactEmail || shop.email,
    phone: address.phone ?? undefined,
    address: addressText || undefined,
    currency: shop.currencyCode,
    website: shop.primaryDomain.url,
    refundPolicyUrl: refund?.url,
    countryFees: fees,
    countryCode: address.countryCodeV2 ?? undefined,
    locales: locales.length ? locales.map((locale) => `${locale.name} (${locale.locale})`).join(", ") : undefined,
  };
  return {
    values: Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Prefill["values"],
    countries,
    currency: shop.currencyCode,
    timeZone: shop.ianaTimezone,
    returnAddress:
      address.address1 && address.city && address.countryCodeV2
        ? { name: address.company || shop.name, street: address.address1, city: address.city, postcode: address.zip ?? undefined, countryCode: address.countryCodeV2 }
        : null,
  };
}
