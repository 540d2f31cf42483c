/**
 * The rules every form checks its answers by, in one place: currency codes,
 * phone numbers, tax numbers per country, go-live dates, numbers typed with
 * thousands separators, customer-facing web addresses, the label currency a
 * country starts with, and returns volumes against order volumes. Pure: the
 * questionnaire schemas (answers.ts), the page components and the tests use
 * these functions, so a rule reads the same wherever it applies.
 *
 * Each check returns the message to show, or undefined when the value passes.
 */
import { z } from "zod";

// ---------------------------------------------------------------- currencies

/** ISO 4217 codes still in circulation that every runtime knows, should Intl lack the list. */
const FALLBACK_CURRENCIES = ["AUD", "CAD", "CHF", "CNY", "DKK", "EUR", "GBP", "HKD", "JPY", "NOK", "NZD", "SEK", "SGD", "USD"];

function intlCurrencies(): string[] {
  try {
    const list = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("currency");
    return list && list.length ? list : FALLBACK_CURRENCIES;
  } catch {
    return FALLBACK_CURRENCIES;
  }
}

/** ISO 4217 currency codes, sorted. */
export const CURRENCY_CODES: readonly string[] = [...new Set(intlCurrencies().filter((code) => /^[A-Z]{3}$/.test(code)))].sort();
const CURRENCY_SET = new Set(CURRENCY_CODES);

export function currencyIssue(value: string): string | undefined {
  return CURRENCY_SET.has(value) ? undefined : "Choose a currency from the list (an ISO code such as NZD)";
}

const currencyNames = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "currency", fallback: "code" }) : undefined;

let currencyList: { value: string; label: string }[] | undefined;

/** "NZD · New Zealand Dollar", for the currency selects (built once). */
export function currencyOptions(): { value: string; label: string }[] {
  currencyList ??= CURRENCY_CODES.map((code) => {
    const name = currencyNames?.of(code);
    return { value: code, label: name && name !== code ? `${code} · ${name}` : code };
  });
  return currencyList;
}

/**
 * The currency a country's labels are priced in, when the merchant has not
 * said: the country's own currency when known, else the store's.
 */
const COUNTRY_CURRENCY: Record<string, string> = {
  NZ: "NZD",
  AU: "AUD",
  US: "USD",
  CA: "CAD",
  GB: "GBP",
  IE: "EUR",
  JP: "JPY",
  SG: "SGD",
  HK: "HKD",
  CN: "CNY",
  IN: "INR",
  CH: "CHF",
  SE: "SEK",
  NO: "NOK",
  DK: "DKK",
  PL: "PLN",
  CZ: "CZK",
  HU: "HUF",
  RO: "RON",
  BG: "BGN",
  KR: "KRW",
  TW: "TWD",
  TH: "THB",
  MY: "MYR",
  ID: "IDR",
  PH: "PHP",
  VN: "VND",
  AE: "AED",
  SA: "SAR",
  IL: "ILS",
  ZA: "ZAR",
  MX: "MXN",
  BR: "BRL",
  CL: "CLP",
  FJ: "FJD",
  IS: "ISK",
  TR: "TRY",
  AT: "EUR",
  BE: "EUR",
  CY: "EUR",
  DE: "EUR",
  EE: "EUR",
  ES: "EUR",
  FI: "EUR",
  FR: "EUR",
  GR: "EUR",
  HR: "EUR",
  IT: "EUR",
  LT: "EUR",
  LU: "EUR",
  LV: "EUR",
  MT: "EUR",
  NL: "EUR",
  PT: "EUR",
  SI: "EUR",
  SK: "EUR",
};

export function currencyForCountry(country: string, fallback: string): string {
  return COUNTRY_CURRENCY[country] ?? fallback;
}

// ------------------------------------------------------------------ numbers

/**
 * A whole number as people type it: "1,200", "1 200" and "1_200" are 1200.
 * Empty is "no answer" (undefined), anything else that is not a number stays
 * NaN so the schema says so.
 */
