/**
 * Documents a merchant signs in step 2. SEKO's real texts are not public
 * (DOMAIN.md §3), so the bundled texts are placeholders that say so; a
 * deployment points SEKO_AGREEMENT_URL at the real agreement and sets
 * SEKO_AGREEMENT_VERSION. Pure, shared by server and browser.
 */
import { z } from "zod";

export type DocumentId = "seko-agreement" | "non-dangerous-goods";

export type DocumentDefinition = {
  id: DocumentId;
  title: string;
  /** What the signer confirms, shown next to the signature. */
  confirmation: string;
  bundledText: string;
};

export const DOCUMENTS: Record<DocumentId, DocumentDefinition> = {
  "seko-agreement": {
    id: "seko-agreement",
    title: "SEKO Agreement",
    confirmation: "I have read the SEKO Agreement and I am authorised to sign it on behalf of the business.",
    bundledText: `SEKO RETURNS SERVICES AGREEMENT (bundled placeholder)

This bundled text stands in for SEKO's agreement, which SEKO supplies to each
retailer. Your account manager will confirm the version you are signing; the
app records the exact text shown here, its version and a fingerprint (SHA-256)
with your signature.

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
  return value in DOCUMENTS;
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
