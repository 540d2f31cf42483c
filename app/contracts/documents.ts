/**
 * Documents a merchant signs in step 2. SEKO's real texts are not public
 * (docs/seko.md, "Still unknown"): a deployment points SEKO_AGREEMENT_URL at the real agreement
 * and sets SEKO_AGREEMENT_VERSION; without it the agreement is "not available
 * yet" and nothing is offered for signature. The demo and the tests sign a
 * clearly labelled demo text instead (SEKO_AGREEMENT_DEMO). Pure, shared by
 * server and browser.
 */
import { z } from "zod";

export type DocumentId = "seko-agreement" | "non-dangerous-goods";

export type DocumentDefinition = {
  id: DocumentId;
  title: string;
  /** What the signer confirms, shown next to the signature. */
  confirmation: string;
  /** The text shipped with the app, or null when only SEKO can supply it. */
  bundledText: string | null;
};

/**
 * What the offline demo and the tests sign when no agreement is configured.
 * Labelled as a demo in its title and first lines, so a signature on it can
 * never pass for a signed contract.
 */
export const DEMO_AGREEMENT = {
  version: "demo",
  text: `SEKO RETURNS SERVICES AGREEMENT: DEMO ONLY, NOT A CONTRACT

This is a demonstration text of the SEKO Returns app. It is not SEKO's
agreement and signing it commits no one to anything. A real deployment shows
the agreement SEKO supplies (SEKO_AGREEMENT_URL) and never this text.

1. Services. SEKO provides returns management through OmniReturns and OmniRPS:
   a customer returns portal, return labels, hub processing and tracking.
2. Charges. Label and processing charges follow the rates agreed with your
   account manager and the credit terms of your approved credit application.
3. Retailer obligations. The retailer supplies accurate order data, keeps its
   returns policy current and does not ship goods SEKO cannot carry.
4. Data. SEKO processes customer names, addresses and order details only to
   provide the services.
5. Term. The agreement starts when signed and continues until either party
   ends it with the notice agreed with SEKO.`,
};

export const DOCUMENTS: Record<DocumentId, DocumentDefinition> = {
  "seko-agreement": {
    id: "seko-agreement",
    title: "SEKO Agreement",
    confirmation: "I have read the SEKO Agreement and I am authorised to sign it on behalf of the business.",
    // Never offered for signature: the text comes from SEKO_AGREEMENT_URL, or is the demo text below.
    bundledText: null,
  },
  "non-dangerous-goods": {
    id: "non-dangerous-goods",
    title: "Shipper's non-dangerous goods declaration",
    confirmation: "I declare that returns shipped under this account contain no dangerous goods, and I am authorised to make this declaration.",
    bundledText: `SHIPPER'S DECLARATION FOR NON-DANGEROUS GOODS (bundled placeholder)

The retailer declares that goods its customers return through SEKO are not
classified as dangerous goods under IATA Dangerous Goods Regulations, ADG or
IMDG rules, and that it will tell SEKO before offering returns of any product
that contains lithium batteries, aerosols, flammable liquids or other
restricted items.`,
  },
};

export function isDocumentId(value: string): value is DocumentId {
  return Object.hasOwn(DOCUMENTS, value);
}

/** The signature form: the version and hash the signer saw come back with it. */
export const signatureSchema = z.object({
  document: z.string().refine(isDocumentId, "Unknown document"),
  version: z.string().min(1),
  hash: z.string().length(64),
  fullName: z.string({ error: "Type your full name to sign" }).trim().min(2, "Type your full name to sign").max(200),
  title: z.string({ error: "Enter your job title" }).trim().min(2, "Enter your job title").max(200),
  authority: z.literal(true, { error: "Confirm that you may sign for the business" }),
});

/** What the contracts page shows of a document and of its signatures (no I/O, shared with the component). */
export type ShownDocument = { id: DocumentId; title: string; confirmation: string; version: string; text: string; hash: string };

export type SignatureView = {
  id: string;
  document: DocumentId;
  version: string;
  documentHash: string;
  signerName: string;
  signerTitle: string;
  signedBy: string;
  signedAt: string;
  ip: string;
  userAgent: string;
  supersededAt: string | null;
};

/** A required document as the guide sees it: signed (by whom, when) in its current version, or not. */
export type SignatureFact = { document: string; title: string; signedBy?: string; signedAt?: string };
