import { delay, http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { server } from "#tests/mocks/node";
import { smtpInbox } from "#tests/mocks/smtp";
import { DEMO_SHOP } from "#tests/setup/config";
import { useEnv } from "#tests/setup/env";
import { adminRequest } from "#tests/setup/requests";
import { DEMO_AGREEMENT } from "~/contracts/documents";
import { getGuide } from "~/guide/guide.server";
import { agreementFetch, forgetFetchedAgreements, hashText } from "~/contracts/signatures.server";
import { db } from "~/utils/db.server";
import { loader as homeLoader } from "./app._index";
import * as australia from "./app.steps.australia-returns";
import * as contracts from "./app.steps.contracts";
import * as onboarding from "./app.steps.onboarding-form";
import * as systemAccess from "./app.steps.system-access/route";

type Route = { action: (args: any) => Promise<unknown> };
const args = (request: Request) => ({ request, params: {}, context: {} });

function unwrap(result: unknown): { status: number; body: Record<string, any> } {
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const { data, init } = result as { data: Record<string, any>; init?: { status?: number } };
    return { status: init?.status ?? 200, body: data };
  }
  return { status: 200, body: result as Record<string, any> };
}

async function post(route: Route, path: string, fields: [string, string][], headers: Record<string, string> = {}, userId?: string) {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  return unwrap(await route.action(args(adminRequest(path, { shop: DEMO_SHOP, userId, init: { method: "POST", body, headers } }))));
}

const AGREEMENT = DEMO_AGREEMENT;
const signFields = (overrides: Record<string, string> = {}): [string, string][] =>
  Object.entries({
    intent: "sign",
    document: "seko-agreement",
    version: AGREEMENT.version,
    hash: hashText(AGREEMENT.text),
    fullName: "Ana Returns",
    title: "Director",
    authority: "on",
    ...overrides,
  });

