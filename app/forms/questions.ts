/**
 * The questionnaires that replace SEKO's emailed forms, as data. SEKO's full
 * question list is unknown (docs/seko.md 7), so adding a question is adding an
 * entry here: the page, validation, summary email and JSON follow from it.
 * Pure: no I/O, shared by the server and the browser.
 */

export type FormId = "onboarding" | "credit-application" | "australia-post";

export type QuestionType =
  | "text"
  | "textarea"
  | "email"
  | "tel"
  | "url"
  | "number"
  | "date"
  | "color"
  | "select"
  /** An ISO 4217 code, chosen from a list (validation.ts). */
  | "currency"
  /** An ISO 3166 two-letter code, chosen from a list. */
  | "country"
  | "multi"
  /** Rows of { country, paidBy, amount, currency }: where returns are offered from and who pays. */
  | "country-fees"
  /** Stored encrypted, never sent back to the browser (only its last four characters). */
  | "secret";

export type Option = { value: string; label: string };

/** Values the app can read from Shopify to prefill an answer (app/forms/prefill.server.ts). */
export type PrefillKey = "shopName" | "contactEmail" | "phone" | "address" | "currency" | "locales" | "website" | "refundPolicyUrl" | "countryFees" | "countryCode";

export type Question = {
  id: string;
  label: string;
  type: QuestionType;
  help?: string;
  /** Needed before the form can be submitted, unless left for the account manager. */
  required?: boolean;
  options?: readonly Option[];
  min?: number;
  max?: number;
  prefill?: PrefillKey;
  /** The answer to this question in the on-boarding form (step 1), offered first so nothing is typed twice. */
  carry?: string;
  /** Dates only: today or later (a go-live date). */
  notInPast?: boolean;
};

/** Checks across answers of one section (validation.ts). */
export type SectionCheck = "returns-vs-orders" | "tax-number";

export type Section = {
  id: string;
  title: string;
  description: string;
  questions: readonly Question[];
  /** Asked only when another answer (in any section of the form) has this value. */
  when?: { question: string; equals: string };
  checks?: readonly SectionCheck[];
};

export type FormDefinition = {
  id: FormId;
  title: string;
  /** What the email to SEKO calls it. */
  documentName: string;
  sections: readonly Section[];
};

const yesNo = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
] as const;

export const ONBOARDING_FORM: FormDefinition = {
  id: "onboarding",
  title: "On-boarding form",
  documentName: "SEKO Returns On-boarding Form",
  sections: [
    {
      id: "business",
      title: "Business and contacts",
      description: "Who you are and who SEKO should talk to.",
      questions: [
        { id: "tradingName", label: "Trading name", type: "text", required: true, prefill: "shopName" },
        { id: "legalName", label: "Legal entity name", type: "text", required: true },
        { id: "website", label: "Website", type: "url", prefill: "website" },
        { id: "contactName", label: "Main contact name", type: "text", required: true },
        { id: "contactEmail", label: "Main contact email", type: "email", required: true, prefill: "contactEmail" },
        { id: "contactPhone", label: "Main contact phone", type: "tel", prefill: "phone" },
        { id: "address", label: "Business address", type: "textarea", required: true, prefill: "address" },
        { id: "currency", label: "Store currency", type: "currency", prefill: "currency" },
        { id: "locales", label: "Store languages", type: "text", prefill: "locales" },
      ],
    },
    {
      id: "policy",
      title: "Returns policy",
      description: "How returns work for your customers.",
      questions: [
        {
          id: "returnWindowDays",
          label: "Days allowed to return",
          type: "number",
          required: true,
          min: 0,
          max: 365,
          help: "Counted from the order date. 0 means no limit.",
        },
        {
          id: "orderMethod",
          label: "Order method",
          type: "select",
          required: true,
          options: [
            { value: "order", label: "Order level: customers type their order details" },
            { value: "product", label: "Product level: customers pick items from their synced order" },
            { value: "both", label: "Allow both" },
          ],
        },
        {
          id: "returnOptions",
          label: "Return options offered",
          type: "multi",
          required: true,
          options: [
            { value: "refund", label: "Refund" },
            { value: "credit", label: "Credit note (gift card)" },
            { value: "exchange", label: "Exchange" },
            { value: "none", label: "No action" },
          ],
        },
        {
          id: "optionChoice",
          label: "Who chooses the return option",
          type: "select",
          options: [
            { value: "customer", label: "The customer, per item" },
            { value: "rules", label: "Rules decide" },
          ],
        },
        {
          id: "returnReasons",
          label: "Return reasons",
          type: "textarea",
          help: "One per line, as customers will see them (for example: Too small, Changed my mind, Faulty).",
        },
        {
          id: "reviewReasons",
          label: "Reasons that need review",
          type: "textarea",
          help: "One per line, from the reasons above: a return with one of these is on hold until your team accepts or rejects it (the faulty-item flow). Leave empty if you do not review returns.",
        },
        { id: "returnRules", label: "Return rules", type: "textarea", help: "For example: reason Faulty → Refund; discount over 50% → Credit note." },
        { id: "exchanges", label: "Offer exchanges?", type: "select", options: yesNo, help: "Exchanges need Shopify Plus." },
        { id: "refundPolicyUrl", label: "Return policy page", type: "url", prefill: "refundPolicyUrl" },
      ],
    },
    {
      id: "countries",
      title: "Countries and label costs",
      description: "Countries customers return from, and who pays for the return label in each.",
      questions: [
        {
          id: "countryFees",
          label: "Return countries",
          type: "country-fees",
          required: true,
          prefill: "countryFees",
        },
      ],
    },
    {
      id: "branding",
      title: "Branding",
      description: "How your returns portal looks.",
      questions: [
        { id: "logoUrl", label: "Logo URL", type: "url" },
        { id: "buttonColour", label: "Button colour", type: "color" },
        { id: "textColour", label: "Text colour", type: "color" },
        { id: "portalWelcome", label: "Portal welcome text", type: "textarea" },
        { id: "contactUrl", label: "Contact-us link", type: "url" },
        { id: "continueShoppingUrl", label: "Continue-shopping link", type: "url", prefill: "website" },
      ],
    },
    {
      id: "volumes",
      title: "Expected volumes",
      description: "Helps SEKO plan capacity.",
      checks: ["returns-vs-orders"],
      questions: [
        { id: "monthlyOrders", label: "Orders per month", type: "number", min: 0, max: 10_000_000 },
        { id: "monthlyReturns", label: "Returns per month", type: "number", required: true, min: 0, max: 10_000_000 },
        { id: "goLiveDate", label: "Preferred go-live date", type: "date", notInPast: true },
      ],
    },
  ],
};

