import { describe, expect, test } from "vitest";
import { CREDIT_APPLICATION_FORM, isFormId, ONBOARDING_FORM, sectionById } from "./questions";
import { isDocumentId } from "~/contracts/documents";
import { CONFIRM_RETURNS_ABOVE_ORDERS, sectionSchema } from "./answers";
import {
  countryIssue,
  countryOptions,
  currencyForCountry,
  currencyIssue,
  CURRENCY_CODES,
  goLiveIssue,
  httpsUrlIssue,
  isAbn,
  isNzIrd,
  phoneIssue,
  readNumber,
  returnsAboveOrders,
  taxNumberIssue,
} from "./validation";

describe("currency codes", () => {
  test.each([
    ["NZD", true],
    ["EUR", true],
    ["nzd", false],
    ["NZ", false],
    ["Dollars", false],
    ["XYZ", false],
  ])("%s is a currency: %s", (code, valid) => {
    expect(currencyIssue(code) === undefined).toBe(valid);
  });

  test("the list holds ISO 4217 codes only", () => {
    expect(CURRENCY_CODES).toEqual(expect.arrayContaining(["AUD", "GBP", "NZD", "USD"]));
    expect(CURRENCY_CODES.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
  });
});

describe("a label's currency starts from its country", () => {
  test.each([
    ["NZ", "NZD"],
    ["AU", "AUD"],
    ["GB", "GBP"],
    ["DE", "EUR"],
    ["US", "USD"],
    ["ZW", "NZD"],
  ])("%s → %s (store currency NZD otherwise)", (country, currency) => {
    expect(currencyForCountry(country, "NZD")).toBe(currency);
  });
});

describe("numbers as people type them", () => {
  test.each([
    ["1,200", 1200],
    ["1 200", 1200],
    ["12_000", 12000],
    [" 30 ", 30],
    ["", undefined],
  ])("%j reads as %j", (typed, value) => {
    expect(readNumber(typed)).toBe(value);
  });

  test.each(["thirty", "1,2x", "--3"])("%j is not a number", (typed) => {
    expect(readNumber(typed)).toBeNaN();
  });

  test("a section saves 1,200 orders as 1200", () => {
    const parsed = sectionSchema(sectionById(ONBOARDING_FORM, "volumes")!).safeParse({ monthlyOrders: "1,200", monthlyReturns: "80" });
    expect(parsed.success && parsed.data.monthlyOrders).toBe(1200);
  });
});

describe("phone numbers", () => {
  test.each([
    ["+64 9 555 0123", undefined],
    ["(09) 555-0123", undefined],
    ["0800 123 456", undefined],
    ["555 12", "too short"],
    ["+64 9 555 0123 4567 89", "too long"],
    ["call Ana", "digits"],
    ["+64 9 555 0123 ext 4", "digits"],
  ])("%j", (phone, problem) => {
    const message = phoneIssue(phone);
    if (problem === undefined) expect(message).toBeUndefined();
    else expect(message).toContain(problem);
  });
});

describe("customer-facing web addresses need https", () => {
  test.each([
    ["https://demo-returns.example/returns", undefined],
    ["http://demo-returns.example/returns", "Use the https:// address"],
    ["demo-returns.example", "starting with https://"],
    ["ftp://demo-returns.example", "starting with https://"],
    ["https://localhost", "starting with https://"],
  ])("%j", (url, problem) => {
    const message = httpsUrlIssue(url);
    if (problem === undefined) expect(message).toBeUndefined();
    else expect(message).toContain(problem);
  });
});

describe("go-live dates", () => {
  const now = new Date("2026-12-01T03:00:00Z");
  test.each([
    ["2026-12-24", true],
    ["2026-12-01", true],
    // Still the 30th west of UTC-3 at 03:00 UTC: a merchant there may choose their today.
    ["2026-11-30", true],
    ["2026-11-29", false],
    ["2025-01-01", false],
    ["next week", false],
    ["2026-13-40", false],
  ])("%s accepted: %s", (date, accepted) => {
    expect(goLiveIssue(date, now) === undefined).toBe(accepted);
  });

  test("the volumes section refuses a go-live date in the past", () => {
    const parsed = sectionSchema(sectionById(ONBOARDING_FORM, "volumes")!, { now }).safeParse({ goLiveDate: "2026-01-15" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["goLiveDate"], message: expect.stringContaining("cannot be in the past") });
  });
});

describe("tax numbers per country", () => {
  test.each([
    // New Zealand GST (IRD) numbers: Inland Revenue's published check-digit examples.
    ["NZ", "49-091-850", true],
    ["NZ", "35-901-981", true],
    ["NZ", "49-098-576", true],
    ["NZ", "136-410-132", true],
    ["NZ", "136-410-133", false],
    ["NZ", "9-125-568", false],
    ["NZ", "ABN 51 824 753 556", false],
    // Australian Business Numbers: the ATO's example and a one-digit slip.
    ["AU", "51 824 753 556", true],
    ["AU", "53 004 085 616", true],
    ["AU", "51 824 753 557", false],
    ["AU", "5182475355", false],
    // VAT numbers: the country's prefix and shape.
    ["GB", "GB 123 4567 89", true],
    ["GB", "123456789", false],
    ["DE", "DE123456789", true],
    ["DE", "DE12345678", false],
    ["FR", "FR 12 345678901", true],
    ["NL", "NL123456789B01", true],
    ["GR", "EL123456789", true],
    ["GR", "GR123456789", false],
    ["IE", "IE1234567T", true],
    // A country without a known format takes any non-empty answer.
    ["US", "12-3456789", true],
    ["JP", "T1234567890123", true],
    [undefined, "anything", true],
    ["US", "   ", false],
  ])("%s %j accepted: %s", (country, value, accepted) => {
    expect(taxNumberIssue(country, value) === undefined).toBe(accepted);
  });

  test("check digits alone", () => {
    expect(isNzIrd("49091850")).toBe(true);
    expect(isNzIrd("49091851")).toBe(false);
    expect(isAbn("51824753556")).toBe(true);
    expect(isAbn("51824753565")).toBe(false);
  });

  test("the credit application checks the tax number against the country of registration", () => {
    const company = sectionSchema(sectionById(CREDIT_APPLICATION_FORM, "company")!);
    const refused = company.safeParse({ registeredCountry: "AU", taxNumber: "49-091-850" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ["taxNumber"], message: expect.stringContaining("ABN") });
    expect(company.safeParse({ registeredCountry: "NZ", taxNumber: "49-091-850" }).success).toBe(true);
  });
});

describe("countries", () => {
  test.each([
    ["NZ", true],
    ["GB", true],
    ["EU", false],
    ["nz", false],
    ["New Zealand", false],
  ])("%s is a country: %s", (code, valid) => {
    expect(countryIssue(code) === undefined).toBe(valid);
  });
});

describe("returns above orders are questioned", () => {
  test.each([
    ["1,200", "80", false],
    ["100", "100", false],
    ["100", "150", true],
    ["", "150", false],
    ["100", "", false],
  ])("orders %j, returns %j: questioned %s", (orders, returns, questioned) => {
    expect(returnsAboveOrders(orders, returns)).toBe(questioned);
  });

  test("the volumes section refuses them until the merchant confirms", () => {
    const volumes = sectionSchema(sectionById(ONBOARDING_FORM, "volumes")!);
    const refused = volumes.safeParse({ monthlyOrders: 100, monthlyReturns: 150 });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ["monthlyReturns"], message: expect.stringContaining("more returns than orders") });
    expect(volumes.safeParse({ monthlyOrders: 100, monthlyReturns: 150, confirm: [CONFIRM_RETURNS_ABOVE_ORDERS] }).success).toBe(true);
  });
});

