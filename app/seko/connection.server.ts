import { z } from "zod";
import type { SekoCredential } from "@prisma/client";
import { recordActivity } from "~/utils/activity.server";
import { db } from "~/utils/db.server";
import { decrypt, encrypt, shownEnd } from "~/utils/crypto.server";
import { env } from "~/utils/env.server";
import { log } from "~/utils/logger.server";
import { parseSekoConfig, SEKO_ENVIRONMENTS, SEKO_SYSTEM_NAMES, sekoConfig, type SekoConfig, type SekoEnvironment, type SekoSystem } from "./config";
import type { Result, SekoError } from "./errors";
import { createOmniParcelClient } from "./omniparcel.server";
import { createOmniReturnsClient } from "./omnireturns.server";
import { createOmniRpsClient } from "./omnirps.server";

/**
 * A shop's SEKO connection: its settings, its keys (encrypted), and clients
 * built from them. A key is saved as "connected" only after a harmless live
 * call accepted it; a rejected key never replaces one that works.
 */

export const credentialInput = z.discriminatedUnion("system", [
  z.object({
    system: z.literal("omnireturns"),
    environment: z.enum(SEKO_ENVIRONMENTS),
    accessKey: z.string({ error: "Enter the OmniReturns access key SEKO gave you" }).trim().min(8, "Enter the OmniReturns access key SEKO gave you"),
  }),
  z.object({
    system: z.literal("omnirps"),
    environment: z.enum(SEKO_ENVIRONMENTS),
    token: z.string({ error: "Enter the OmniRPS token SEKO gave you" }).trim().min(8, "Enter the OmniRPS token SEKO gave you"),
    retailerName: z.string({ error: "Enter your retailer name exactly as it is spelled in OmniRPS" }).trim().min(1, "Enter your retailer name exactly as it is spelled in OmniRPS"),
  }),
  z.object({
    system: z.literal("omniparcel"),
    environment: z.enum(SEKO_ENVIRONMENTS),
    accessKey: z.string({ error: "Enter the OmniParcel access key for this environment" }).trim().min(8, "Enter the OmniParcel access key for this environment"),
  }),
]);
export type CredentialInput = z.infer<typeof credentialInput>;

/** What the browser may see of a stored key: never the key. */
export type ConnectionView = {
  system: SekoSystem;
  systemName: string;
  environment: SekoEnvironment;
  status: "unchecked" | "connected" | "failed";
  last4: string;
  retailerName: string | null;
  checkedAt: string | null;
  lastError: string | null;
};

/**
 * The shop's settings, checked again on every read: an override saved before a
 * rule existed, or whose host has since left SEKO_HOST_ALLOWLIST, falls back
 * to SEKO's default hosts instead of receiving the key.
 */
export async function getSekoConfig(shop: string, allowedHosts: readonly string[] = env().SEKO_HOST_ALLOWLIST): Promise<SekoConfig> {
  const settings = await db.sekoSettings.findUnique({ where: { shop } });
  if (!settings) return sekoConfig({ allowedHosts: [...allowedHosts] });
  // The allow-list comes last: stored JSON never widens it.
  const parsed = parseSekoConfig({ ...safeJson(settings.overrides), environment: settings.environment, allowedHosts });
  if (!parsed.success) {
    log.warn("seko: stored settings no longer valid; using defaults", { shop });
    return sekoConfig({ environment: settings.environment as SekoEnvironment, allowedHosts: [...allowedHosts] });
  }
  return parsed.data;
}

/** Overrides SEKO may ask for per account: other hosts, another auth header name. */
export const settingsInput = z.object({
  environment: z.enum(SEKO_ENVIRONMENTS),
  omniparcelBaseUrl: z.string().trim().optional(),
  omnireturnsBaseUrl: z.string().trim().optional(),
  omnirpsBaseUrl: z.string().trim().optional(),
  omniparcelAuthHeader: z.string().trim().optional(),
  omnireturnsAuthHeader: z.string().trim().optional(),
  omnirpsAuthHeader: z.string().trim().optional(),
});

/**
 * Saves the overrides only when every one is valid: a refused host (plain
 * http, an IP address, a host that is not SEKO's nor allow-listed) comes back
 * as a field error and the settings saved before stay as they were.
 */
