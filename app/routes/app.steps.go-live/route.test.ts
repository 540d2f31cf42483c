import { describe, expect, test } from "vitest";
import { SEKO_TEST_KEYS } from "#tests/mocks/seko";
import { DEMO_SHOP } from "#tests/setup/config";
import { adminRequest } from "#tests/setup/requests";
import { getGuide } from "~/guide/guide.server";
import { goLiveState } from "~/launch/go-live.server";
import type { SekoEnvironment } from "~/seko/config";
import { connect, saveSekoSettings } from "~/seko/connection.server";
import { db } from "~/utils/db.server";
import { DATE_SETTLED } from "./actions.server";
import * as route from "./route";

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
    const log = await db.onboardingActivity.findMany({ where: { shop: DEMO_SHOP, kind: "go-live" }, orderBy: { createdAt: "asc" } });
    expect(log.map((entry) => [entry.actor, entry.action])).toEqual([
      ["101", "Proposed 2027-01-15 as the go-live date"],
      ["202", "Go-live date 2027-01-18 agreed"],
    ]);
  });

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
  });

  test("goLiveState reads the shop's own record only", async () => {
    await db.goLive.create({ data: { shop: "other-returns-store.myshopify.com", agreedDate: "2026-12-01", liveAt: new Date("2026-12-01T00:00:00Z"), liveBy: "1" } });
    expect((await goLiveState(DEMO_SHOP)).live).toBe(false);
    expect(await goLiveState("other-returns-store.myshopify.com")).toEqual({ live: true, liveAt: "2026-12-01T00:00:00.000Z", agreedDate: "2026-12-01", stuckDays: null, storefrontPlaced: null });
  });
});
