/**
 * How the Australia Post API key and secret reach SEKO (docs/decisions/008):
 * a one-time link emailed to the account manager. The token is random, only
 * its SHA-256 is stored, it expires, and the first reveal uses it up. The
 * token travels in the link's fragment (#...), which browsers never send, so
 * no access log or referrer carries it; the page posts it back to reveal.
 */
import { createHash, randomBytes } from "node:crypto";
import { db } from "~/utils/db.server";
import { decrypt } from "~/utils/crypto.server";
import { env } from "~/utils/env.server";
import { DEFAULT_DATE_SETTING, formatDate, type DateSetting } from "~/utils/format-date";
import { mailFailureReason } from "~/utils/mail.server";
import { shopDateSetting } from "~/utils/shop-dates.server";
import { takeShopQuota, type Quota } from "~/utils/shop-quota.server";
import { log } from "~/utils/logger.server";
import { recordActivity } from "~/utils/activity.server";
import { emailSeko } from "~/outbox/submissions.server";
import { FORMS } from "~/forms/questions";

export const HANDOVER_TTL_MS = 72 * 60 * 60_000;
/** Links a shop may send SEKO in an hour (each is an email to SEKO's account manager), counted in the database. */
export const HANDOVER_LINKS: Quota = { name: "handover-link", limit: 5, windowMs: 60 * 60_000 };
const FORM = "australia-post" as const;

export function hashToken(token: string) {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function handoverUrl(token: string) {
  return new URL(`/handover#${token}`, env().SHOPIFY_APP_URL).toString();
}

/** The step 4 section that holds the secrets, if any were saved. */
async function secretSection(shop: string) {
  return db.onboardingSection.findFirst({ where: { shop, form: FORM, secrets: { not: null } }, orderBy: { updatedAt: "desc" } });
}

export type IssueResult = { ok: true; emailed: boolean; expiresAt: string } | { ok: false; message: string; limited?: true };

/**
 * Issues a new link (revoking any unused one) and emails it to SEKO. The
 * token is never stored, so an email that fails is not retried: the merchant
 * issues another link, up to {@link HANDOVER_LINKS} an hour (`dates` writes
 * when the next one may go).
 */
export async function issueHandover(shop: string, actor: string, options: { onlyIfSecrets?: boolean; dates?: DateSetting } = {}): Promise<IssueResult> {
  const section = await secretSection(shop);
  if (!section) {
    if (options.onlyIfSecrets) return { ok: false, message: "No API key or secret is saved." };
    return { ok: false, message: "Save your Australia Post API key and secret first." };
  }
  const allowed = await takeShopQuota(shop, HANDOVER_LINKS);
  if (!allowed.ok) {
    const after = formatDate(allowed.retryAt, "time", options.dates ?? DEFAULT_DATE_SETTING);
    return { ok: false, limited: true, message: `You can send SEKO up to ${HANDOVER_LINKS.limit} links an hour; try again after ${after}.` };
  }
  const token = randomBytes(32).toString("base64url");
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + HANDOVER_TTL_MS);
  const handover = await db.$transaction(async (tx) => {
    await tx.secretHandover.updateMany({ where: { sectionId: section.id, usedAt: null, revokedAt: null }, data: { revokedAt: issuedAt } });
    return tx.secretHandover.create({ data: { sectionId: section.id, tokenHash: hashToken(token), issuedBy: actor, issuedAt, expiresAt } });
  });
  let emailed = true;
  try {
    await emailSeko({
      subject: `${FORMS[FORM].title}: Australia Post API credentials for ${shop} (one-time link)`,
      text: [
        `${shop} has given its Australia Post eParcel API key and secret for Australian returns.`,
        "For safety they are not in this email. Open this link to see them once:",
        "",
        handoverUrl(token),
        "",
        `The link works once and expires on ${expiresAt.toUTCString()}. If it has expired or was already used, ask the retailer to send a new one from the app.`,
        "",
      ].join("\n"),
    });
  } catch (error) {
    emailed = false;
    // Never the token or the link: only what went wrong. The server's reply goes to the log; the merchant sees a plain reason.
    log.warn("onboarding: the secret hand-over link could not be emailed", { shop, error: error instanceof Error ? error.message : String(error) });
    await db.secretHandover.update({ where: { id: handover.id }, data: { emailError: mailFailureReason(error) } });
  }
  await recordActivity(shop, {
    kind: "onboarding",
    actor,
    action: "Sent SEKO a one-time link to the Australia Post keys",
    detail: emailed ? `Expires ${formatDate(expiresAt, "date-time", await shopDateSetting(shop))}` : "The email could not be sent",
  });
  return { ok: true, emailed, expiresAt: expiresAt.toISOString() };
}

export type HandoverView =
  | { status: "none" }
  | { status: "received"; at: string; by: string | null }
  | { status: "sent"; issuedAt: string; expiresAt: string }
  | { status: "not-emailed"; issuedAt: string; error: string }
  | { status: "expired"; expiresAt: string };

/** What the merchant sees of the latest link. */
export async function handoverStatus(shop: string, now = new Date()): Promise<HandoverView> {
  const latest = await db.secretHandover.findFirst({
    where: { section: { shop, form: FORM } },
    orderBy: { issuedAt: "desc" },
  });
  if (!latest) return { status: "none" };
  if (latest.usedAt) return { status: "received", at: latest.usedAt.toISOString(), by: latest.usedByName };
  if (latest.emailError) return { status: "not-emailed", issuedAt: latest.issuedAt.toISOString(), error: latest.emailError };
  if (latest.expiresAt <= now) return { status: "expired", expiresAt: latest.expiresAt.toISOString() };
  return { status: "sent", issuedAt: latest.issuedAt.toISOString(), expiresAt: latest.expiresAt.toISOString() };
}

export type RevealResult = { ok: true; shop: string; secrets: { label: string; value: string }[]; revealedAt: string } | { ok: false; reason: "unknown" | "used" | "expired" };

/**
 * Uses a token: the first call within its lifetime marks it used (in one
 * conditional update, so two simultaneous opens cannot both succeed) and
 * returns the secrets in clear; every later call is refused.
 */
export async function revealHandover(token: string, evidence: { name: string; ip: string; userAgent: string }, now = new Date()): Promise<RevealResult> {
  const tokenHash = hashToken(token);
  const claimed = await db.secretHandover.updateMany({
    where: { tokenHash, usedAt: null, revokedAt: null, emailError: null, expiresAt: { gt: now } },
    data: { usedAt: now, usedByName: evidence.name, usedIp: evidence.ip, usedUserAgent: evidence.userAgent.slice(0, 500) },
  });
  const row = await db.secretHandover.findUnique({ where: { tokenHash }, include: { section: true } });
  if (claimed.count === 0 || !row) {
    if (!row || row.emailError) return { ok: false, reason: "unknown" };
    return { ok: false, reason: row.usedAt || row.revokedAt ? "used" : "expired" };
  }
  const stored = row.section.secrets ? (JSON.parse(decrypt(row.section.secrets)) as Record<string, string>) : {};
  const questions = FORMS[FORM].sections.flatMap((section) => section.questions).filter((question) => question.type === "secret");
  const secrets = questions.filter((question) => stored[question.id]).map((question) => ({ label: question.label, value: stored[question.id]! }));
  await recordActivity(row.section.shop, { kind: "onboarding", actor: "SEKO", action: "SEKO received the Australia Post keys", detail: `Opened by ${evidence.name}` });
  return { ok: true, shop: row.section.shop, secrets, revealedAt: now.toISOString() };
}