describe("step 2: contracts", () => {
  test("the agreement is shown in full with its version and fingerprint", async () => {
    const data = await contracts.loader(args(adminRequest("/app/steps/contracts", { shop: DEMO_SHOP })));
    expect(data.documents.map(({ document }) => document.id)).toEqual(["seko-agreement"]);
    expect(data.documents[0]!.document).toMatchObject({ text: AGREEMENT.text, version: AGREEMENT.version, hash: hashText(AGREEMENT.text) });
    expect(data.fact.status).toBe("not_started");
  });

  test("signing needs a typed name, a title and confirmed authority", async () => {
    const result = await post(contracts, "/app/steps/contracts", signFields({ fullName: "", authority: "" }));
    expect(result.status).toBe(400);
    expect(result.body.result.error).toMatchObject({
      fullName: ["Type your full name to sign"],
      authority: ["Confirm that you may sign for the business"],
    });
    expect(await db.documentSignature.count()).toBe(0);
  });

  test("a signature keeps its evidence, is sent to SEKO, and cannot be signed over", async () => {
    // One proxy in front of the app: it appended the address it saw; the first entry is the client's own claim.
    useEnv({ TRUSTED_PROXY_HOPS: "1" });
    const headers = { "x-forwarded-for": "198.51.100.66, 203.0.113.7", "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36" };
    const signed = await post(contracts, "/app/steps/contracts", signFields(), headers, "4242");
    expect(signed.status).toBe(200);
    const row = await db.documentSignature.findFirstOrThrow({ where: { shop: DEMO_SHOP } });
    expect(row).toMatchObject({
      document: "seko-agreement",
      version: AGREEMENT.version,
      documentHash: hashText(AGREEMENT.text),
      signerUserId: "4242",
      signerName: "Ana Returns",
      signerTitle: "Director",
      authorityConfirmed: true,
      ip: "203.0.113.7",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36",
      supersededAt: null,
    });
    const mail = smtpInbox().messages[0]!;
    expect(mail.subject).toContain("Signed SEKO Agreement");
    expect(mail.text).toContain(`SHA-256 of the text signed: ${row.documentHash}`);

    const again = await post(contracts, "/app/steps/contracts", signFields());
    expect(again).toMatchObject({ status: 409, body: { message: "This version of the SEKO Agreement is already signed." } });
  });

  test("the page names the person who signed and sent the signature, never a bare staff id", async () => {
    // The simulated Shopify's online token names every staff user of the demo shop.
    const person = "Demo Merchant (owner@demo-returns-store.example.com)";
    await post(contracts, "/app/steps/contracts", signFields(), {}, "72015740983");
    const page = await contracts.loader(args(adminRequest("/app/steps/contracts", { shop: DEMO_SHOP, userId: "72015740983" })));
    expect(page.documents.find((item) => item.document.id === "seko-agreement")?.current?.signedBy).toBe(person);
    expect(page.signatureDeliveries.map((delivery) => delivery.submittedBy)).toEqual([person]);
    expect(JSON.stringify(page)).not.toContain("Staff 72015740983");
  });

  test("a document that changed since the page was loaded is not signed", async () => {
    const result = await post(contracts, "/app/steps/contracts", signFields({ hash: "0".repeat(64) }));
    expect(result.status).toBe(409);
    expect(result.body.message).toContain("changed while you were reading it");
  });

  test("a new agreement version supersedes the old signature, which stays as evidence", async () => {
    await db.documentSignature.create({
      data: {
        shop: DEMO_SHOP,
        document: "seko-agreement",
        version: "2025-01",
        documentHash: "a".repeat(64),
        signerUserId: "1",
        signerName: "Old Signer",
        signerTitle: "Owner",
        authorityConfirmed: true,
        ip: "unknown",
        userAgent: "old",
      },
    });
    const before = await contracts.loader(args(adminRequest("/app/steps/contracts", { shop: DEMO_SHOP })));
    expect(before.documents[0]).toMatchObject({ current: null, previous: [expect.objectContaining({ version: "2025-01" })] });
    await post(contracts, "/app/steps/contracts", signFields());
    const rows = await db.documentSignature.findMany({ where: { shop: DEMO_SHOP }, orderBy: { signedAt: "asc" } });
    expect(rows.map((row) => [row.version, row.supersededAt !== null])).toEqual([
      ["2025-01", true],
      [AGREEMENT.version, false],
    ]);
  });

  test("the credit application starts from step 1's answers; submitting saves them with their sections", async () => {
    await post(onboarding, "/app/steps/onboarding-form", [
      ["intent", "save-section"],
      ["section", "business"],
      ["legalName", "Demo Returns Limited"],
      ["contactName", "Ana Returns"],
      ["contactEmail", "ana@demo-returns.example"],
      ["contactPhone", "+64 9 555 0123"],
      ["address", "24 Nugent Street, Auckland"],
    ]);
    const page = await contracts.loader(args(adminRequest("/app/steps/contracts", { shop: DEMO_SHOP })));
    expect(page.credit.carried).toEqual({
      registeredName: "Demo Returns Limited",
      tradingAddress: "24 Nugent Street, Auckland",
      accountsName: "Ana Returns",
      accountsEmail: "ana@demo-returns.example",
      accountsPhone: "+64 9 555 0123",
    });
    // The shop's country (Shopify) is the country of registration until the merchant says otherwise.
    expect(page.credit.prefill).toMatchObject({ countryCode: "NZ" });

    const submitted = await post(contracts, "/app/steps/contracts", [["intent", "submit"]]);
    expect(submitted.status).toBe(400);
    expect(submitted.body.problems.map((problem: { questionId: string }) => problem.questionId)).toEqual(["companyNumber", "taxNumber", "owners", "requestedTerms"]);
    const sections = await db.onboardingSection.findMany({ where: { shop: DEMO_SHOP, form: "credit-application" } });
    const answers = Object.fromEntries(sections.map((row) => [row.section, JSON.parse(row.answers)]));
    expect(answers.company).toEqual({
      registeredName: "Demo Returns Limited",
      registeredCountry: "NZ",
      tradingAddress: "24 Nugent Street, Auckland",
    });
    expect(answers.accounts).toEqual({ accountsName: "Ana Returns", accountsEmail: "ana@demo-returns.example", accountsPhone: "+64 9 555 0123" });
  });

  test("done once the credit application reached SEKO and the agreement is signed", async () => {
    const save = await post(contracts, "/app/steps/contracts", [
      ["intent", "save-section"],
      ["section", "company"],
      ["registeredName", "Demo Returns Limited"],
      ["registeredCountry", "NZ"],
      ["companyNumber", "NZ1234567"],
      ["taxNumber", "49-091-850"],
      ["tradingAddress", "24 Nugent Street"],
      ["owners", "Ana Returns, Director"],
    ]);
    expect(save.status).toBe(200);
    await post(contracts, "/app/steps/contracts", [
      ["intent", "save-section"],
      ["section", "accounts"],
      ["accountsName", "Ben Accounts"],
      ["accountsEmail", "accounts@demo-returns.example"],
      ["requestedTerms", "20th-month"],
    ]);
    expect((await post(contracts, "/app/steps/contracts", [["intent", "submit"]])).body).toMatchObject({ ok: true, delivered: true });
    let data = await contracts.loader(args(adminRequest("/app/steps/contracts", { shop: DEMO_SHOP })));
    expect(data.fact.status).toBe("in_progress");
    expect(data.fact.note).toContain("the SEKO Agreement");
    await post(contracts, "/app/steps/contracts", signFields());
    data = await contracts.loader(args(adminRequest("/app/steps/contracts", { shop: DEMO_SHOP })));
    expect(data.fact.status).toBe("done");
    expect(smtpInbox().messages.map((mail) => mail.subject)).toEqual([`SEKO Credit Application (version 1) from ${DEMO_SHOP}`, `Signed SEKO Agreement (version 1) from ${DEMO_SHOP}`]);
  });
});

