import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { smtpInbox } from "#tests/mocks/smtp";
import { DEMO_SHOP } from "#tests/setup/config";
import { APP_URL, adminRequest } from "#tests/setup/requests";
import { HANDOVER_LINKS, HANDOVER_TTL_MS, hashToken } from "~/handover/secret-handover.server";
import { activityFeed } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format-date";
import { shopDateSetting } from "~/utils/shop-dates.server";
import * as australia from "./app.steps.australia-returns";
import * as handover from "./handover";

const STEP = "/app/steps/australia-returns";
const API_KEY = "ak_live_5fa1c0ffee9f3a";
const API_SECRET = "sk_live_secretvalue_c0de";

type Result = { status: number; body: Record<string, any>; headers: Headers };

function unwrap(result: unknown): Result {
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const { data, init } = result as { data: Record<string, any>; init?: { status?: number; headers?: HeadersInit } };
    return { status: init?.status ?? 200, body: data, headers: new Headers(init?.headers) };
  }
  return { status: 200, body: result as Record<string, any>, headers: new Headers() };
}

async function step(fields: [string, string][], userId = "4242"): Promise<Result> {
  const request = adminRequest(STEP, { shop: DEMO_SHOP, userId, init: { method: "POST", body: new URLSearchParams(fields) } });
  return unwrap(await australia.action({ request, params: {}, context: {} }));
}

async function saveKeys() {
  await step([
    ["intent", "save-section"],
    ["section", "choice"],
    ["useOwnAccount", "yes"],
  ]);
  return step([
    ["intent", "save-section"],
    ["section", "account"],
    ["accountNumber", "1234567890"],
    ["apiKey", API_KEY],
    ["apiSecret", API_SECRET],
    ["returnProducts", "PR"],
  ]);
}

