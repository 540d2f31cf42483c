import { describe, expect, test, vi } from "vitest";
import { SEKO_TEST_KEYS } from "#tests/mocks/seko";
import { smtpInbox } from "#tests/mocks/smtp";
import { DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { getGuide } from "~/guide/guide.server";
import { drainJobs } from "~/job-handlers.server";
import { AGREED_DATE_FORM } from "~/launch/agreed-date.server";
import { goLiveState, recordStorefrontPlacement } from "~/launch/go-live.server";
import type { SekoEnvironment } from "~/seko/config";
import { connect, saveSekoSettings } from "~/seko/connection.server";
import { activityFeed } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { shopDateSetting } from "~/utils/shop-dates.server";
import { rememberStaff, staffDirectory } from "~/utils/staff.server";
import { DATE_NOT_SENT, DATE_SETTLED } from "./actions.server";
import * as route from "./route";
import { stated } from "./view-model.server";

const PATH = "/app/steps/go-live";

async function post(fields: Record<string, string>, userId = "101") {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  const result = (await route.action({ request: adminRequest(PATH, { shop: DEMO_SHOP, userId, init: { method: "POST", body } }), params: {}, context: {} })) as any;
  return { status: result.init?.status ?? 200, body: result.data };
}
const load = () => route.loader({ request: adminRequest(PATH, { shop: DEMO_SHOP }), params: {}, context: {} });

/** OmniReturns and OmniRPS connected as the merchant does it in Settings (the simulated SEKO takes its keys on either environment's hosts). */
async function connectKeys(environment: SekoEnvironment) {
  expect(await connect(DEMO_SHOP, { system: "omnireturns", environment, accessKey: SEKO_TEST_KEYS.omnireturns }, "101")).toEqual({ ok: true });
  expect(await connect(DEMO_SHOP, { system: "omnirps", environment, ...SEKO_TEST_KEYS.omnirps }, "101")).toEqual({ ok: true });
}

describe("step 10: go-live", () => {
  // The first request of the file exchanges tokens, and the app then reads the shop's time zone and locale from the simulated Shopify (its first GraphQL answer takes up to ~2 s on a loaded machine).
  test("a date is proposed, then agreed on SEKO's word; the step waits on SEKO in between and counts down after", async () => {
    expect((await post({ intent: "propose", date: "next week" })).body).toMatchObject({ ok: false, field: "date", message: "Enter a date as YYYY-MM-DD" });
    expect((await post({ intent: "propose", date: "2020-01-15" })).body).toMatchObject({
      ok: false,
      field: "date",
      message: "Choose today or a later date: a go-live date cannot be in the past",
    });
    expect((await post({ intent: "confirm", date: "2020-01-15", via: "seko" })).body).toMatchObject({ ok: false, field: "confirmDate" });
    expect((await post({ intent: "propose", date: "2027-01-15" })).status).toBe(200);
    let view = await load();
    expect(view.fact).toMatchObject({ status: "waiting_on_seko" });
    expect(view.record).toMatchObject({ proposedDate: "2027-01-15", agreedDate: null });

    expect((await post({ intent: "confirm", date: "2027-01-18", via: "merchant" }, "202")).status).toBe(200);
    view = await load();
    expect(view.record).toMatchObject({ agreedDate: "2027-01-18", confirmedVia: "merchant" });
    expect(view.fact.status).toBe("in_progress");
    expect(view.countdown).toMatch(/days to go-live$/);
    // Counted in the shop's calendar (the simulated shop is in Auckland), not UTC's.
    const aucklandToday = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Auckland" }).format(new Date());
    expect(view.countdown).toBe(`${Math.round((Date.parse("2027-01-18") - Date.parse(aucklandToday)) / 86_400_000)} days to go-live`);
    const log = await db.onboardingActivity.findMany({ where: { shop: DEMO_SHOP, kind: "go-live" }, orderBy: { createdAt: "asc" } });
    expect(log.map((entry) => [entry.actor, entry.action])).toEqual([
      ["101", "Proposed 15 Jan 2027 as the go-live date"],
      ["202", "Go-live date 18 Jan 2027 agreed"],
    ]);
  }, 15_000);

  test("the procedure needs an https link before it can be acknowledged; a new link needs a new acknowledgement", async () => {
    expect((await post({ intent: "acknowledge" })).body).toMatchObject({ ok: false, message: "Add the procedure's link first." });
    expect((await post({ intent: "procedure", sopUrl: "http://seko.example/sop" })).body).toMatchObject({ ok: false, field: "sopUrl" });
    await post({ intent: "procedure", sopUrl: "https://seko.example/sop" });
    await post({ intent: "acknowledge" });
    expect((await load()).gate.find((item) => item.id === "sop")!.done).toBe(true);
    await post({ intent: "procedure", sopUrl: "https://seko.example/sop-v2" });
    expect((await load()).gate.find((item) => item.id === "sop")!.done).toBe(false);
  });

  test("going live is refused while the gate is open, naming what is missing; returns stay not live", async () => {
    const refused = await post({ intent: "go-live" });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^Not yet: every earlier step done or not needed; order sync healthy; .*go-live date agreed with seko\.$/);
    expect(await goLiveState(DEMO_SHOP)).toEqual({ live: false, liveAt: null, agreedDate: null, stuckDays: null, storefrontPlaced: null });
  });

  test("Test keys complete step 3 but going live on them is refused with the reason; Production keys connected in Settings close that check", async () => {
    await connectKeys("test");
    expect((await getGuide(DEMO_SHOP)).steps.find((step) => step.id === "seko-accounts")!.status).toBe("done");
    const refused = await post({ intent: "go-live", storefront: "placed" });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/; order sync healthy; seko production keys; /);
    expect(refused.body.open.find((item: { id: string }) => item.id === "seko-production")).toEqual({
      id: "seko-production",
      label: "SEKO Production keys",
      done: false,
      missing: "SEKO is set to Test in Settings: switch it to Production; connect the OmniReturns and OmniRPS Production keys.",
      url: "/app/settings",
    });
    expect((await goLiveState(DEMO_SHOP)).live).toBe(false);

    // Production chosen, its keys not yet connected: the check names them.
    expect(await saveSekoSettings(DEMO_SHOP, { environment: "production" }, "101")).toEqual({ ok: true });
    expect((await load()).gate.find((item) => item.id === "seko-production")).toMatchObject({ done: false, missing: "Connect the OmniReturns and OmniRPS Production keys." });

    await connectKeys("production");
    expect((await load()).gate.find((item) => item.id === "seko-production")).toMatchObject({ done: true, missing: undefined });
    const still = await post({ intent: "go-live", storefront: "placed" });
    expect(still.status).toBe(400);
    expect(still.body.message).not.toContain("seko production keys");
  });

  test("once returns are live the date can no longer be proposed or agreed", async () => {
    await db.goLive.create({ data: { shop: DEMO_SHOP, proposedDate: "2027-01-15", agreedDate: "2027-01-15", confirmedVia: "seko", liveAt: new Date("2027-01-15T08:00:00Z"), liveBy: "101" } });
    for (const fields of <Record<string, string>[]>[
      { intent: "propose", date: "2027-02-01" },
      { intent: "confirm", date: "2027-02-01", via: "merchant" },
    ]) {
      const refused = await post(fields);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ ok: false, message: DATE_SETTLED });
    }
    expect((await load()).record).toMatchObject({ proposedDate: "2027-01-15", agreedDate: "2027-01-15", confirmedVia: "seko" });
    expect(await db.onboardingActivity.count({ where: { shop: DEMO_SHOP, kind: "go-live" } })).toBe(0);
    expect(await db.onboardingSubmission.count({ where: { shop: DEMO_SHOP, form: AGREED_DATE_FORM } })).toBe(0);
  });

  test("goLiveState reads the shop's own record only", async () => {
    await db.goLive.create({ data: { shop: "other-returns-store.myshopify.com", agreedDate: "2026-12-01", liveAt: new Date("2026-12-01T00:00:00Z"), liveBy: "1" } });
    expect((await goLiveState(DEMO_SHOP)).live).toBe(false);
    expect(await goLiveState("other-returns-store.myshopify.com")).toEqual({ live: true, liveAt: "2026-12-01T00:00:00.000Z", agreedDate: "2026-12-01", stuckDays: null, storefrontPlaced: null });
  });

  test("the agreed date goes to SEKO once: emailed with who agreed it and how, listed on the page as delivered; agreeing it again sends nothing", async () => {
    await post({ intent: "propose", date: "2027-01-15" });
    expect(smtpInbox().messages).toHaveLength(0);
    expect((await post({ intent: "confirm", date: "2027-01-15", via: "seko" }, "202")).body).toMatchObject({ ok: true, message: "Go-live date 15 Jan 2027 agreed and sent to SEKO." });

    const [mail] = smtpInbox().messages;
    expect(smtpInbox().messages).toHaveLength(1);
    expect(mail!.subject).toBe(`Agreed go-live date (version 1) from ${DEMO_SHOP}`);
    // Named as the shop's staff directory has them (the simulated Shopify's online token names everyone Demo Merchant).
    const named = (await staffDirectory(DEMO_SHOP)).label("202");
    expect(named).toBe("Demo Merchant (owner@demo-returns-store.example.com)");
    expect(mail!.text).toContain("Go-live date agreed: 2027-01-15.");
    expect(mail!.text).toContain(`Confirmed by SEKO; recorded in the app by ${named} at `);
    expect(JSON.parse(mail!.attachments[0]!.content)).toMatchObject({
      form: AGREED_DATE_FORM,
      version: 1,
      goLiveDate: "2027-01-15",
      confirmedVia: "seko",
      confirmation: "Confirmed by SEKO",
      agreedBy: { id: "202", name: "Demo Merchant", email: "owner@demo-returns-store.example.com" },
    });
    const view = await load();
    expect(view.submissions).toEqual([expect.objectContaining({ version: 1, deliveryStatus: "sent", submittedBy: named })]);

    // The same date again, by someone else and another way: already agreed, so nothing changes and nothing is sent.
    const again = await post({ intent: "confirm", date: "2027-01-15", via: "merchant" });
    expect(again).toMatchObject({ status: 200, body: { ok: true, message: "Go-live date 15 Jan 2027 was already agreed: nothing changed and nothing was sent to SEKO again." } });
    expect(smtpInbox().messages).toHaveLength(1);
    expect(await db.onboardingSubmission.count({ where: { shop: DEMO_SHOP, form: AGREED_DATE_FORM } })).toBe(1);
    expect((await load()).record).toMatchObject({ agreedDate: "2027-01-15", confirmedVia: "seko", confirmedBy: named, confirmedAt: view.record.confirmedAt });

    // SEKO moves the date: a new agreement, sent as the next version.
    await post({ intent: "confirm", date: "2027-01-20", via: "merchant" });
    expect(smtpInbox().messages.map((message) => message.subject)).toEqual([1, 2].map((version) => `Agreed go-live date (version ${version}) from ${DEMO_SHOP}`));
    expect(JSON.parse(smtpInbox().messages[1]!.attachments[0]!.content)).toMatchObject({ goLiveDate: "2027-01-20", confirmedVia: "merchant", confirmation: "Recorded on SEKO's word" });
  });

  test("an agreed date whose email fails is kept, shown as not delivered, and the delivery job sends it later", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await post({ intent: "propose", date: "2027-01-15" });
    smtpInbox().failNext(1);
    expect((await post({ intent: "confirm", date: "2027-01-15", via: "merchant" })).body).toMatchObject({ ok: true, message: `Go-live date 15 Jan 2027 agreed. ${DATE_NOT_SENT}` });
    const [failed] = (await load()).submissions;
    expect(failed).toMatchObject({ version: 1, deliveryStatus: "failed", attempts: 1 });
    expect(smtpInbox().messages).toHaveLength(0);

    // Its back-off passes: the `delivery` job sends it, once.
    const past = new Date(Date.now() - 1000);
    await db.onboardingSubmission.update({ where: { id: failed!.id }, data: { nextAttemptAt: past } });
    await db.syncJob.updateMany({ where: { kind: "delivery", key: failed!.id }, data: { runAt: past } });
    expect(await drainJobs({ shop: DEMO_SHOP })).toBe(1);
    expect((await load()).submissions).toEqual([expect.objectContaining({ id: failed!.id, deliveryStatus: "sent", attempts: 2 })]);
    expect(smtpInbox().messages.map((message) => message.subject)).toEqual([`Agreed go-live date (version 1) from ${DEMO_SHOP}`]);
    // "Retry now" on a delivered one sends nothing more; an id that is not the shop's is not found.
    expect((await post({ intent: "retry", submissionId: failed!.id })).body).toMatchObject({ ok: true });
    expect(smtpInbox().messages).toHaveLength(1);
    await expect(post({ intent: "retry", submissionId: "not-a-submission" })).rejects.toMatchObject({ status: 404 });
  });

  test("who vouched for the agreed date and the procedure is named, with when, on the page and in the activity log", async () => {
    expect(stated("2026-12-05T13:40:00.000Z")).toBe("5 Dec 2026, 13:40 UTC");
    await post({ intent: "propose", date: "2027-01-15" });
    await post({ intent: "confirm", date: "2027-01-18", via: "merchant" }, "202");
    await post({ intent: "procedure", sopUrl: "https://seko.example/sop" });
    await post({ intent: "acknowledge" }, "303");
    // The records keep the staff ids; the names are the directory's when the page is read.
    await rememberStaff(DEMO_SHOP, { id: 101, first_name: "Sam", last_name: "Owner", email: null });
    await rememberStaff(DEMO_SHOP, { id: 202, first_name: "Ana", last_name: "Returns", email: "ana@example.com" });
    await rememberStaff(DEMO_SHOP, { id: 303, first_name: "Kim", last_name: "Lee", email: "kim@example.com" });

    // In the shop's zone and locale, read from Shopify at the token exchange (the simulated shop is in Auckland).
    const dates = await shopDateSetting(DEMO_SHOP);
    expect(dates).toEqual({ locale: "en-NZ", timeZone: "Pacific/Auckland" });
    expect(stated("2026-12-05T13:40:00.000Z", dates)).toBe("6 Dec 2026, 2:40 am NZDT");
    const { record, vouched } = await load();
    expect(record).toMatchObject({ confirmedBy: "Ana Returns (ana@example.com)", sopAckBy: "Kim Lee (kim@example.com)" });
    expect(vouched).toEqual({
      date: `Agreed: 18 Jan 2027 (recorded on SEKO's word by Ana Returns (ana@example.com) on ${stated(record.confirmedAt!, dates)}).`,
      procedure: `acknowledged by Kim Lee (kim@example.com) on ${stated(record.sopAckAt!, dates)}`,
    });
    expect(vouched.procedure).toMatch(/ on \d{1,2} \w{3} \d{4}, \d{1,2}:\d{2} [ap]m NZ[DS]T$/);
    const { entries } = await activityFeed(DEMO_SHOP);
    expect(entries.filter((entry) => entry.kind === "go-live").map(({ who, action, detail }) => [who, action, detail])).toEqual([
      ["Kim Lee (kim@example.com)", "Acknowledged the customer-service procedure", null],
      ["Sam Owner", "Set the customer-service procedure link", "https://seko.example/sop"],
      ["Ana Returns (ana@example.com)", "Go-live date 18 Jan 2027 agreed", "Recorded on SEKO's word"],
      ["Sam Owner", "Proposed 15 Jan 2027 as the go-live date", null],
    ]);
  });

  test("a storefront field posted with Go live never opens the gate: only what App Bridge reported to the app counts", async () => {
    const storefrontItem = async (fields: Record<string, string>) => {
      const refused = await post({ intent: "go-live", ...fields });
      expect(refused.status).toBe(400);
      return refused.body.open.find((item: { id: string }) => item.id === "storefront");
    };
    expect(await storefrontItem({ storefront: "placed" })).toMatchObject({ done: false, missing: "Your live theme has not been checked yet." });
    await recordStorefrontPlacement(DEMO_SHOP, false);
    expect(await storefrontItem({ storefront: "placed" })).toMatchObject({ done: false, missing: "Your live theme has no returns link: switch the app embed on or add the block." });
    // App Bridge's answer, reported through /app/storefront-placement, closes the item; a posted "missing" does not reopen it.
    await recordStorefrontPlacement(DEMO_SHOP, true);
    expect(await storefrontItem({})).toBeUndefined();
    expect(await storefrontItem({ storefront: "missing" })).toBeUndefined();
    expect((await goLiveState(DEMO_SHOP)).live).toBe(false);
  });
});