describe("step 2: the agreement as configured", () => {
  const URL = "https://agreements.seko.example/returns-agreement.txt";
  const loadPage = () => contracts.loader(args(adminRequest("/app/steps/contracts", { shop: DEMO_SHOP })));
  beforeEach(() => vi.spyOn(console, "warn").mockImplementation(() => {}));
  afterEach(() => {
    forgetFetchedAgreements();
    agreementFetch.timeoutMs = 10_000;
  });

  test("a deployment without SEKO's agreement offers nothing to sign and the step stays open", async () => {
    useEnv({ SEKO_AGREEMENT_DEMO: "false" });
    const page = await loadPage();
    expect(page.documents).toEqual([]);
    expect(page.unavailable).toEqual([{ id: "seko-agreement", title: "SEKO Agreement", message: expect.stringContaining("SEKO's agreement is not available yet") }]);
    expect(JSON.stringify(page)).not.toContain("SERVICES AGREEMENT");

    const signed = await post(contracts, "/app/steps/contracts", signFields());
    expect(signed).toMatchObject({ status: 409, body: { message: expect.stringContaining("not available yet") } });
    expect(await db.documentSignature.count()).toBe(0);
    const guide = await getGuide(DEMO_SHOP);
    expect(guide.steps.find((candidate) => candidate.id === "contracts")!.status).not.toBe("done");
  });

  test("the configured agreement is shown and signed under its version", async () => {
    const text = "SEKO RETURNS SERVICES AGREEMENT 2026-02\n\n1. Services. ...";
    useEnv({ SEKO_AGREEMENT_DEMO: "false", SEKO_AGREEMENT_URL: URL, SEKO_AGREEMENT_VERSION: "2026-02" });
    server.use(http.get(URL, () => HttpResponse.text(text)));
    const page = await loadPage();
    expect(page.documents[0]!.document).toMatchObject({ text, version: "2026-02", hash: hashText(text) });
    const signed = await post(contracts, "/app/steps/contracts", signFields({ version: "2026-02", hash: hashText(text) }));
    expect(signed.status).toBe(200);
  });

  test.each([
    ["an error page", () => new HttpResponse("<html>Bad gateway</html>", { status: 502 }), "HTTP 502"],
    ["an unreachable server", () => HttpResponse.error(), "could not be reached"],
    ["an empty document", () => HttpResponse.text("  "), "empty"],
    [
      "a server that never answers",
      async () => {
        await delay("infinite");
        return HttpResponse.text("too late");
      },
      "no answer within",
    ],
  ])("%s gives a clear message, not a 500", async (_, answer, says) => {
    agreementFetch.timeoutMs = 100;
    useEnv({ SEKO_AGREEMENT_DEMO: "false", SEKO_AGREEMENT_URL: URL, SEKO_AGREEMENT_VERSION: "2026-02" });
    server.use(http.get(URL, answer));
    const page = await loadPage();
    expect(page.documents).toEqual([]);
    expect(page.unavailable[0]!.message).toContain(says);
    expect(page.fact.status).not.toBe("done");
  });
});