function linkTokens(): string[] {
  return smtpInbox()
    .messages.flatMap((mail) => [...mail.text.matchAll(/\/handover#([A-Za-z0-9_-]+)/g)])
    .map((match) => match[1]!);
}

/** SEKO's account manager opening the link: the page posts the token from the fragment with their name. */
async function reveal(token: string, name = "Sam from SEKO"): Promise<Result> {
  const request = new Request(`${APP_URL}/handover`, {
    method: "POST",
    body: new URLSearchParams({ token, name }),
    headers: { "user-agent": "Mail client", "x-forwarded-for": "192.0.2.10" },
  });
  return unwrap(await handover.action({ request, params: {}, context: {} }));
}

const status = async () => (await australia.loader({ request: adminRequest(STEP, { shop: DEMO_SHOP }), params: {}, context: {} })).handover;

// Everything written to the console during a test, to prove the hand-over never reaches a log.
let output: string[] = [];
beforeEach(() => {
  output = [];
  for (const method of ["log", "info", "warn", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(" ")));
  }
});
afterEach(() => vi.useRealTimers());

describe("step 4 replies never carry the secrets", () => {
  test("a saved section answers with masks only", async () => {
    const saved = await saveKeys();
    expect(saved.status).toBe(200);
    const json = JSON.stringify(saved.body);
    expect(json).not.toContain(API_KEY);
    expect(json).not.toContain(API_SECRET);
    expect(saved.body.result.initialValue).toMatchObject({ apiKey: "••••9f3a", apiSecret: "••••c0de", accountNumber: "1234567890" });
  });

  test("a section with an error answers with masks only", async () => {
    const invalid = await step([
      ["intent", "save-section"],
      ["section", "account"],
      ["accountNumber", "x".repeat(400)],
      ["apiKey", API_KEY],
      ["apiSecret", "abc"],
    ]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.result.error).toHaveProperty("apiSecret");
    const json = JSON.stringify(invalid.body);
    expect(json).not.toContain(API_KEY);
    // Too short to show even its end.
    expect(json).not.toContain('"abc"');
    expect(invalid.body.result.initialValue).toMatchObject({ apiKey: "••••9f3a", apiSecret: "••••" });
  });
});

describe("the one-time hand-over link", () => {
  test("is emailed with the step 4 submission, keeps only its hash, and shows the keys once", async () => {
    await saveKeys();
    expect((await step([["intent", "submit"]])).body).toMatchObject({ ok: true, delivered: true });
    const [submissionMail, linkMail] = smtpInbox().messages;
    expect(submissionMail!.raw).not.toContain(API_KEY);
    expect(linkMail!.subject).toContain("one-time link");
    expect(linkMail!.raw).not.toContain(API_KEY);
    expect(linkMail!.raw).not.toContain(API_SECRET);
    const [token] = linkTokens();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const row = await db.secretHandover.findFirstOrThrow();
    expect(row.tokenHash).toBe(hashToken(token!));
    expect(JSON.stringify(await db.secretHandover.findMany())).not.toContain(token);
    expect(row.expiresAt.getTime() - row.issuedAt.getTime()).toBe(HANDOVER_TTL_MS);
    expect(await status()).toMatchObject({ status: "sent" });

    const shown = await reveal(token!);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("cache-control")).toBe("no-store");
    expect(shown.body).toMatchObject({
      ok: true,
      shop: DEMO_SHOP,
      secrets: [
        { label: "API key", value: API_KEY },
        { label: "API secret (password)", value: API_SECRET },
      ],
    });
    expect(await db.secretHandover.findFirstOrThrow()).toMatchObject({ usedByName: "Sam from SEKO", usedUserAgent: "Mail client", usedIp: "unknown" });

    const again = await reveal(token!);
    expect(again.status).toBe(410);
    expect(JSON.stringify(again.body)).not.toContain(API_KEY);
    expect(await status()).toMatchObject({ status: "received", by: "Sam from SEKO" });

    // Nothing of the hand-over reached a log line.
    const logs = output.join("\n");
    for (const secret of [token!, API_KEY, API_SECRET]) expect(logs).not.toContain(secret);
  });

  test("expires after 72 hours", async () => {
    await saveKeys();
    await step([["intent", "new-handover"]]);
    const [token] = linkTokens();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + HANDOVER_TTL_MS + 1000);
    const late = await reveal(token!);
    expect(late).toMatchObject({ status: 410, body: { ok: false, message: expect.stringContaining("expired") } });
    expect(await status()).toMatchObject({ status: "expired" });
  });

  test("a wrong or incomplete token shows nothing", async () => {
    await saveKeys();
    await step([["intent", "new-handover"]]);
    const [token] = linkTokens();
    const wrong = await reveal(`${token!.slice(0, -2)}xx`);
    expect(wrong.status).toBe(404);
    const incomplete = await reveal("abc");
    expect(incomplete.status).toBe(400);
    for (const answer of [wrong, incomplete]) expect(JSON.stringify(answer.body)).not.toContain(API_KEY);
    // The real link still works afterwards.
    expect((await reveal(token!)).status).toBe(200);
  });

  test("the activity log says when the link expires in the shop's time, never as an ISO timestamp", async () => {
    await saveKeys();
    expect((await step([["intent", "new-handover"]])).body).toMatchObject({ ok: true, emailed: true });
    const link = await db.secretHandover.findFirstOrThrow({ where: { section: { shop: DEMO_SHOP } }, orderBy: { issuedAt: "desc" } });
    const [entry] = (await activityFeed(DEMO_SHOP)).entries.filter((e) => e.action === "Sent SEKO a one-time link to the Australia Post keys");
    // The demo shop is in Auckland, in English (en-NZ).
    expect(entry?.detail).toBe(`Expires ${formatDate(link.expiresAt, "date-time", { locale: "en-NZ", timeZone: "Pacific/Auckland" })}`);
    expect(entry?.detail).toMatch(/^Expires \d{1,2} \w{3} \d{4}, \d{1,2}:\d{2}\s[ap]m NZ[DS]T$/);
  });

  test("a new link replaces the old one", async () => {
    await saveKeys();
    await step([["intent", "new-handover"]]);
    await step([["intent", "new-handover"]]);
    const [first, second] = linkTokens();
    expect((await reveal(first!)).status).toBe(410);
    expect((await reveal(second!)).status).toBe(200);
  });

  test("a link whose email failed is dead, and the merchant is told to send another", async () => {
    await saveKeys();
    smtpInbox().failNext();
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(" ")));
    expect((await step([["intent", "new-handover"]])).body).toMatchObject({ ok: true, emailed: false });
    // The merchant reads a plain reason; the server's reply is in the log only.
    expect(await status()).toEqual({
      status: "not-emailed",
      issuedAt: expect.any(String),
      error: "The mail server could not take the message just now. Try again in a few minutes; if it keeps failing, contact support.",
    });
    expect(output.join("\n")).toContain("could not be emailed");
    expect(output.join("\n")).toContain("Mailbox temporarily unavailable");
    expect(output.join("\n")).not.toContain(API_KEY);
  });

  test(`at most ${HANDOVER_LINKS.limit} links an hour per shop, counted in the database: the next is refused with when to try again, and the last link still works`, async () => {
    await saveKeys();
    for (let sent = 0; sent < HANDOVER_LINKS.limit; sent++) expect((await step([["intent", "new-handover"]])).body).toMatchObject({ ok: true, emailed: true });
    const window = await db.shopQuota.findUniqueOrThrow({ where: { shop_name: { shop: DEMO_SHOP, name: HANDOVER_LINKS.name } } });
    // When, in the shop's zone and locale (the demo shop is in Auckland).
    const again = formatDate(new Date(window.windowStart.getTime() + HANDOVER_LINKS.windowMs), "time", await shopDateSetting(DEMO_SHOP));
    expect(again).toMatch(/^\d{1,2}:\d{2}\s[ap]m NZ[DS]T$/);
    expect(await step([["intent", "new-handover"]])).toMatchObject({
      status: 429,
      body: { ok: false, message: `You can send SEKO up to ${HANDOVER_LINKS.limit} links an hour; try again after ${again}.` },
    });
    const tokens = linkTokens();
    expect(tokens).toHaveLength(HANDOVER_LINKS.limit);
    // The refused request revoked nothing: the last link sent opens.
    expect((await reveal(tokens.at(-1)!)).status).toBe(200);
  }, 30_000);

  test("goes with the shop's data: erasing the sections erases the links", async () => {
    await saveKeys();
    await step([["intent", "new-handover"]]);
    await db.onboardingSection.deleteMany({ where: { shop: DEMO_SHOP } });
    expect(await db.secretHandover.count()).toBe(0);
  });

  test("needs saved keys first", async () => {
    const answer = await step([["intent", "new-handover"]]);
    expect(answer).toMatchObject({ status: 400, body: { ok: false, message: expect.stringContaining("Save your Australia Post API key") } });
  });

  test("the page itself is never cached", async () => {
    const page = unwrap(await handover.loader());
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
  });
});