describe("every form uses the rules", () => {
  test.each([
    [ONBOARDING_FORM, "business", { currency: "Dollars" }, "currency"],
    [ONBOARDING_FORM, "business", { contactPhone: "call me" }, "contactPhone"],
    [ONBOARDING_FORM, "business", { website: "http://demo-returns.example" }, "website"],
    [ONBOARDING_FORM, "branding", { logoUrl: "http://demo-returns.example/logo.png" }, "logoUrl"],
    [ONBOARDING_FORM, "countries", { countryFees: [{ country: "AU", paidBy: "customer", amount: 9.5, currency: "Aussie" }] }, "countryFees"],
    [CREDIT_APPLICATION_FORM, "accounts", { accountsPhone: "12" }, "accountsPhone"],
    [CREDIT_APPLICATION_FORM, "accounts", { monthlyCredit: "lots" }, "monthlyCredit"],
  ] as const)("%#: %s section %s refuses %j", (form, sectionId, values, field) => {
    const parsed = sectionSchema(sectionById(form, sectionId)!).safeParse(values);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path[0])).toContain(field);
  });
});

test("form and document ids are the forms' and documents' own names, not properties every object has", () => {
  expect(isFormId("credit-application")).toBe(true);
  expect(isDocumentId("seko-agreement")).toBe(true);
  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
    expect(isFormId(name)).toBe(false);
    expect(isDocumentId(name)).toBe(false);
  }
});

describe("the country list", () => {
  const options = countryOptions();

  test("names each country once, by the code ISO uses today", () => {
    const labels = options.map((option) => option.label);
    expect(labels.length).toBe(new Set(labels).size);
    expect(options.map((option) => option.value).length).toBe(new Set(options.map((option) => option.value)).size);
    const codesOf = (label: string) => options.filter((option) => option.label === label).map((option) => option.value);
    expect(codesOf("United Kingdom")).toEqual(["GB"]);
    expect(codesOf("Serbia")).toEqual(["RS"]);
    expect(codesOf("Germany")).toEqual(["DE"]);
    expect(codesOf("Russia")).toEqual(["RU"]);
    expect(codesOf("Curaçao")).toEqual(["CW"]);
    expect(codesOf("Kosovo")).toEqual(["XK"]);
  });

  test.each(["UK", "YU", "CS", "DD", "SU", "AN", "ZR", "FX"])("the retired or alias code %s is not offered", (code) => {
    expect(options.some((option) => option.value === code)).toBe(false);
    expect(countryIssue(code)).toBe("Choose a country from the list");
  });

  test("current codes are still accepted, sorted by name", () => {
    for (const code of ["GB", "RS", "NZ", "AU", "XK"]) expect(countryIssue(code)).toBeUndefined();
    expect(options.map((option) => option.label)).toEqual([...options.map((option) => option.label)].sort((x, y) => x.localeCompare(y, "en")));
  });
});
