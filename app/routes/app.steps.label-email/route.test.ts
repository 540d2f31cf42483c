import { afterAll, expect, test } from "vitest";
import { smtpInbox } from "#tests/mocks/smtp";
import { DEMO_SEKO_ONBOARDING_EMAIL, DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { getGuide } from "~/guide/guide.server";
import { gateFor } from "~/guide/go-live.server";
import { defaultForm } from "~/notifications/defaults";
import { buildFromForm } from "~/notifications/layout";
import { stopRenderers } from "~/notifications/renderer.server";
import { db } from "~/utils/db.server";
import * as step from "./route";

afterAll(() => stopRenderers());

const args = (request: Request) => ({ request, params: {}, context: {} });
const PATH = "/app/steps/label-email";

function unwrap(result: unknown): { status: number; body: Record<string, any> } {
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const { data, init } = result as { data: Record<string, any>; init?: { status?: number } };
    return { status: init?.status ?? 200, body: data };
  }
  return { status: 200, body: result as Record<string, any> };
}

async function post(fields: Record<string, string>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return unwrap(await step.action(args(adminRequest(PATH, { shop: DEMO_SHOP, init: { method: "POST", body } }))));
}

const load = async (query = "") => step.loader(args(adminRequest(`${PATH}${query}`, { shop: DEMO_SHOP })));

async function offer(countries: string[]) {
  await db.onboardingSection.createMany({
    data: [
      {
        shop: DEMO_SHOP,
        form: "onboarding",
        section: "countries",
        savedBy: "1",
        answers: JSON.stringify({ countryFees: countries.map((country) => ({ country, paidBy: "retailer", currency: "GBP" })) }),
      },
      {
        shop: DEMO_SHOP,
        form: "onboarding",
        section: "business",
        savedBy: "1",
        answers: JSON.stringify({ tradingName: "Demo <Returns> Store", contactEmail: "ana@demo.test", website: "https://demo.test" }),
      },
      { shop: DEMO_SHOP, form: "onboarding", section: "branding", savedBy: "1", answers: JSON.stringify({ buttonColour: "#0a7d55", logoUrl: "https://cdn.demo.test/logo.png" }) },
    ],
  });
}

const raw = (scope: string, html: string) => ({ intent: "save", scope, locale: "default", mode: "raw", subject: "Label for {{ order.name }}", html, text: "Label: {{ return.label_url }}" });

test("every offered country against its template, a real synced order as its sample, the defaults branded from step 1", async () => {
  await offer(["GB", "AU"]);
  await db.order.create({
    data: {
      shop: DEMO_SHOP,
      shopifyId: "gid://shopify/Order/1",
      name: "#1042",
      customerName: "Jo <b>Bloggs</b>",
      shipCountry: "GB",
      currency: "GBP",
      processedAt: new Date(),
      shopifyUpdatedAt: new Date(),
      lineItems: { create: [{ shopifyId: "1", title: "Wool scarf", quantity: 1, price: "20.00" }] },
    },
  });
  const page = await load();
  expect(page.coverage).toEqual([
    { country: "GB", origin: "built-in", version: null, problems: [], sampleOrder: "#1042" },
    { country: "AU", origin: "built-in", version: null, problems: [], sampleOrder: null },
  ]);
  expect(page.template.html).toContain("#0a7d55");
  expect(page.fact.status).toBe("not_started");

  // The preview of GB uses the order: the customer's name escaped in the HTML.
  const preview = await post({ ...raw("GB", "<p>Hi {{ customer.first_name }} {% for item in return.items %}{{ item.title }}{% endfor %}</p>"), intent: "preview" });
  expect(preview.body).toMatchObject({ ok: true, subject: "Label for #1042", html: "<p>Hi Jo Wool scarf</p>", problems: [] });
});