export async function saveSekoSettings(shop: string, input: z.infer<typeof settingsInput>, by: string, allowedHosts: readonly string[] = env().SEKO_HOST_ALLOWLIST) {
  const overrides = Object.fromEntries(
    (["omniparcel", "omnireturns", "omnirps"] as const).map((system) => [
      system,
      {
        ...(input[`${system}BaseUrl`] ? { baseUrl: input[`${system}BaseUrl`] } : {}),
        ...(input[`${system}AuthHeader`] ? { authHeader: input[`${system}AuthHeader`] } : {}),
      },
    ]),
  );
  const parsed = parseSekoConfig({ ...overrides, environment: input.environment, allowedHosts });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const [system, field] = issue.path as [string, string];
      fieldErrors[`${system}${field === "baseUrl" ? "BaseUrl" : "AuthHeader"}`] = issue.message;
    }
    return { ok: false as const, fieldErrors };
  }
  const before = await db.sekoSettings.findUnique({ where: { shop }, select: { environment: true } });
  await db.sekoSettings.upsert({
    where: { shop },
    create: { shop, environment: input.environment, overrides: JSON.stringify(overrides) },
    update: { environment: input.environment, overrides: JSON.stringify(overrides) },
  });
  const previous = before?.environment ?? sekoConfig().environment;
  if (previous !== input.environment) {
    await recordActivity(shop, {
      kind: "seko.environment",
      actor: by,
      action: `Switched SEKO to ${ENVIRONMENT_NAMES[input.environment]}`,
      detail: `Was ${ENVIRONMENT_NAMES[previous as SekoEnvironment] ?? previous}`,
    });
  }
  return { ok: true as const };
}

export async function listConnections(shop: string): Promise<ConnectionView[]> {
  const rows = await db.sekoCredential.findMany({ where: { shop }, orderBy: [{ system: "asc" }, { environment: "asc" }] });
  return rows.map(toView);
}

function toView(row: SekoCredential): ConnectionView {
  const system = row.system as SekoSystem;
  return {
    system,
    systemName: SEKO_SYSTEM_NAMES[system],
    environment: row.environment as SekoEnvironment,
    status: row.status as ConnectionView["status"],
    last4: row.secretLast4,
    retailerName: row.label,
    checkedAt: row.checkedAt?.toISOString() ?? null,
    lastError: row.lastError,
  };
}

const ENVIRONMENT_NAMES: Record<SekoEnvironment, string> = { test: "Test", production: "Production" };
/** "OmniRPS (Production)": the words the log uses for one stored key. */
const keyName = (system: SekoSystem, environment: SekoEnvironment) => `${SEKO_SYSTEM_NAMES[system]} (${ENVIRONMENT_NAMES[environment]})`;

function secretOf(input: CredentialInput) {
  return input.system === "omnirps" ? input.token : input.accessKey;
}

async function check(config: SekoConfig, input: CredentialInput): Promise<Result<unknown>> {
  const scoped = { ...config, environment: input.environment };
  switch (input.system) {
    case "omnireturns":
      return createOmniReturnsClient(scoped, { accessKey: input.accessKey }).checkConnection();
    case "omnirps":
      return createOmniRpsClient(scoped, { token: input.token, retailerName: input.retailerName }).checkConnection();
    case "omniparcel":
      return createOmniParcelClient(scoped, { accessKey: input.accessKey }).checkConnection();
  }
}

/** The form fields a refused key concerns, with what to fix in each. */
export type KeyFieldErrors = Partial<Record<"accessKey" | "token" | "retailerName", string>>;

/**
 * Which value SEKO refused, in words for the field that holds it. SEKO answers
 * a bad OmniRPS token and a misspelt retailer name alike, so the key saved
 * before tells them apart: the saved token with a new name means the name is
 * wrong; the saved name with a new token means the token is. Without a saved
 * key both fields say what to check.
 */
export async function refusedKeyFields(shop: string, input: CredentialInput): Promise<KeyFieldErrors> {
  const where = ENVIRONMENT_NAMES[input.environment];
  if (input.system !== "omnirps") {
    return { accessKey: `${SEKO_SYSTEM_NAMES[input.system]} did not accept this access key for ${where}. Check it was copied in full and is the ${where.toLowerCase()} key.` };
  }
  const saved = await db.sekoCredential.findUnique({
    where: { shop_system_environment: { shop, system: input.system, environment: input.environment } },
  });
  if (saved?.status === "connected" && saved.label) {
    const sameToken = decrypt(saved.secret) === input.token;
    if (sameToken && saved.label !== input.retailerName) {
      return { retailerName: `OmniRPS accepts your saved token with the retailer name "${saved.label}", not "${input.retailerName}". Enter the name exactly as spelled in OmniRPS.` };
    }
    if (!sameToken && saved.label === input.retailerName) {
      return { token: `OmniRPS did not accept this token for "${input.retailerName}" (the name is the one that works with your saved token). Check the token was copied in full.` };
    }
  }
  return {
    token: `OmniRPS did not accept this token with the retailer name "${input.retailerName}". Check the token was copied in full for ${where}.`,
    retailerName: "Check the retailer name too: it must be spelled exactly as in OmniRPS, capitals and spaces included.",
  };
}