export const CREDIT_APPLICATION_FORM: FormDefinition = {
  id: "credit-application",
  title: "Credit application",
  documentName: "SEKO Credit Application",
  sections: [
    {
      id: "company",
      title: "Company",
      description: "The legal entity SEKO will invoice.",
      checks: ["tax-number"],
      questions: [
        { id: "registeredName", label: "Registered company name", type: "text", required: true, carry: "legalName" },
        { id: "registeredCountry", label: "Country of registration", type: "country", required: true, prefill: "countryCode" },
        { id: "companyNumber", label: "Company registration number", type: "text", required: true },
        {
          id: "taxNumber",
          label: "Tax number (GST, ABN, VAT)",
          type: "text",
          required: true,
          help: "Checked against the country of registration: New Zealand GST (IRD) number, Australian ABN, or VAT number with its country prefix.",
        },
        { id: "tradingAddress", label: "Trading address", type: "textarea", required: true, prefill: "address", carry: "address" },
        { id: "owners", label: "Directors or owners", type: "textarea", required: true, help: "One per line: name, role." },
      ],
    },
    {
      id: "references",
      title: "Trade references",
      description: "Suppliers SEKO may contact.",
      questions: [{ id: "tradeReferences", label: "Trade references", type: "textarea", help: "One per line: company, contact, phone or email." }],
    },
    {
      id: "accounts",
      title: "Accounts and terms",
      description: "Who pays SEKO's invoices, and on what terms.",
      questions: [
        { id: "accountsName", label: "Accounts contact name", type: "text", required: true, carry: "contactName" },
        { id: "accountsEmail", label: "Accounts contact email", type: "email", required: true, carry: "contactEmail" },
        { id: "accountsPhone", label: "Accounts contact phone", type: "tel", carry: "contactPhone" },
        {
          id: "requestedTerms",
          label: "Requested payment terms",
          type: "select",
          required: true,
          options: [
            { value: "7-days", label: "7 days" },
            { value: "14-days", label: "14 days" },
            { value: "20th-month", label: "20th of the following month" },
            { value: "30-days", label: "30 days" },
          ],
        },
        { id: "monthlyCredit", label: "Expected monthly spend", type: "number", min: 0, max: 100_000_000 },
      ],
    },
  ],
};

export const AUSTRALIA_POST_FORM: FormDefinition = {
  id: "australia-post",
  title: "Australia returns",
  documentName: "Australia Post account details",
  sections: [
    {
      id: "choice",
      title: "Australia Post account",
      description: "SEKO can create Australian return labels on your own Australia Post eParcel account.",
      questions: [{ id: "useOwnAccount", label: "Use your own Australia Post account for Australian returns?", type: "select", required: true, options: yesNo }],
    },
    {
      id: "account",
      title: "Account and API access",
      description: "From your eParcel contract and the Australia Post developer centre.",
      when: { question: "useOwnAccount", equals: "yes" },
      questions: [
        { id: "accountNumber", label: "Account number", type: "text", required: true },
        { id: "apiKey", label: "API key", type: "secret", required: true },
        { id: "apiSecret", label: "API secret (password)", type: "secret", required: true },
        { id: "contractDetails", label: "Contract details", type: "textarea", help: "Contract number, rates or anything SEKO should know." },
        {
          id: "returnProducts",
          label: "Returns products",
          type: "multi",
          required: true,
          options: [
            { value: "PR", label: "Parcel Post return (PR)" },
            { value: "XPR", label: "Express Post return (XPR)" },
          ],
        },
      ],
    },
  ],
};

export const FORMS: Record<FormId, FormDefinition> = {
  onboarding: ONBOARDING_FORM,
  "credit-application": CREDIT_APPLICATION_FORM,
  "australia-post": AUSTRALIA_POST_FORM,
};

export function isFormId(value: string): value is FormId {
  return Object.hasOwn(FORMS, value);
}

export function sectionById(form: FormDefinition, id: string): Section | undefined {
  return form.sections.find((section) => section.id === id);
}

export function questionById(form: FormDefinition, id: string): { section: Section; question: Question } | undefined {
  for (const section of form.sections) {
    const question = section.questions.find((candidate) => candidate.id === id);
    if (question) return { section, question };
  }
  return undefined;
}
