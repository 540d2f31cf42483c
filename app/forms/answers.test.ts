import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, test } from "vitest";
import { sectionSchema, submissionProblems, summarize, summaryText, type FormState } from "./answers";
import { AUSTRALIA_POST_FORM, FORMS, ONBOARDING_FORM, sectionById } from "./questions";

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

const section = (formId: keyof typeof FORMS, id: string) => sectionById(FORMS[formId], id)!;

describe("section validation", () => {
  test("a partly answered section is valid: empty answers are simply missing", () => {
    const result = parseWithZod(
      form([
        ["tradingName", "Demo Returns Store"],
        ["legalName", ""],
      ]),
      { schema: sectionSchema(section("onboarding", "business")) },
    );
    expect(result.status).toBe("success");
    expect(result.status === "success" && result.value).toMatchObject({ tradingName: "Demo Returns Store" });
  });

  test("malformed answers get a field error each", () => {
    const result = parseWithZod(
      form([
        ["contactEmail", "not-an-email"],
        ["website", "shop.example"],
      ]),
      {
        schema: sectionSchema(section("onboarding", "business")),
      },
    );
    expect(result.status).toBe("error");
    const errors = result.reply().error ?? {};
    expect(errors.contactEmail).toEqual(["Enter an email address like name@example.com"]);
    expect(errors.website).toEqual(["Enter a full web address starting with https://"]);
  });

  test("numbers are whole and within the question's range", () => {
    const schema = sectionSchema(section("onboarding", "policy"));
    expect(parseWithZod(form([["returnWindowDays", "30"]]), { schema }).status).toBe("success");
    for (const bad of ["-1", "400", "thirty", "2.5"]) {
      const result = parseWithZod(form([["returnWindowDays", bad]]), { schema });
      expect(result.status, bad).toBe("error");
    }
  });

  test("options must be one of the catalogue's values; multi-choice answers are lists", () => {
    const schema = sectionSchema(section("onboarding", "policy"));
    const ok = parseWithZod(
      form([
        ["orderMethod", "both"],
        ["returnOptions", "refund"],
      ]),
      { schema },
    );
    expect(ok.status === "success" && ok.value.returnOptions).toEqual(["refund"]);
    expect(parseWithZod(form([["orderMethod", "sometimes"]]), { schema }).status).toBe("error");
  });

  test("a customer-paid label needs an amount; a retailer-paid one does not", () => {
    const schema = sectionSchema(section("onboarding", "countries"));
    const result = parseWithZod(
      form([
        ["countryFees[0].country", "NZ"],
        ["countryFees[0].paidBy", "retailer"],
        ["countryFees[0].currency", "NZD"],
        ["countryFees[1].country", "AU"],
        ["countryFees[1].paidBy", "customer"],
        ["countryFees[1].currency", "AUD"],
      ]),
      { schema },
    );
    expect(result.reply().error).toEqual({ "countryFees[1].amount": ["Enter what the customer pays"] });
  });

  test("'ask my account manager' only names questions of the section", () => {
    const schema = sectionSchema(section("onboarding", "business"));
    expect(parseWithZod(form([["askManager", "legalName"]]), { schema }).status).toBe("success");
    expect(parseWithZod(form([["askManager", "returnWindowDays"]]), { schema }).status).toBe("error");
  });
});

describe("submitting a form", () => {
  const complete: FormState = {
    business: {
      answers: { tradingName: "Demo", legalName: "Demo Ltd", contactName: "Ana", contactEmail: "ana@example.com", address: "1 Road" },
      askManager: [],
      secretsLast4: {},
    },
    policy: { answers: { returnWindowDays: 30, orderMethod: "both", returnOptions: ["refund"] }, askManager: [], secretsLast4: {} },
    countries: { answers: { countryFees: [{ country: "NZ", paidBy: "retailer", currency: "NZD" }] }, askManager: [], secretsLast4: {} },
    volumes: { answers: {}, askManager: ["monthlyReturns"], secretsLast4: {} },
  };

  test("is possible when every required question is answered or left for the account manager", () => {
    expect(submissionProblems(ONBOARDING_FORM, complete)).toEqual([]);
  });

  test("lists each required question that is neither answered nor asked", () => {
    const problems = submissionProblems(ONBOARDING_FORM, { ...complete, volumes: { answers: {}, askManager: [], secretsLast4: {} } });
    expect(problems).toEqual([expect.objectContaining({ sectionId: "volumes", questionId: "monthlyReturns", label: "Returns per month" })]);
    expect(submissionProblems(ONBOARDING_FORM, {}).map((problem) => problem.questionId)).toContain("legalName");
  });

  test("sections that do not apply ask nothing (no own Australia Post account)", () => {
    const no: FormState = { choice: { answers: { useOwnAccount: "no" }, askManager: [], secretsLast4: {} } };
    expect(submissionProblems(AUSTRALIA_POST_FORM, no)).toEqual([]);
    const yes: FormState = { choice: { answers: { useOwnAccount: "yes" }, askManager: [], secretsLast4: {} } };
    expect(submissionProblems(AUSTRALIA_POST_FORM, yes).map((problem) => problem.questionId)).toEqual(["accountNumber", "apiKey", "apiSecret", "returnProducts"]);
  });

  test("a stored secret counts as answered, and the summary shows only its last four characters", () => {
    const state: FormState = {
      choice: { answers: { useOwnAccount: "yes" }, askManager: [], secretsLast4: {} },
      account: { answers: { accountNumber: "1234567", returnProducts: ["PR"] }, askManager: [], secretsLast4: { apiKey: "9f3a", apiSecret: "c0de" } },
    };
    expect(submissionProblems(AUSTRALIA_POST_FORM, state)).toEqual([]);
    const text = summaryText(summarize(AUSTRALIA_POST_FORM, state));
    expect(text).toContain("API key: provided (ending 9f3a)");
    expect(text).toContain("Returns products: Parcel Post return (PR)");
  });

  test("the summary reads like the form, with label costs per country and open questions", () => {
    const text = summaryText(
      summarize(ONBOARDING_FORM, {
        ...complete,
        countries: {
          answers: {
            countryFees: [
              { country: "NZ", paidBy: "retailer", currency: "NZD" },
              { country: "AU", paidBy: "customer", amount: 9.5, currency: "AUD" },
            ],
          },
          askManager: [],
          secretsLast4: {},
        },
      }),
    );
    expect(text).toContain("Return countries: New Zealand: free label (paid by retailer); Australia: customer pays 9.50 AUD");
    expect(text).toContain("Returns per month: (please ask the account manager)");
    expect(text).toContain("Legal entity name: Demo Ltd");
  });
});