test("a template with an error is refused with its line; a good one is saved as a version and the country shows it", async () => {
  await offer(["GB"]);
  const broken = await post(raw("GB", "<p>\n\n{% if customer.first_name %}unclosed</p>"));
  expect(broken.status).toBe(400);
  expect(broken.body.problems).toEqual([expect.stringMatching(/^HTML: Line 3, column 1: .*not closed/)]);
  expect(await db.notificationTemplate.count()).toBe(0);

  expect((await post(raw("GB", "<p>Hello {{ customer.first_name }}</p>"))).body).toMatchObject({ ok: true, message: "Saved as version 1." });
  const page = await load("?country=GB");
  expect(page.coverage[0]).toMatchObject({ country: "GB", origin: "own", version: 1 });
  expect(page.template).toMatchObject({ mode: "raw", html: "<p>Hello {{ customer.first_name }}</p>" });
  expect(page.versions).toHaveLength(1);

  // Restore through the page: version 1 saved again as version 3.
  await post(raw("GB", "<p>Second</p>"));
  const first = (await load("?country=GB")).versions.find((version) => version.version === 1)!;
  expect((await post({ intent: "restore", id: first.id })).body).toMatchObject({ ok: true, message: "Restored as version 3." });
});

test("send a test to me goes to the staff member at the screen (email from their online token) through SMTP, HTML and plain text", async () => {
  await offer(["GB"]);
  const form = (await load()).template.form!;
  const sent = await post({ intent: "test", scope: "GB", locale: "default", mode: "form", form: JSON.stringify({ ...form, heading: "Hello {{ customer.first_name }}" }) });
  expect(sent.body).toMatchObject({ ok: true, message: "Test sent to owner@demo-returns-store.example.com." });
  const [mail] = smtpInbox().messages;
  expect(mail).toMatchObject({ to: ["owner@demo-returns-store.example.com"], subject: "[Test] Your return label for order #1001" });
  expect(mail!.html).toContain("Hello Alex");
  // The shop name from step 1 is escaped where it is output.
  expect(mail!.html).toContain("Demo &lt;Returns&gt; Store");
  expect(mail!.text).toContain("Download your label: https://demo.test/apps/returns/label/SR-10452");
});

test("handing the set over completes step 7 until a template changes", async () => {
  await offer(["GB", "AU"]);
  const handed = await post({ intent: "handover" });
  expect(handed.body).toMatchObject({ ok: true, message: "Handed over to SEKO (version 1)." });
  const mail = smtpInbox().messages.find((message) => message.to.includes(DEMO_SEKO_ONBOARDING_EMAIL))!;
  const payload = JSON.parse(mail.attachments[0]!.content);
  expect(payload.covered).toEqual(["GB", "AU"]);
  expect(payload.templates[0]).toMatchObject({
    country: "GB",
    origin: "built-in",
    source: { subject: "Your return label for order {{ order.name }}" },
    rendered: { subject: "Your return label for order #1001" },
  });
  expect(payload.templates[0].rendered.html).toContain("<!DOCTYPE html>");
  expect((await getGuide(DEMO_SHOP)).steps.find((entry) => entry.id === "label-email")).toMatchObject({ status: "done" });

  await new Promise((resolve) => setTimeout(resolve, 5));
  await post(raw("AU", "<p>AU</p>"));
  expect((await getGuide(DEMO_SHOP)).steps.find((entry) => entry.id === "label-email")).toMatchObject({ status: "in_progress", reopened: "a template changed after the last hand-over" });
});

/** Step 1's branding, as the merchant typed it. */
async function brand(answers: Record<string, string>) {
  await db.onboardingSection.update({ where: { shop_form_section: { shop: DEMO_SHOP, form: "onboarding", section: "branding" } }, data: { answers: JSON.stringify(answers) } });
}

const WHITE_ON_WHITE = "Text colour #FFFFFF on the background #FFFFFF has a contrast of 1:1; WCAG AA asks for 4.5:1.";

