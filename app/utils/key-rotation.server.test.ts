import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { Prisma } from "@prisma/client";
import { Session } from "@shopify/shopify-api";
import { afterEach, describe, expect, test, vi } from "vitest";
import { loadFormState } from "~/forms/form-state.server";
import { sekoClients } from "~/seko/connection.server";
import { EncryptedSessionStorage, forgetCachedSessions } from "~/shopify/session-storage.server";
import { decrypt, encrypt, isEncrypted, needsReencryption } from "./crypto.server";
import { db } from "./db.server";
import { env } from "./env.server";
import { configureJobs, jobSettings } from "./job-queue.server";
import { acquireLock } from "./leases.server";
import { ENCRYPTED_COLUMNS, progressLine, remainingValues, rotateEncryptionKey, rotateRow, startKeyRotation } from "./key-rotation.server";

const SHOP = "rotation.myshopify.com";
const original = { ...env() };
const newKey = original.ENCRYPTION_KEY;
const oldKey = randomBytes(32).toString("base64");
afterEach(() => Object.assign(env(), original));

/** Between deploys: ENCRYPTION_KEY is the new key, ENCRYPTION_KEY_PREVIOUS the old one. */
const rotating = () => Object.assign(env(), { ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: oldKey });
const afterRotation = () => Object.assign(env(), { ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: undefined });

const tokens = ["shpat_one_0001", "shpat_two_0002", "shpat_three_0003", "shpat_four_0004", "shpat_five_0005"];
const storage = new EncryptedSessionStorage(db);

/** Secrets written by the app's own writers while ENCRYPTION_KEY was the old key (plus a session from before encryption). */
async function seedUnderOldKey() {
  Object.assign(env(), { ENCRYPTION_KEY: oldKey, ENCRYPTION_KEY_PREVIOUS: undefined });
  for (const [i, token] of tokens.entries()) {
    const session = new Session({ id: `offline_shop${i}.myshopify.com`, shop: `shop${i}.myshopify.com`, state: "s", isOnline: false, scope: "read_orders", accessToken: token });
    if (i === 0) Object.assign(session, { refreshToken: "shprt_refresh_0001", refreshTokenExpires: new Date(Date.now() + 86_400_000) });
    await storage.storeSession(session);
  }
  await db.session.create({ data: { id: "offline_legacy.myshopify.com", shop: "legacy.myshopify.com", state: "s", accessToken: "shpat_legacy_plaintext" } });
  await db.sekoCredential.create({ data: { shop: SHOP, system: "omnireturns", environment: "test", secret: encrypt("omnireturns-key-0001"), status: "connected" } });
  await db.sekoCredential.create({ data: { shop: SHOP, system: "omniparcel", environment: "test", secret: encrypt("omniparcel-key-0002"), status: "connected" } });
  const secrets = encrypt(JSON.stringify({ apiKey: "auspost-key-1234", apiSecret: "auspost-secret-5678" }));
  await db.onboardingSection.create({ data: { shop: SHOP, form: "australia-post", section: "account", answers: "{}", secrets, savedBy: "1" } });
  await db.onboardingSection.create({ data: { shop: SHOP, form: "australia-post", section: "choice", answers: '{"useOwnAccount":"yes"}', savedBy: "1" } });
  forgetCachedSessions();
}

/** Every stored secret, raw. */
async function storedValues() {
  const sessions = await db.session.findMany({ orderBy: { id: "asc" } });
  const credentials = await db.sekoCredential.findMany({ orderBy: { id: "asc" } });
  const sections = await db.onboardingSection.findMany({ orderBy: { id: "asc" } });
  return [...sessions.flatMap((row) => [row.accessToken, row.refreshToken]), ...credentials.map((row) => row.secret), ...sections.map((row) => row.secrets)].filter(
    (value): value is string => !!value,
  );
}

/** The app's own readers, as pages, webhooks and jobs use them. */
async function readEverything() {
  forgetCachedSessions();
  const sessions = await Promise.all(tokens.map((_, i) => storage.loadSession(`offline_shop${i}.myshopify.com`)));
  const legacy = await storage.loadSession("offline_legacy.myshopify.com");
  const clients = await sekoClients(SHOP, "test");
  const form = await loadFormState(SHOP, "australia-post");
  return {
    tokens: sessions.map((session) => session?.accessToken),
    refreshToken: sessions[0]?.refreshToken,
    legacy: legacy?.accessToken,
    seko: { omnireturns: clients.omnireturns !== null, omniparcel: clients.omniparcel !== null },
    secretsShown: form.account?.secretsLast4,
  };
}