/**
 * Checks the key with SEKO, then stores it encrypted as connected. A key SEKO
 * rejects is not stored: the error is returned (with the fields it concerns
 * when SEKO refused the key itself) and whatever was saved before stays.
 */
export async function connect(shop: string, input: CredentialInput, by: string): Promise<{ ok: true } | { ok: false; error: SekoError; fieldErrors?: KeyFieldErrors }> {
  const result = await check(await getSekoConfig(shop), input);
  if (!result.ok) return result.error.kind === "auth" ? { ...result, fieldErrors: await refusedKeyFields(shop, input) } : result;
  const secret = secretOf(input);
  const data = {
    secret: encrypt(secret),
    secretLast4: shownEnd(secret),
    label: input.system === "omnirps" ? input.retailerName : null,
    status: "connected",
    checkedAt: new Date(),
    lastError: null,
  };
  await db.sekoCredential.upsert({
    where: { shop_system_environment: { shop, system: input.system, environment: input.environment } },
    create: { shop, system: input.system, environment: input.environment, ...data },
    update: data,
  });
  log.info("seko: credential connected", { shop, system: input.system, environment: input.environment });
  await recordActivity(shop, {
    kind: "seko.connected",
    actor: by,
    action: `Connected ${keyName(input.system, input.environment)}`,
    detail: data.label ? `Retailer ${data.label}` : null,
  });
  return { ok: true };
}

/** Re-runs the live check for a stored key and records the outcome. */
export async function recheck(shop: string, system: SekoSystem, environment: SekoEnvironment, by: string) {
  const row = await db.sekoCredential.findUnique({ where: { shop_system_environment: { shop, system, environment } } });
  if (!row) return null;
  const secret = decrypt(row.secret);
  const input: CredentialInput = system === "omnirps" ? { system, environment, token: secret, retailerName: row.label ?? "" } : { system, environment, accessKey: secret };
  const result = await check(await getSekoConfig(shop), input);
  await db.sekoCredential.update({
    where: { id: row.id },
    data: {
      status: result.ok ? "connected" : "failed",
      checkedAt: new Date(),
      lastError: result.ok ? null : result.error.message,
    },
  });
  // "Checked", never "connected": step 3 reads "Connected <system>" entries as connections.
  await recordActivity(shop, {
    kind: "seko.checked",
    actor: by,
    action: `Checked the ${keyName(system, environment)} key`,
    detail: result.ok ? "SEKO accepted it" : `SEKO refused it: ${result.error.message}`,
  });
  return result;
}

export async function disconnect(shop: string, system: SekoSystem, environment: SekoEnvironment, by: string) {
  const { count } = await db.sekoCredential.deleteMany({ where: { shop, system, environment } });
  if (count) await recordActivity(shop, { kind: "seko.removed", actor: by, action: `Removed the ${keyName(system, environment)} key` });
}

/**
 * Clients for the shop's active environment, for the features that call SEKO;
 * or for `environment` (test returns always use the test environment's keys).
 */
export async function sekoClients(shop: string, environment?: SekoEnvironment) {
  const stored = await getSekoConfig(shop);
  const config = environment ? { ...stored, environment } : stored;
  const rows = await db.sekoCredential.findMany({ where: { shop, environment: config.environment, status: "connected" } });
  const find = (system: SekoSystem) => rows.find((row) => row.system === system);
  const omnireturns = find("omnireturns");
  const omnirps = find("omnirps");
  const omniparcel = find("omniparcel");
  return {
    config,
    omnireturns: omnireturns ? createOmniReturnsClient(config, { accessKey: decrypt(omnireturns.secret) }) : null,
    omnirps: omnirps ? createOmniRpsClient(config, { token: decrypt(omnirps.secret), retailerName: omnirps.label ?? "" }) : null,
    omniparcel: omniparcel ? createOmniParcelClient(config, { accessKey: decrypt(omniparcel.secret) }) : null,
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