export function readNumber(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const compact = value.trim().replace(/[,\s_\u00a0\u202f']/g, "");
  if (compact === "") return undefined;
  return /^[-+]?\d+(\.\d+)?$/.test(compact) ? Number(compact) : Number.NaN;
}

export function wholeNumber(options: { min?: number; max?: number } = {}) {
  let schema = z.number({ error: "Enter a whole number" }).int("Enter a whole number");
  if (options.min !== undefined) schema = schema.min(options.min, `Enter ${options.min.toLocaleString("en")} or more`);
  if (options.max !== undefined) schema = schema.max(options.max, `Enter ${options.max.toLocaleString("en")} or less`);
  return z.preprocess(readNumber, schema);
}

// -------------------------------------------------------------------- phones

/** Digits with the usual separators, an optional leading +, 7 to 15 digits (E.164's limit). */
export function phoneIssue(value: string): string | undefined {
  const text = value.trim();
  if (!/^\+?[\d\s().-]+$/.test(text)) return "Enter a phone number using digits, spaces and an optional leading +";
  const digits = text.replace(/\D/g, "").length;
  if (digits < 7) return "That phone number is too short: include the area code";
  if (digits > 15) return "That phone number is too long (15 digits at most)";
  return undefined;
}

// ------------------------------------------------------------- web addresses

/** Every address the customer will see is served over https (browsers flag anything else). */
export function httpsUrlIssue(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return "Enter a full web address starting with https://";
  }
  if (url.protocol === "http:") return "Use the https:// address: customers will see this link";
  if (url.protocol !== "https:" || !url.hostname.includes(".")) return "Enter a full web address starting with https://";
  return undefined;
}

// --------------------------------------------------------------------- dates

/**
 * A go-live date can be today or later. "Today" is the earliest date still
 * current anywhere on Earth (UTC-12), so a merchant late in their own day is
 * never told their today is past.
 */
export function goLiveIssue(value: string, now: Date = new Date()): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return "Enter a date as YYYY-MM-DD";
  const earliestToday = new Date(now.getTime() - 12 * 3600_000).toISOString().slice(0, 10);
  return value < earliestToday ? "Choose today or a later date: a go-live date cannot be in the past" : undefined;
}

// ----------------------------------------------------------------- volumes

/** More returns than orders a month is possible (returns of older orders) but usually a typing slip. */
export function returnsAboveOrders(orders: unknown, returns: unknown): boolean {
  const o = readNumber(orders);
  const r = readNumber(returns);
  return typeof o === "number" && typeof r === "number" && Number.isFinite(o) && Number.isFinite(r) && r > o;
}

export const RETURNS_ABOVE_ORDERS_MESSAGE = "That is more returns than orders a month. Check both numbers, or tick “These numbers are right” to save them as they are.";

// ------------------------------------------------------------- tax numbers

const digitsOf = (value: string) => value.replace(/[\s.-]/g, "");

/** New Zealand IRD / GST number: 8 or 9 digits with Inland Revenue's mod-11 check digit. */
export function isNzIrd(value: string): boolean {
  const digits = digitsOf(value);
  if (!/^\d{8,9}$/.test(digits)) return false;
  const number = Number(digits);
  if (number < 10_000_000 || number > 150_000_000) return false;
  const padded = digits.padStart(9, "0");
  const base = padded.slice(0, 8).split("").map(Number);
  const check = Number(padded[8]);
  const digitFor = (weights: number[]) => {
    const remainder = base.reduce((sum, digit, index) => sum + digit * weights[index]!, 0) % 11;
    return remainder === 0 ? 0 : 11 - remainder;
  };
  let computed = digitFor([3, 2, 7, 6, 5, 4, 3, 2]);
  if (computed === 10) computed = digitFor([7, 4, 3, 2, 5, 2, 7, 6]);
  return computed !== 10 && computed === check;
}

/** Australian Business Number: 11 digits; subtract 1 from the first, weigh, and the sum divides by 89. */
export function isAbn(value: string): boolean {
  const digits = digitsOf(value);
  if (!/^\d{11}$/.test(digits)) return false;
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const sum = digits.split("").reduce((total, digit, index) => total + (Number(digit) - (index === 0 ? 1 : 0)) * weights[index]!, 0);
  return sum % 89 === 0;
}

/** VAT number shapes by country: the prefix (Greece's is EL) and what follows it. */
const VAT_FORMATS: Record<string, { prefix: string; body: RegExp; example: string }> = {
  GB: { prefix: "GB", body: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, example: "GB123456789" },
  AT: { prefix: "AT", body: /^U\d{8}$/, example: "ATU12345678" },
  BE: { prefix: "BE", body: /^[01]\d{9}$/, example: "BE0123456789" },
  BG: { prefix: "BG", body: /^\d{9,10}$/, example: "BG123456789" },
  CY: { prefix: "CY", body: /^\d{8}[A-Z]$/, example: "CY12345678X" },
  CZ: { prefix: "CZ", body: /^\d{8,10}$/, example: "CZ12345678" },
  DE: { prefix: "DE", body: /^\d{9}$/, example: "DE123456789" },
  DK: { prefix: "DK", body: /^\d{8}$/, example: "DK12345678" },
  EE: { prefix: "EE", body: /^\d{9}$/, example: "EE123456789" },
  ES: { prefix: "ES", body: /^[A-Z0-9]\d{7}[A-Z0-9]$/, example: "ESX1234567X" },
  FI: { prefix: "FI", body: /^\d{8}$/, example: "FI12345678" },
  FR: { prefix: "FR", body: /^[A-Z0-9]{2}\d{9}$/, example: "FR12345678901" },
  GR: { prefix: "EL", body: /^\d{9}$/, example: "EL123456789" },
  HR: { prefix: "HR", body: /^\d{11}$/, example: "HR12345678901" },
  HU: { prefix: "HU", body: /^\d{8}$/, example: "HU12345678" },
  IE: { prefix: "IE", body: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/, example: "IE1234567T" },
  IT: { prefix: "IT", body: /^\d{11}$/, example: "IT12345678901" },
  LT: { prefix: "LT", body: /^(\d{9}|\d{12})$/, example: "LT123456789" },
  LU: { prefix: "LU", body: /^\d{8}$/, example: "LU12345678" },
  LV: { prefix: "LV", body: /^\d{11}$/, example: "LV12345678901" },
  MT: { prefix: "MT", body: /^\d{8}$/, example: "MT12345678" },
  NL: { prefix: "NL", body: /^\d{9}B\d{2}$/, example: "NL123456789B01" },
  PL: { prefix: "PL", body: /^\d{10}$/, example: "PL1234567890" },
  PT: { prefix: "PT", body: /^\d{9}$/, example: "PT123456789" },
  RO: { prefix: "RO", body: /^\d{2,10}$/, example: "RO1234567890" },
  SE: { prefix: "SE", body: /^\d{10}01$/, example: "SE123456789001" },
  SI: { prefix: "SI", body: /^\d{8}$/, example: "SI12345678" },
  SK: { prefix: "SK", body: /^\d{10}$/, example: "SK1234567890" },
};