describe("step 4: Australia returns", () => {
  const PATH = "/app/steps/australia-returns";

  test("not applicable when the merchant does not use its own Australia Post account", async () => {
    await post(
      australia,
      PATH,
      [
        ["intent", "save-section"],
        ["section", "choice"],
        ["useOwnAccount", "no"],
      ],
      {},
      "4242",
    );
    const data = await australia.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(data.fact).toMatchObject({ status: "not_applicable", completedBy: "Demo Merchant (owner@demo-returns-store.example.com)" });
  });

  test("not applicable when returns are not offered from Australia", async () => {
    await post(onboarding, "/app/steps/onboarding-form", [
      ["intent", "save-section"],
      ["section", "countries"],
      ["countryFees[0].country", "NZ"],
      ["countryFees[0].paidBy", "retailer"],
      ["countryFees[0].currency", "NZD"],
    ]);
    const data = await australia.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(data).toMatchObject({ auOffered: false, fact: { status: "not_applicable" } });
  });

  test("API key and secret are stored encrypted, shown by their last four characters, and never emailed", async () => {
    await post(australia, PATH, [
      ["intent", "save-section"],
      ["section", "choice"],
      ["useOwnAccount", "yes"],
    ]);
    const saved = await post(australia, PATH, [
      ["intent", "save-section"],
      ["section", "account"],
      ["accountNumber", "1234567890"],
      ["apiKey", "ak_live_5fa1c0ffee9f3a"],
      ["apiSecret", "sk_live_secretvalue_c0de"],
      ["returnProducts", "PR"],
      ["returnProducts", "XPR"],
    ]);
    expect(saved.status).toBe(200);
    const row = await db.onboardingSection.findFirstOrThrow({ where: { shop: DEMO_SHOP, section: "account" } });
    expect(JSON.stringify(row)).not.toContain("ak_live_5fa1c0ffee9f3a");
    expect(JSON.stringify(row)).not.toContain("sk_live_secretvalue_c0de");

    const data = await australia.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(data.state.account?.secretsLast4).toEqual({ apiKey: "9f3a", apiSecret: "c0de" });
    expect(JSON.stringify(data)).not.toContain("ak_live_5fa1c0ffee9f3a");

    // Saving again without retyping keeps the stored secrets.
    await post(australia, PATH, [
      ["intent", "save-section"],
      ["section", "account"],
      ["accountNumber", "1234567890"],
      ["returnProducts", "PR"],
    ]);
    const kept = await australia.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(kept.state.account?.secretsLast4).toEqual({ apiKey: "9f3a", apiSecret: "c0de" });

    expect((await post(australia, PATH, [["intent", "submit"]])).body).toMatchObject({ ok: true, delivered: true });
    const mail = smtpInbox().messages[0]!;
    expect(mail.raw).not.toContain("ak_live_5fa1c0ffee9f3a");
    expect(mail.text).toContain("API key: provided (ending 9f3a)");

    // A short secret is not shown by its end at all: four of six characters would be most of it.
    await post(australia, PATH, [
      ["intent", "save-section"],
      ["section", "account"],
      ["accountNumber", "1234567890"],
      ["apiSecret", "s3cr3t"],
      ["returnProducts", "PR"],
    ]);
    const short = await australia.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(short.state.account?.secretsLast4.apiSecret).toBe("••••");
    expect(JSON.stringify(short)).not.toContain("cr3t");
    expect(JSON.parse(mail.attachments[0]!.content)).toMatchObject({
      answers: { account: { accountNumber: "1234567890", returnProducts: ["PR"] } },
      secretsProvided: { apiKey: "provided, ending 9f3a" },
    });
    expect((await australia.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })))).fact.status).toBe("done");
  });
});