const everythingRead = {
  tokens,
  refreshToken: "shprt_refresh_0001",
  legacy: "shpat_legacy_plaintext",
  seko: { omnireturns: true, omniparcel: true },
  secretsShown: { apiKey: "1234", apiSecret: "5678" },
};

describe("key rotation", () => {
  test("re-encrypts every secret under the new key, with progress, and the previous key can then be removed", async () => {
    await seedUnderOldKey();
    rotating();
    expect(await readEverything()).toEqual(everythingRead);
    expect(await remainingValues()).toBe(10); // 6 tokens (one in clear) + 1 refresh token + 2 SEKO keys + 1 section

    const lines: string[] = [];
    const report = await rotateEncryptionKey({ batchSize: 4, onProgress: (progress) => lines.push(progressLine(progress)) });
    expect(lines).toEqual([
      "Session: 4 of 6 rows checked, 4 re-encrypted",
      "Session: 6 of 6 rows checked, 6 re-encrypted",
      "SekoCredential: 2 of 2 rows checked, 2 re-encrypted",
      "OnboardingSection: 2 of 2 rows checked, 1 re-encrypted",
      "AppKey: 0 of 0 rows checked, 0 re-encrypted",
    ]);
    expect(report.remaining).toBe(0);

    afterRotation();
    for (const value of await storedValues()) {
      expect(isEncrypted(value), value).toBe(true);
      expect(needsReencryption(value)).toBe(false);
      expect(value).not.toMatch(/shpat_|shprt_|-key-|auspost/);
    }
    expect(await readEverything()).toEqual(everythingRead);
  });

  test("without it, removing the previous key breaks the reads", async () => {
    await seedUnderOldKey();
    afterRotation();
    await expect(readEverything()).rejects.toThrow(/ENCRYPTION_KEY_PREVIOUS/);
  });

  test("is idempotent: a second run rewrites nothing", async () => {
    await seedUnderOldKey();
    rotating();
    await rotateEncryptionKey();
    const before = await storedValues();
    const report = await rotateEncryptionKey();
    expect(report.tables.map((table) => table.rewritten)).toEqual([0, 0, 0, 0]);
    expect(report.remaining).toBe(0);
    expect(await storedValues()).toEqual(before);
  });

  test("resumes where a stopped run left off", async () => {
    await seedUnderOldKey();
    rotating();
    let steps = 0;
    const stopped = await rotateEncryptionKey({ batchSize: 2, keepGoing: () => steps++ < 2 });
    expect(stopped.tables).toHaveLength(1);
    expect(stopped.tables[0]).toMatchObject({ table: "Session", checked: 4, rewritten: 4 });
    expect(stopped.remaining).toBe(5); // the last two sessions, both SEKO keys, the section
    const resumed = await rotateEncryptionKey({ batchSize: 2 });
    expect(resumed.tables.map((table) => table.rewritten)).toEqual([2, 2, 1, 0]);
    expect(resumed.remaining).toBe(0);
    afterRotation();
    expect(await readEverything()).toEqual(everythingRead);
  });

  test("a row changed after it was read is left as the app wrote it, not overwritten with the older secret", async () => {
    await seedUnderOldKey();
    rotating();
    const table = ENCRYPTED_COLUMNS.find((entry) => entry.table === "SekoCredential")!;
    const [read] = await db.$queryRawUnsafe<{ id: string; secret: string }[]>(`SELECT "id", "secret" FROM "SekoCredential" WHERE "system" = 'omnireturns'`);
    // The merchant saves a new key between the rotation's read and its write.
    await db.sekoCredential.update({ where: { id: read!.id }, data: { secret: encrypt("omnireturns-key-NEW9") } });
    expect(await rotateRow(table, read!)).toEqual({ outcome: "changed", unreadable: [] });
    const row = await db.sekoCredential.findUniqueOrThrow({ where: { id: read!.id } });
    afterRotation();
    expect(decrypt(row.secret)).toBe("omnireturns-key-NEW9");
  });

  test("a value no key at hand decrypts is reported and left untouched; the rest is rotated", async () => {
    await seedUnderOldKey();
    Object.assign(env(), { ENCRYPTION_KEY: randomBytes(32).toString("base64") });
    const lost = encrypt("under-a-forgotten-key");
    const credential = await db.sekoCredential.create({ data: { shop: SHOP, system: "omnirps", environment: "test", secret: lost, status: "connected" } });
    rotating();
    const report = await rotateEncryptionKey();
    expect(report.tables.find((table) => table.table === "SekoCredential")).toMatchObject({ rewritten: 2, unreadable: [`SekoCredential ${credential.id} secret`] });
    expect(report.remaining).toBe(1);
    expect((await db.sekoCredential.findUniqueOrThrow({ where: { id: credential.id } })).secret).toBe(lost);
  });

  test("runs at server start while ENCRYPTION_KEY_PREVIOUS is set, in the instance holding the rotation lease, and releases it", async () => {
    await seedUnderOldKey();
    rotating();
    Object.assign(env(), { LOG_LEVEL: "info" });
    const logged = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const lines = () => logged.mock.calls.map(([line]) => String(line));
    // Another instance holds the lease and then dies: this one waits, takes it over once it has run out, and rotates.
    const leaseMs = jobSettings.leaseMs;
    configureJobs({ leaseMs: 300 });
    try {
      expect(await acquireLock("", "key-rotation", "other-instance", 300)).toBe(true);
      startKeyRotation();
      await vi.waitFor(() => expect(lines().some((line) => line.includes("another instance is re-encrypting secrets"))).toBe(true));
      expect(await remainingValues()).toBe(10);
      await vi.waitFor(async () => expect(await remainingValues()).toBe(0), { timeout: 10_000 });
      await vi.waitFor(async () => expect(await db.syncLock.count({ where: { name: "key-rotation" } })).toBe(0));
      expect(lines().some((line) => line.includes("key rotation: Session: 6 of 6 rows checked, 6 re-encrypted"))).toBe(true);
      expect(lines().some((line) => line.includes("ENCRYPTION_KEY_PREVIOUS can be removed"))).toBe(true);
    } finally {
      configureJobs({ leaseMs });
      logged.mockRestore();
    }
    afterRotation();
    expect(await readEverything()).toEqual(everythingRead);
  });

  test("`npm run rotate-keys` rotates the database DATABASE_URL names, printing its progress", async () => {
    await seedUnderOldKey();
    const run = promisify(execFile)(path.join("node_modules", ".bin", "tsx"), ["prisma/rotate-keys.ts"], {
      env: { ...process.env, ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: oldKey },
    });
    const { stdout } = await run;
    expect(stdout).toContain("Session: 6 of 6 rows checked, 6 re-encrypted");
    expect(stdout).toContain("SekoCredential: 2 of 2 rows checked, 2 re-encrypted");
    expect(stdout).toContain("OnboardingSection: 2 of 2 rows checked, 1 re-encrypted");
    expect(stdout).toContain("Done: every secret is under ENCRYPTION_KEY. ENCRYPTION_KEY_PREVIOUS can be removed.");
    afterRotation();
    expect(await readEverything()).toEqual(everythingRead);
  }, 60_000);
});

describe("the list of encrypted columns", () => {
  test("names existing columns", () => {
    for (const { table, columns } of ENCRYPTED_COLUMNS) {
      const model = Prisma.dmmf.datamodel.models.find((entry) => entry.name === table);
      expect(model, table).toBeDefined();
      for (const column of columns)
        expect(
          model!.fields.map((field) => field.name),
          `${table}.${column}`,
        ).toContain(column);
    }
  });

  test("covers every module that encrypts: a new caller of encrypt() adds its column to ENCRYPTED_COLUMNS", () => {
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
    const callers = files("app")
      .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.endsWith(path.join("utils", "crypto.server.ts")) && !file.endsWith("key-rotation.server.ts"))
      .filter((file) => /\bencrypt\(/.test(fs.readFileSync(file, "utf8")))
      .sort();
    expect(callers).toEqual([
      path.join("app", "forms", "form-state.server.ts"),
      path.join("app", "seko", "connection.server.ts"),
      path.join("app", "shopify", "session-storage.server.ts"),
      path.join("app", "utils", "app-keys.server.ts"),
    ]);
  });
});