/** Countries whose tax number the app can check; elsewhere any non-empty answer is taken. */
export const TAX_NUMBER_COUNTRIES: readonly string[] = ["NZ", "AU", ...Object.keys(VAT_FORMATS)];

/**
 * The registered country's tax number: New Zealand's GST (IRD) number and
 * Australia's ABN with their check digits, the UK's and EU countries' VAT
 * numbers by shape and prefix. A country without a known format accepts any
 * non-empty value: the account manager checks it.
 */
export function taxNumberIssue(country: string | undefined, value: string): string | undefined {
  const text = value.trim().toUpperCase();
  if (!text) return "Enter the tax number";
  if (country === "NZ") {
    return isNzIrd(text) ? undefined : "Enter the 8 or 9 digit GST (IRD) number, e.g. 49-091-850; this one's check digit does not match";
  }
  if (country === "AU") {
    return isAbn(text) ? undefined : "Enter the 11 digit ABN, e.g. 51 824 753 556; this one's check digit does not match";
  }
  const vat = country ? VAT_FORMATS[country] : undefined;
  if (!vat) return undefined;
  const compact = text.replace(/[\s.-]/g, "");
  if (!compact.startsWith(vat.prefix)) return `Enter the VAT number with its ${vat.prefix} prefix, e.g. ${vat.example}`;
  return vat.body.test(compact.slice(vat.prefix.length)) ? undefined : `That is not the shape of a ${vat.prefix} VAT number, e.g. ${vat.example}`;
}

// ----------------------------------------------------------------- countries

const regionNames = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region", fallback: "none" }) : undefined;
/** Two-letter codes Intl names that are not countries customers live in. */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);

let countryList: { value: string; label: string }[] | undefined;

/**
 * The code ISO uses today for a region code Intl also knows by a retired or alias one ("UK" → "GB",
 * "YU" and "CS" → "RS", "DD" → "DE"): Intl names both alike, so only the current code is offered.
 */
function currentCode(code: string): string {
  try {
    return new Intl.Locale(Intl.getCanonicalLocales(`und-${code}`)[0]!).region ?? code;
  } catch {
    return code;
  }
}

/** Every ISO 3166 country Intl can name, once each (by its current code), sorted by name, for country selects. */
export function countryOptions(): { value: string; label: string }[] {
  if (countryList) return countryList;
  const byName = new Map<string, string>();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code) || currentCode(code) !== code) continue;
      let name: string | undefined;
      try {
        name = regionNames?.of(code);
      } catch {
        name = undefined;
      }
      // Where the runtime does not know an alias, the first code named so stays (one entry per name).
      if (name && name !== code && !byName.has(name)) byName.set(name, code);
    }
  }
  countryList = [...byName].map(([label, value]) => ({ value, label })).sort((x, y) => x.label.localeCompare(y.label, "en"));
  return countryList;
}

export function countryIssue(value: string): string | undefined {
  return /^[A-Z]{2}$/.test(value) && countryOptions().some((option) => option.value === value) ? undefined : "Choose a country from the list";
}

/**
 * The currency and country lists as the server's runtime knows them. Pages take them from their
 * loader instead of building them in the browser: Node's and the browser's ICU data differ (a
 * currency one knows and the other does not), and a select whose options differ between the
 * server's render and the browser's breaks hydration, which wipes what was typed meanwhile.
 */
export type CodeLists = { currency: { value: string; label: string }[]; country: { value: string; label: string }[] };

export function codeLists(): CodeLists {
  return { currency: currencyOptions(), country: countryOptions() };
}
