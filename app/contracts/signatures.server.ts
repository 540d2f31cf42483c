/**
 * Step 2's documents: shown in full, signed by typing a name and title, with
 * evidence kept (signer, time, IP, user agent, version, SHA-256 of the exact
 * text). A signature is never edited: a new version supersedes it.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { log } from "~/utils/logger.server";
import { recordActivity } from "~/utils/activity.server";
import { createSubmission } from "~/outbox/submissions.server";
import type { SignatureFact } from "./documents";
import { DEMO_AGREEMENT, type DocumentId, DOCUMENTS, isDocumentId, type ShownDocument, type signatureSchema, type SignatureView } from "./documents";
import { staffDirectory, type StaffDirectory } from "~/utils/staff.server";

/** The bundled extra documents change only with a release of the app. */
const BUNDLED_EXTRA_VERSION = "bundled-2026-01";

/** The documents this deployment asks merchants to sign. */
export function requiredDocuments(): DocumentId[] {
  return [
    "seko-agreement",
    ...env()
      .SEKO_EXTRA_DOCUMENTS.filter(isDocumentId)
      .filter((id) => id !== "seko-agreement"),
  ];
}

const fetched = new Map<string, string>();
/** How long SEKO's server gets to send the agreement (tests shorten it). */
export const agreementFetch = { timeoutMs: 10_000 };

export const AGREEMENT_NOT_AVAILABLE = "SEKO's agreement is not available yet. Your account manager will tell you when it is ready to sign; this step stays open until then.";

type Loaded = { ok: true; text: string; version: string } | { ok: false; message: string };

