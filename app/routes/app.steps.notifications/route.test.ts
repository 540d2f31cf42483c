import { afterAll, expect, test } from "vitest";
import { smtpInbox } from "#tests/mocks/smtp";
import { DEMO_SEKO_ONBOARDING_EMAIL, DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { getGuide } from "~/guide/guide.server";
import { defaultForm } from "~/notifications/defaults";
import { buildFromForm } from "~/notifications/layout";
import { stopRenderers } from "~/notifications/renderer.server";
import { db } from "~/utils/db.server";
import * as step from "./route";

afterAll(() => stopRenderers());

const args = (request: Request) => ({ request, params: {}, context: {} });
const PATH = "/app/steps/notifications";

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

const load = (query = "") => step.loader(args(adminRequest(`${PATH}${query}`, { shop: DEMO_SHOP })));
const stepFact = async () => (await getGuide(DEMO_SHOP)).steps.find((entry) => entry.id === "notifications")!;

test("eight statuses, all off by default, the OmniRPS-only ones marked; a status switched on warns when Shopify may send the same email", async () => {
  const page = await load();
  expect(page.statuses.map((status) => [status.code, status.enabled, status.omniRpsOnly])).toEqual([
    ["RC", false, false],
    ["RT", false, false],
    ["RDTPF", false, false],
    ["DS", false, true],
    ["RP", false, true],
    ["RE", false, true],
    ["RDBTC", false, true],
    ["RR", false, true],
  ]);
  expect(page.fact.status).toBe("not_started");
  const form = (await load("?status=RC")).template.form!;
  expect((await post({ intent: "save", kind: "RC", scope: "default", locale: "default", mode: "form", form: JSON.stringify(form), enabled: "on" })).body).toMatchObject({ ok: true });
  const after = await load();
  expect(after.statuses[0]).toMatchObject({ code: "RC", enabled: true, duplicates: expect.stringContaining("Shopify's own return notifications") });
});

test("the preview renders the status the email is for; the email has no unsubscribe link", async () => {
  const form = (await load("?status=RT")).template.form!;
  const preview = await post({ intent: "preview", kind: "RT", scope: "default", locale: "default", mode: "form", form: JSON.stringify(form) });
  expect(preview.body).toMatchObject({ ok: true, subject: "Your return SR-10452: Return in Transit", problems: [] });
  expect(preview.body.html).not.toMatch(/unsubscribe/i);
});

test("done once every enabled status is handed over; an enabled status added later reopens it; skipping completes it", async () => {
  const form = (await load("?status=RT")).template.form!;
  await post({ intent: "save", kind: "RT", scope: "default", locale: "default", mode: "form", form: JSON.stringify(form), enabled: "on" });
  expect((await stepFact()).status).toBe("in_progress");
  expect((await post({ intent: "handover" })).body).toMatchObject({ ok: true, message: "Handed over to SEKO (version 1)." });
  const mail = smtpInbox().messages.find((message) => message.to.includes(DEMO_SEKO_ONBOARDING_EMAIL))!;
  expect(JSON.parse(mail.attachments[0]!.content)).toMatchObject({ covered: ["RT"], templates: [{ status: "RT", rendered: { subject: "Your return SR-10452: Return in Transit" } }] });
  expect((await stepFact()).status).toBe("done");

  await new Promise((resolve) => setTimeout(resolve, 5));
  const rr = (await load("?status=RR")).template.form!;
  await post({ intent: "save", kind: "RR", scope: "default", locale: "default", mode: "form", form: JSON.stringify(rr), enabled: "on" });
  expect(await stepFact()).toMatchObject({ status: "in_progress" });

  expect((await post({ intent: "skip" })).body).toMatchObject({ ok: true });
  expect(await stepFact()).toMatchObject({ status: "skipped", completedBy: expect.any(String) });
  await post({ intent: "unskip" });
  expect((await stepFact()).status).toBe("in_progress");
});

test("a status that is not one of the eight is refused", async () => {
  const response = await post({ intent: "save", kind: "XX", scope: "default", locale: "default", mode: "raw", subject: "x", html: "x", text: "x" });
  expect(response.status).toBe(400);
});

test("tracking events of a test return show the email each status would send, with that return's data", async () => {
  await db.testReturn.create({
    data: {
      shop: DEMO_SHOP,
      orderId: "o1",
      orderName: "#1077",
      items: JSON.stringify([{ title: "Wool <scarf>", quantity: 2 }]),
      reason: "Too small",
      returnOption: "refund",
      originCountry: "GB",
      state: "labelled",
      connote: "SEKO123",
      trackingUrl: "https://track.example/SEKO123",
      createdBy: "1",
    },
  });
  for (const [code, label, at] of [
    ["RC", "Return Created", "2026-11-30 09:00:00"],
    ["RT", "Return in Transit", "2026-11-30 15:30:00"],
  ]) {
    await db.trackingEvent.create({ data: { shop: DEMO_SHOP, dedupeKey: `SEKO123-${code}`, consignmentNo: "SEKO123", code: code!, kind: "return", label: label!, eventAt: at!, raw: "{}" } });
  }
  // Another shop's event is not shown.
  await db.trackingEvent.create({
    data: { shop: "other-shop.myshopify.com", dedupeKey: "x", consignmentNo: "OTHER1", code: "RT", kind: "return", label: "Return in Transit", eventAt: "2026-11-30 16:00:00", raw: "{}" },
  });
  const form = (await load("?status=RT")).template.form!;
  await post({
    intent: "save",
    kind: "RT",
    scope: "default",
    locale: "default",
    mode: "form",
    form: JSON.stringify({ ...form, body: "{{ return.reason }}: {% for item in return.items %}{{ item.quantity }} × {{ item.title }}{% endfor %}" }),
    enabled: "on",
  });

  const { tracked } = await load();
  expect(tracked.map((entry) => [entry.code, entry.enabled, entry.orderName])).toEqual([
    ["RT", true, "#1077"],
    ["RC", false, "#1077"],
  ]);
  expect(tracked[0]!.email).toMatchObject({ subject: "Your return SEKO123: Return in Transit" });
  expect(tracked[0]!.email!.html).toContain("Too small: 2 × Wool &lt;scarf&gt;");
  expect(tracked[0]!.email!.html).toContain('href="https://track.example/SEKO123"');
});

test("a status email with a colour customers cannot read: saving it is refused, and one stored before the check is flagged and refused at the hand-over", async () => {
  await db.onboardingSection.create({ data: { shop: DEMO_SHOP, form: "onboarding", section: "branding", savedBy: "1", answers: JSON.stringify({ textColour: "#FFFFFF" }) } });
  const reason = "Text colour #FFFFFF on the background #FFFFFF has a contrast of 1:1; WCAG AA asks for 4.5:1.";
  // The defaults follow step 1's branding: the editor's preview names the colour and Save refuses it.
  const form = (await load("?status=RT")).template.form!;
  expect(form.textColour).toBe("#FFFFFF");
  const fields = { kind: "RT", scope: "default", locale: "default", mode: "form", form: JSON.stringify(form), enabled: "on" };
  expect((await post({ ...fields, intent: "preview" })).body).toMatchObject({ ok: true, readability: [{ field: "textColour", message: `${reason} Change the text colour in this email's form.` }] });
  const saved = await post({ ...fields, intent: "save" });
  expect(saved).toMatchObject({ status: 400, body: { ok: false, problems: [`Colours: ${reason} Change the text colour in this email's form.`] } });

  // Saved before the check existed and switched on: the status says why, the hand-over is refused with it.
  await db.notificationTemplate.create({
    data: { shop: DEMO_SHOP, kind: "RT", scope: "default", locale: "default", version: 1, mode: "form", form: JSON.stringify(form), ...buildFromForm(form), enabled: true, savedBy: "1" },
  });
  const page = await load();
  expect(page.statuses.find((status) => status.code === "RT")).toMatchObject({ enabled: true, unreadable: [`${reason} Change the text colour in this email's form.`] });
  // The step is not done while it is switched on, on the page and in the guide Home shows, with the colour to change.
  const unreadable = { status: "in_progress", note: `The Return in Transit email is hard to read: ${reason} Change the text colour in this email's form.` };
  expect(page.fact).toMatchObject(unreadable);
  expect(await stepFact()).toMatchObject(unreadable);
  const handed = await post({ intent: "handover" });
  expect(handed).toEqual({ status: 400, body: { intent: "handover", ok: false, message: `The Return in Transit email is hard to read: ${reason} Change the text colour in this email's form.` } });
  expect(await db.onboardingSubmission.count({ where: { form: "notifications" } })).toBe(0);

  // A readable colour saved: handed over.
  expect((await post({ ...fields, intent: "save", form: JSON.stringify({ ...defaultForm("RT", "default", {}), textColour: "#111111" }) })).body).toMatchObject({
    ok: true,
    message: "Saved as version 2.",
  });
  expect((await post({ intent: "handover" })).body).toMatchObject({ ok: true, message: "Handed over to SEKO (version 1)." });
  expect(await stepFact()).toMatchObject({ status: "done" });
});