test("a white text colour in step 1's branding: no country renders, with the colour to change; the step, the go-live gate and the hand-over all see it", async () => {
  await offer(["GB", "AU"]);
  await brand({ buttonColour: "#0a7d55", textColour: "#FFFFFF" });
  const reason = `${WHITE_ON_WHITE} Change the text colour in step 1's Branding section, or in this email's form.`;
  const page = await load();
  expect(page.coverage.map((entry) => [entry.country, entry.problems])).toEqual([
    ["GB", [reason]],
    ["AU", [reason]],
  ]);
  // The guide (Home and the step) says which colour to change, once for both countries.
  expect(page.fact).toMatchObject({ status: "in_progress", note: `The label email for GB and AU does not render: fix it before handing the set over. ${reason}` });
  expect((await getGuide(DEMO_SHOP)).steps.find((entry) => entry.id === "label-email")).toMatchObject({ status: "in_progress", note: page.fact.note });
  const gate = await gateFor(DEMO_SHOP, await getGuide(DEMO_SHOP));
  expect(gate.find((item) => item.id === "templates")).toMatchObject({ done: false, missing: "No label email renders for GB and AU." });

  const handed = await post({ intent: "handover" });
  expect(handed).toEqual({ status: 400, body: { intent: "handover", ok: false, message: `The label email for GB is hard to read: ${reason}` } });
  expect(await db.onboardingSubmission.count({ where: { form: "label-email" } })).toBe(0);

  // The editor, prefilled from the branding: the preview names the colour; saving it is refused.
  const form = page.template.form!;
  const fields = { scope: "GB", locale: "default", mode: "form", form: JSON.stringify(form) };
  const preview = await post({ ...fields, intent: "preview" });
  expect(preview.body).toMatchObject({ ok: true, problems: [], readability: [{ field: "textColour", message: `${WHITE_ON_WHITE} Change the text colour in this email's form.` }] });
  const saved = await post({ ...fields, intent: "save" });
  expect(saved.status).toBe(400);
  expect(saved.body.problems).toEqual([`Colours: ${WHITE_ON_WHITE} Change the text colour in this email's form.`]);
  // "Send a test to me" is refused with the same reason: nothing reaches the mailbox.
  expect(await post({ ...fields, intent: "test" })).toEqual({
    status: 400,
    body: { intent: "test", ok: false, message: `Not sent: customers could not read this email. ${WHITE_ON_WHITE} Change the text colour in this email's form.` },
  });
  expect(smtpInbox().messages).toHaveLength(0);
  expect(await db.notificationTemplate.count()).toBe(0);

  // A readable colour in GB's own form: GB renders again, AU still follows the branding.
  expect((await post({ ...fields, intent: "save", form: JSON.stringify({ ...form, textColour: "#202223" }) })).body).toMatchObject({ ok: true, message: "Saved as version 1." });
  expect((await load()).coverage.map((entry) => [entry.country, entry.problems.length])).toEqual([
    ["GB", 0],
    ["AU", 1],
  ]);

  // Step 1's colour changed back: every country renders and the set can be handed over.
  await brand({ buttonColour: "#0a7d55" });
  expect((await load()).coverage.every((entry) => entry.problems.length === 0)).toBe(true);
  expect((await post({ intent: "handover" })).body).toMatchObject({ ok: true, message: "Handed over to SEKO (version 1)." });
});

test("a template saved with colours customers cannot read before the check existed: not rendering, its own form named, not restored", async () => {
  await offer(["GB"]);
  const form = { ...defaultForm("label-email", "default", {}), buttonColour: "#FFD700" };
  const legacy = await db.notificationTemplate.create({
    data: { shop: DEMO_SHOP, kind: "label-email", scope: "GB", locale: "default", version: 1, mode: "form", form: JSON.stringify(form), ...buildFromForm(form), enabled: true, savedBy: "1" },
  });
  const reason = "Button text #FFFFFF on the button colour #FFD700 has a contrast of 1.4:1; WCAG AA asks for 4.5:1. Change the button colour in this email's form.";
  expect((await load()).coverage).toEqual([{ country: "GB", origin: "own", version: 1, problems: [reason], sampleOrder: null }]);
  expect((await post({ intent: "handover" })).body).toMatchObject({ ok: false, message: `The label email for GB is hard to read: ${reason}` });
  const restored = await post({ intent: "restore", id: legacy.id });
  expect(restored).toMatchObject({ status: 400, body: { ok: false, message: `That version no longer renders: Colours: ${reason}` } });
});
