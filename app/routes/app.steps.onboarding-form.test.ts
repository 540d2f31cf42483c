import { describe, expect, onTestFinished, test } from "vitest";
import { smtpInbox } from "#tests/mocks/smtp";
import { DEMO_SEKO_ONBOARDING_EMAIL, DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { getGuide } from "~/guide/guide.server";
import { configureOrderSync, resetOrderSyncSettings } from "~/shopify/order-sync-config.server";
import { drainJobs } from "~/job-handlers.server";
import { db } from "~/utils/db.server";
import { loader as homeLoader } from "./app._index";
import { action, loader } from "./app.steps.onboarding-form";
import { loader as download } from "./app.steps.submissions.$id";

const OTHER_SHOP = "other-returns-store.myshopify.com";
const PATH = "/app/steps/onboarding-form";
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

/** Actions answer with `data(body, init)`; this reads the body and status back. */
function unwrap(result: unknown): { status: number; body: Record<string, any> } {
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const { data, init } = result as { data: Record<string, any>; init?: { status?: number } };
    return { status: init?.status ?? 200, body: data };
  }
  return { status: 200, body: result as Record<string, any> };
}

async function post(fields: [string, string][], options: { shop?: string; userId?: string } = {}) {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  const request = adminRequest(PATH, { shop: options.shop ?? DEMO_SHOP, userId: options.userId, init: { method: "POST", body } });
  return unwrap(await action(args(request)));
}

const saveSection = (section: string, fields: [string, string][], options?: { shop?: string; userId?: string }) => post([["intent", "save-section"], ["section", section], ...fields], options);

async function answerRequiredQuestions(shop = DEMO_SHOP) {
  const results = [
    await saveSection(
      "business",
      [
        ["tradingName", "Demo Returns Store"],
        ["legalName", "Demo Returns Limited"],
        ["contactName", "Ana Returns"],
        ["contactEmail", "ana@demo-returns.example"],
        ["address", "24 Nugent Street, Auckland"],
      ],
      { shop },
    ),
    await saveSection(
      "policy",
      [
        ["returnWindowDays", "30"],
        ["orderMethod", "both"],
        ["returnOptions", "refund"],
        ["returnOptions", "exchange"],
      ],
      { shop },
    ),
    await saveSection(
      "countries",
      [
        ["countryFees[0].country", "NZ"],
        ["countryFees[0].paidBy", "retailer"],
        ["countryFees[0].currency", "NZD"],
        ["countryFees[1].country", "AU"],
        ["countryFees[1].paidBy", "customer"],
        ["countryFees[1].amount", "9.50"],
        ["countryFees[1].currency", "AUD"],
      ],
      { shop },
    ),
    await saveSection("volumes", [["askManager", "monthlyReturns"]], { shop }),
  ];
  for (const result of results) expect(result.status).toBe(200);
}