async function agreementText(): Promise<Loaded> {
  const { SEKO_AGREEMENT_URL, SEKO_AGREEMENT_VERSION, SEKO_AGREEMENT_DEMO } = env();
  if (!SEKO_AGREEMENT_URL) {
    return SEKO_AGREEMENT_DEMO ? { ok: true, ...DEMO_AGREEMENT } : { ok: false, message: AGREEMENT_NOT_AVAILABLE };
  }
  const key = `${SEKO_AGREEMENT_VERSION} ${SEKO_AGREEMENT_URL}`;
  const cached = fetched.get(key);
  if (cached) return { ok: true, text: cached, version: SEKO_AGREEMENT_VERSION };
  const failed = (reason: string): Loaded => {
    // The URL may carry an access token: the log names only what went wrong.
    log.warn("onboarding: the SEKO Agreement could not be loaded", { reason });
    return { ok: false, message: `SEKO's agreement could not be loaded (${reason}). Try again in a few minutes; nothing has been signed.` };
  };
  let text: string;
  try {
    const response = await fetch(SEKO_AGREEMENT_URL, { signal: AbortSignal.timeout(agreementFetch.timeoutMs) });
    if (!response.ok) return failed(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    return failed(timedOut ? `no answer within ${agreementFetch.timeoutMs / 1000} seconds` : "the server could not be reached");
  }
  if (!text.trim()) return failed("the document is empty");
  // One text per configured version: every signer of a version signs the same words.
  fetched.set(key, text);
  return { ok: true, text, version: SEKO_AGREEMENT_VERSION };
}

/** Tests change the configured agreement between cases. */
export function forgetFetchedAgreements() {
  fetched.clear();
}

export function hashText(text: string) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export type Availability = { ok: true; document: ShownDocument } | { ok: false; id: DocumentId; title: string; message: string };

export async function shownDocument(id: DocumentId): Promise<Availability> {
  const definition = DOCUMENTS[id];
  const loaded: Loaded =
    id === "seko-agreement"
      ? await agreementText()
      : definition.bundledText
        ? { ok: true, text: definition.bundledText, version: BUNDLED_EXTRA_VERSION }
        : { ok: false, message: `The ${definition.title} is not available yet.` };
  if (!loaded.ok) return { ok: false, id, title: definition.title, message: loaded.message };
  const { text, version } = loaded;
  return { ok: true, document: { id, title: definition.title, confirmation: definition.confirmation, version, text, hash: hashText(text) } };
}

/** `staff` names the Shopify user who signed, as every page names people (app/utils/staff.server.ts). */
function view(row: Awaited<ReturnType<typeof db.documentSignature.findFirstOrThrow>>, staff: StaffDirectory): SignatureView {
  return {
    id: row.id,
    document: row.document as DocumentId,
    version: row.version,
    documentHash: row.documentHash,
    signerName: row.signerName,
    signerTitle: row.signerTitle,
    signedBy: staff.label(row.signerUserId),
    signedAt: row.signedAt.toISOString(),
    ip: row.ip,
    userAgent: row.userAgent,
    supersededAt: row.supersededAt?.toISOString() ?? null,
  };
}

export async function listSignatures(shop: string): Promise<SignatureView[]> {
  const [rows, staff] = await Promise.all([db.documentSignature.findMany({ where: { shop }, orderBy: { signedAt: "desc" } }), staffDirectory(shop)]);
  return rows.map((row) => view(row, staff));
}

export type SignResult = { ok: true; signature: SignatureView } | { ok: false; message: string };

/**
 * Signs the document as currently shown. The version and hash the signer saw
 * must still be current, so a document changed while the page was open is
 * never signed unseen.
 */
export async function signDocument(shop: string, input: z.infer<typeof signatureSchema>, evidence: { userId: string; ip: string; userAgent: string }): Promise<SignResult> {
  const shown = await shownDocument(input.document as DocumentId);
  if (!shown.ok) return { ok: false, message: shown.message };
  const { document } = shown;
  if (document.version !== input.version || document.hash !== input.hash) {
    return { ok: false, message: `The ${document.title} changed while you were reading it. Read the current version and sign again.` };
  }
  const signature = await db.$transaction(async (tx) => {
    const current = await tx.documentSignature.findFirst({
      where: { shop, document: document.id, version: document.version, documentHash: document.hash, supersededAt: null },
    });
    if (current) return null;
    const signedAt = new Date();
    await tx.documentSignature.updateMany({ where: { shop, document: document.id, supersededAt: null }, data: { supersededAt: signedAt } });
    return tx.documentSignature.create({
      data: {
        shop,
        document: document.id,
        version: document.version,
        documentHash: document.hash,
        signerUserId: evidence.userId,
        signerName: input.fullName,
        signerTitle: input.title,
        authorityConfirmed: true,
        ip: evidence.ip,
        userAgent: evidence.userAgent.slice(0, 500),
        signedAt,
      },
    });
  });
  if (!signature) return { ok: false, message: `This version of the ${document.title} is already signed.` };
  const signed = view(signature, await staffDirectory(shop));
  await createSubmission(shop, `signature-${document.id}`, evidence.userId, () => ({
    schema: "seko-returns-signature/1",
    documentName: `Signed ${document.title}`,
    document: document.id,
    title: document.title,
    version: document.version,
    sha256: document.hash,
    signer: { name: signed.signerName, title: signed.signerTitle, staffUser: signed.signedBy, authorityConfirmed: true },
    signedAt: signed.signedAt,
    ip: signed.ip,
    userAgent: signed.userAgent,
    summaryText: [
      `${document.title}, version ${document.version}`,
      `SHA-256 of the text signed: ${document.hash}`,
      `Signed by ${signed.signerName} (${signed.signerTitle}), ${signed.signedBy}, who confirmed authority to sign`,
      `At ${signed.signedAt} from IP ${signed.ip}`,
      `User agent: ${signed.userAgent}`,
      "",
      "TEXT SIGNED",
      document.text,
    ].join("\n"),
  }));
  await recordActivity(shop, { kind: "onboarding", actor: evidence.userId, action: `Signed the ${document.title}`, detail: `Version ${document.version}, as ${signed.signerName}` });
  return { ok: true, signature: signed };
}

/**
 * Which required documents have a signature of their current version, and
 * which cannot be signed yet (not supplied, or not loadable just now).
 */
export async function signatureStatus(shop: string) {
  const shown = await Promise.all(requiredDocuments().map((id) => shownDocument(id)));
  const signatures = await listSignatures(shop);
  const documents = shown.flatMap((item) => (item.ok ? [item.document] : []));
  return {
    documents: documents.map((document) => ({
      document,
      current:
        signatures.find((signature) => signature.document === document.id && !signature.supersededAt && signature.version === document.version && signature.documentHash === document.hash) ?? null,
      previous: signatures.filter((signature) => signature.document === document.id && (signature.supersededAt || signature.version !== document.version)),
    })),
    unavailable: shown.flatMap((item) => (item.ok ? [] : [{ id: item.id, title: item.title, message: item.message }])),
  };
}

/** The step's view of the documents: one not available yet counts as unsigned, so the step stays open. */
export function signatureFacts(status: Awaited<ReturnType<typeof signatureStatus>>): SignatureFact[] {
  return [
    ...status.documents.map(({ document, current }) =>
      current ? { document: document.id, title: document.title, signedBy: current.signerName, signedAt: current.signedAt } : { document: document.id, title: document.title },
    ),
    ...status.unavailable.map((item) => ({ document: item.id, title: item.title })),
  ];
}