describe("step 6: system access", () => {
  const PATH = "/app/steps/system-access";
  const member = (overrides: Record<string, string> = {}): [string, string][] =>
    Object.entries({
      intent: "add",
      name: "Ana Returns",
      email: "ana@demo-returns.example",
      omniReturnsRole: "retailer-manager",
      omniRpsRole: "retailer-admin",
      timeZone: "Pacific/Auckland",
      ...overrides,
    });

  test("suggests the main contact and the shop's time zone", async () => {
    await post(onboarding, "/app/steps/onboarding-form", [
      ["intent", "save-section"],
      ["section", "business"],
      ["contactName", "Ana Returns"],
      ["contactEmail", "ana@demo-returns.example"],
    ]);
    const data = await systemAccess.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(data.suggestion).toEqual({ name: "Ana Returns", email: "ana@demo-returns.example", timeZone: "Pacific/Auckland" });
  });

  test("a member needs a valid email, a known time zone and at least one system", async () => {
    const result = await post(systemAccess, PATH, member({ email: "ana", timeZone: "Mars/Olympus", omniReturnsRole: "none", omniRpsRole: "none" }));
    expect(result.status).toBe(400);
    expect(result.body.result.error).toMatchObject({
      email: ["Enter an email address like name@example.com"],
      timeZone: ["Choose a time zone such as Pacific/Auckland"],
      omniReturnsRole: ["Give access to OmniReturns, OmniRPS or both"],
    });
    expect(await db.teamMemberRequest.count()).toBe(0);
  });

  test("a removed member can be added again; each add says whether it worked, so the page can clear its form", async () => {
    expect((await post(systemAccess, PATH, member())).body).toMatchObject({ intent: "add", ok: true });
    const duplicate = await post(systemAccess, PATH, member());
    expect(duplicate.body).toMatchObject({ ok: false, result: { error: { email: ["This person is already on the list"] } } });
    const [listed] = (await systemAccess.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })))).members;
    expect(
      (
        await post(systemAccess, PATH, [
          ["intent", "remove"],
          ["id", listed!.id],
        ])
      ).status,
    ).toBe(200);
    expect((await post(systemAccess, PATH, member())).body).toMatchObject({ ok: true });
    expect(await db.teamMemberRequest.count({ where: { shop: DEMO_SHOP } })).toBe(1);
  });

  test("added → requested from SEKO (waiting) → every login created (done)", async () => {
    expect((await post(systemAccess, PATH, member())).status).toBe(200);
    expect((await post(systemAccess, PATH, member({ name: "Ben", email: "ben@demo-returns.example", omniRpsRole: "none" }))).status).toBe(200);
    expect((await post(systemAccess, PATH, member())).body.result.error).toEqual({ email: ["This person is already on the list"] });
    expect((await systemAccess.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })))).fact.status).toBe("in_progress");

    expect((await post(systemAccess, PATH, [["intent", "request"]])).body).toMatchObject({ ok: true, delivered: true, count: 2 });
    const mail = smtpInbox().messages[0]!;
    expect(mail.text).toContain("Ana Returns <ana@demo-returns.example>: OmniReturns Retailer Manager; OmniRPS Retailer Admin; time zone Pacific/Auckland");
    expect(mail.text).toContain("Ben <ben@demo-returns.example>: OmniReturns Retailer Manager; OmniRPS no access");
    let data = await systemAccess.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(data.fact.status).toBe("waiting_on_seko");
    expect(data.members.map((m) => m.status)).toEqual(["requested", "requested"]);

    await post(systemAccess, PATH, [
      ["intent", "created"],
      ["id", data.members[0]!.id],
    ]);
    data = await systemAccess.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(data.fact).toMatchObject({ status: "waiting_on_seko", note: "1 login created, 1 still to come." });

    await post(systemAccess, PATH, [
      ["intent", "created"],
      ["id", data.members[1]!.id],
    ]);
    data = await systemAccess.loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(data.fact).toMatchObject({ status: "done", note: "2 logins created." });
  });
});

describe("the setup guide", () => {
  test("step 3 waits on SEKO after steps 1 and 2 reached SEKO, and is done when credentials are connected", async () => {
    const delivered = { deliveryStatus: "sent", deliveredAt: new Date(), payload: "{}", submittedBy: "1" };
    await db.onboardingSubmission.createMany({
      data: [
        { shop: DEMO_SHOP, form: "onboarding", version: 1, ...delivered },
        { shop: DEMO_SHOP, form: "credit-application", version: 1, ...delivered },
      ],
    });
    await db.documentSignature.create({
      data: {
        shop: DEMO_SHOP,
        document: "seko-agreement",
        version: AGREEMENT.version,
        documentHash: hashText(AGREEMENT.text),
        signerUserId: "1",
        signerName: "Ana",
        signerTitle: "Director",
        authorityConfirmed: true,
        ip: "unknown",
        userAgent: "test",
      },
    });
    const step = async () => (await getGuide(DEMO_SHOP)).steps.find((candidate) => candidate.id === "seko-accounts")!;
    expect((await step()).status).toBe("waiting_on_seko");
    expect((await step()).since).toBeTruthy();

    await db.sekoCredential.create({ data: { shop: "someone-else.myshopify.com", system: "omnireturns", secret: "x", status: "connected", checkedAt: new Date() } });
    expect((await step()).status).toBe("waiting_on_seko");
    await db.sekoCredential.create({ data: { shop: DEMO_SHOP, system: "omnireturns", secret: "x", status: "connected", checkedAt: new Date() } });
    // The merchant connects the keys SEKO gave them: no record of who did, so nobody is named (never SEKO).
    expect(await step()).toMatchObject({ status: "done", completedBy: undefined });

    const home = await homeLoader(args(adminRequest("/app", { shop: DEMO_SHOP })));
    expect(home.guide.completed).toBe(3);
    expect(home.actions["seko-accounts"]).toEqual({ url: "/app/settings", label: "View SEKO connection" });
    expect(home.actions["australia-returns"]).toEqual({ url: "/app/steps/australia-returns", label: "Start Australia returns" });
  });
});