describe("step 1: the on-boarding form", () => {
  test("is prefilled from the Shopify store where Shopify has the answer", async () => {
    const data = await loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(data.fact.status).toBe("not_started");
    expect(data.prefill).toMatchObject({
      shopName: "Demo Returns Store",
      currency: "NZD",
      refundPolicyUrl: "https://shop.demoreturns.test/policies/refund-policy",
      website: "https://shop.demoreturns.test",
    });
    expect(data.prefill.contactEmail).toMatch(/@/);
    expect(data.prefill.address).toContain("24 Nugent Street");
    expect(data.countries).toEqual(expect.arrayContaining(["NZ", "AU", "GB"]));
  });

  test("a section with invalid answers is refused with field errors and nothing is saved", async () => {
    const result = await saveSection("business", [
      ["contactEmail", "not-an-email"],
      ["website", "demo.example"],
      ["tradingName", "Demo"],
    ]);
    expect(result.status).toBe(400);
    expect(result.body.result.error).toMatchObject({
      contactEmail: ["Enter an email address like name@example.com"],
      website: ["Enter a full web address starting with https://"],
    });
    expect(await db.onboardingSection.count()).toBe(0);
  });

  test("each section saves on its own; the step is in progress and the activity names the staff user", async () => {
    await saveSection("business", [["tradingName", "Demo Returns Store"]], { userId: "4242" });
    await saveSection("branding", [["buttonColour", "#1A2B3C"]], { userId: "4242" });
    const data = await loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(data.state.business?.answers).toEqual({ tradingName: "Demo Returns Store" });
    expect(data.state.branding?.answers).toEqual({ buttonColour: "#1A2B3C" });
    expect(data.state.business?.savedBy).toBe("Demo Merchant (owner@demo-returns-store.example.com)");
    expect(data.fact.status).toBe("in_progress");
    const home = await homeLoader(args(adminRequest("/app", { shop: DEMO_SHOP })));
    // The online token's associated user names the person (the simulated Shopify calls everyone "Demo Merchant").
    expect(home.activity[0]).toMatchObject({ who: "Demo Merchant (owner@demo-returns-store.example.com)", action: "Saved “Branding”" });
  });

  test("submitting with required questions unanswered lists them and sends nothing", async () => {
    await saveSection("business", [["tradingName", "Demo"]]);
    const result = await post([["intent", "submit"]]);
    expect(result.status).toBe(400);
    const unanswered = result.body.problems.map((problem: { questionId: string }) => problem.questionId);
    expect(unanswered).toEqual(expect.arrayContaining(["legalName", "returnWindowDays", "monthlyReturns"]));
    // The country table was filled in from Shopify and never saved: it counts as answered, saved with its section.
    expect(unanswered).not.toContain("countryFees");
    const countries = await db.onboardingSection.findUnique({
      where: { shop_form_section: { shop: DEMO_SHOP, form: "onboarding", section: "countries" } },
    });
    expect(JSON.parse(countries!.answers).countryFees.map((row: { country: string }) => row.country)).toContain("NZ");
    expect(smtpInbox().messages).toHaveLength(0);
    expect(await db.onboardingSubmission.count()).toBe(0);
  });

  test("Submit to SEKO emails the account manager a summary and the JSON, and the step is done", async () => {
    await answerRequiredQuestions();
    const result = await post([["intent", "submit"]], { userId: "4242" });
    expect(result.body).toMatchObject({ ok: true, version: 1, delivered: true });

    const [mail] = smtpInbox().messages;
    expect(mail?.to).toEqual([DEMO_SEKO_ONBOARDING_EMAIL]);
    expect(mail?.subject).toBe(`SEKO Returns On-boarding Form (version 1) from ${DEMO_SHOP}`);
    expect(mail?.text).toContain("Legal entity name: Demo Returns Limited");
    expect(mail?.text).toContain("Australia: customer pays 9.50 AUD");
    expect(mail?.text).toContain("Returns per month: (please ask the account manager)");
    const json = JSON.parse(mail!.attachments.find((file) => file.filename === "onboarding-v1.json")!.content);
    expect(json).toMatchObject({
      form: "onboarding",
      version: 1,
      shop: DEMO_SHOP,
      submittedBy: "Demo Merchant (owner@demo-returns-store.example.com)",
      askAccountManager: ["monthlyReturns"],
      answers: { policy: { returnWindowDays: 30, returnOptions: ["refund", "exchange"] } },
    });

    const data = await loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(data.fact).toMatchObject({ status: "done", completedBy: "Demo Merchant (owner@demo-returns-store.example.com)" });
    expect(data.fact.note).toContain("1 question left for your account manager");
    const guide = await getGuide(DEMO_SHOP);
    expect(guide.steps.find((step) => step.id === "onboarding-form")?.status).toBe("done");
  });

  test("later edits are flagged and a re-submission is a new version", async () => {
    await answerRequiredQuestions();
    await post([["intent", "submit"]]);
    // Saved later than the submission, as a merchant coming back another day would.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await saveSection("volumes", [["monthlyReturns", "120"]]);
    const edited = await loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(edited.editedSinceSubmission).toBe(true);
    expect(edited.fact.note).toContain("submit again");

    expect((await post([["intent", "submit"]])).body).toMatchObject({ ok: true, version: 2 });
    const json = JSON.parse(smtpInbox().messages[1]!.attachments[0]!.content);
    expect(json.answers.volumes).toEqual({ monthlyReturns: 120 });
    const after = await loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(after.submissions.map((submission) => submission.version)).toEqual([2, 1]);
    expect(after.editedSinceSubmission).toBe(false);
  });

  test("a failed delivery is kept, shown and retried; the email goes once it works", async () => {
    await answerRequiredQuestions();
    smtpInbox().failNext(1);
    const result = await post([["intent", "submit"]]);
    expect(result.body).toMatchObject({ ok: true, version: 1, delivered: false });

    const failed = await loader(args(adminRequest(PATH, { shop: DEMO_SHOP })));
    expect(failed.fact.status).toBe("submitted");
    expect(failed.submissions[0]).toMatchObject({ deliveryStatus: "failed", attempts: 1 });
    // A plain cause: the mail server's reply is for the log only.
    expect(failed.submissions[0]?.deliveryError).toBe("The email could not be sent: the mail server could not take the message just now");
    expect(failed.fact.note).toContain("Not delivered to SEKO yet");
    // Opening the app retries only once the back-off has passed.
    expect(smtpInbox().messages).toHaveLength(0);

    const retried = await post([
      ["intent", "retry"],
      ["submissionId", failed.submissions[0]!.id],
    ]);
    expect(retried.body).toMatchObject({ ok: true, delivered: true });
    expect(smtpInbox().messages).toHaveLength(1);
    expect((await loader(args(adminRequest(PATH, { shop: DEMO_SHOP })))).fact.status).toBe("done");
  });

  test("a due delivery is retried by the job runner, not while Home loads", async () => {
    configureOrderSync({ runner: "manual" });
    onTestFinished(() => resetOrderSyncSettings());
    await answerRequiredQuestions();
    smtpInbox().failNext(1);
    await post([["intent", "submit"]]);
    await db.onboardingSubmission.updateMany({ data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await db.syncJob.updateMany({ where: { kind: "delivery" }, data: { runAt: new Date(Date.now() - 1000) } });
    const home = await homeLoader(args(adminRequest("/app", { shop: DEMO_SHOP })));
    expect(home.guide.steps.find((step) => step.id === "onboarding-form")?.status).not.toBe("done");
    expect(smtpInbox().messages).toHaveLength(0);
    await drainJobs({ shop: DEMO_SHOP });
    expect((await getGuide(DEMO_SHOP)).steps.find((step) => step.id === "onboarding-form")?.status).toBe("done");
    expect(smtpInbox().messages).toHaveLength(1);
  });

  test("the submitted JSON downloads for its own shop only", async () => {
    await answerRequiredQuestions();
    await post([["intent", "submit"]]);
    const submission = await db.onboardingSubmission.findFirstOrThrow();
    const response = (await download(args(adminRequest(`/app/steps/submissions/${submission.id}`, { shop: DEMO_SHOP }), { id: submission.id }))) as Response;
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="onboarding-v1.json"');
    expect(JSON.parse(await response.text())).toMatchObject({ form: "onboarding", version: 1 });

    const elsewhere = await download(args(adminRequest(`/app/steps/submissions/${submission.id}`, { shop: OTHER_SHOP }), { id: submission.id })).catch((thrown: unknown) => thrown);
    expect((elsewhere as Response).status).toBe(404);
  });

  test("answers are shop-scoped: another shop sees none of them", async () => {
    await answerRequiredQuestions();
    const other = await loader(args(adminRequest(PATH, { shop: OTHER_SHOP })));
    expect(other.state).toEqual({});
    expect(other.fact.status).toBe("not_started");
  });
});
