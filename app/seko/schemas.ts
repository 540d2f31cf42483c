import { z } from "zod";

/**
 * The payloads of SEKO's APIs (docs/seko.md 5). Requests are strict: they are ours,
 * and a missing field is cheaper to catch here than in a SEKO error. Responses
 * are lenient where SEKO is inconsistent (numbers as strings, null or missing
 * arrays, extra fields) and strict only where the app depends on a field.
 */

// ---------- shared building blocks ----------

/** SEKO sends numbers as numbers or as strings ("6.00") depending on the host. */
export const looseNumber = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, "must be a number")
    .transform(Number),
]);

/** Identifiers arrive as strings or numbers; we always keep strings. */
export const looseId = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

/** A missing or null array is an empty one. */
export function listOf<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((value) => value ?? []);
}

const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

const countryCode = z.string().regex(/^[A-Z]{2}$/, "must be a two-letter ISO country code, upper case");
const currencyCode = z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO currency code, upper case");

// ---------- OmniParcel requests ----------

export const sekoAddressSchema = z.object({
  BuildingName: z.string().optional(),
  StreetAddress: z.string().trim().min(1),
  Suburb: z.string().optional(),
  City: z.string().trim().min(1),
  PostCode: z.string().optional(),
  CountryCode: countryCode,
});

export const sekoPartySchema = z.object({
  Name: z.string().trim().min(1),
  Address: sekoAddressSchema,
  ContactPerson: z.string().optional(),
  PhoneNumber: z.string().optional(),
  Email: z.email().optional(),
});

export const sekoPackageSchema = z.object({
  Name: z.string().optional(),
  /** Centimetres. */
  Length: z.number().positive(),
  Width: z.number().positive(),
  Height: z.number().positive(),
  Kg: z.number().positive(),
  Type: z.string().default("Box"),
});

export const sekoCommoditySchema = z.object({
  Description: z.string().trim().min(1),
  Units: z.number().int().positive(),
  UnitValue: z.number().nonnegative(),
  UnitKg: z.number().nonnegative(),
  Currency: currencyCode,
  /** Country of manufacture. */
  Country: countryCode.optional(),
  HarmonizedCode: z.string().optional(),
  itemSKU: z.string().optional(),
});

/** LABEL_PDF_100X150, LABEL_PNG_100X150, LABEL_ZPL_100X150 and other sizes. */
export const sekoOutputSchema = z.string().regex(/^LABEL_(PDF|PNG|ZPL)_[0-9A-Z]+$/, "is not a SEKO label output");

export const printShipmentRequestSchema = z.object({
  /** Omitted: OmniParcel uses the site's default origin. */
  Origin: sekoPartySchema.optional(),
  Destination: sekoPartySchema,
  Packages: z.array(sekoPackageSchema).min(1),
  Commodities: z.array(sekoCommoditySchema).default([]),
  /** The order number: SEKO requires it. */
  DeliveryReference: z.string().trim().min(1),
  Reference2: z.string().optional(),
  Outputs: z.array(sekoOutputSchema).min(1).default(["LABEL_PDF_100X150"]),
  Service: z.string().optional(),
  ShipType: z.enum(["INBOUND", "OUTBOUND"]).optional(),
  IsSignatureRequired: z.boolean().optional(),
  IsSaturdayDelivery: z.boolean().optional(),
});
export type PrintShipmentRequest = z.input<typeof printShipmentRequestSchema>;

export const availableRatesRequestSchema = z.object({
  Origin: sekoPartySchema.optional(),
  Destination: sekoPartySchema,
  Packages: z.array(sekoPackageSchema).min(1),
  Commodities: z.array(sekoCommoditySchema).default([]),
  DeliveryReference: z.string().optional(),
  ShipType: z.enum(["INBOUND", "OUTBOUND"]).optional(),
  IsSignatureRequired: z.boolean().optional(),
});
export type AvailableRatesRequest = z.input<typeof availableRatesRequestSchema>;

/** statusv2 and delete both take a bare JSON array of connotes. */
export const connoteListSchema = z.array(z.string().trim().min(1)).min(1);

// ---------- OmniParcel responses ----------

/** One entry of `Errors[]` / `ValidationErrors`: objects, sometimes bare strings. */
export const sekoProblemSchema = z.union([
  z.string(),
  z.looseObject({
    Property: optionalText,
    Message: optionalText,
    Key: optionalText,
    Value: z.unknown().optional(),
  }),
]);

export const consignmentSchema = z.looseObject({
  /** Strict: it is the return's identity everywhere else. */
  Connote: looseId.pipe(z.string().min(1)),
  TrackingUrl: optionalText,
  Cost: looseNumber.nullish(),
  ConsignmentId: looseId.nullish(),
  /** Output name → base64 files (one per package). */
  OutputFiles: z
    .record(z.string(), listOf(z.string()))
    .nullish()
    .transform((value) => value ?? {}),
  Items: listOf(z.looseObject({ PartNo: looseNumber.nullish(), TrackingNo: looseId.nullish(), Barcode: optionalText })),
});

export const printShipmentResponseSchema = z.looseObject({
  Consignments: listOf(consignmentSchema),
  Errors: listOf(sekoProblemSchema),
  Message: optionalText,
  CarrierName: optionalText,
});
export type PrintShipmentResponse = z.output<typeof printShipmentResponseSchema>;

export const availableRateSchema = z.looseObject({
  QuoteId: looseId.pipe(z.string().min(1)),
  CarrierName: z.string(),
  DeliveryType: z.string(),
  Cost: looseNumber,
  ServiceStandard: optionalText,
  CarrierServiceType: optionalText,
});

export const rejectedRateSchema = z.looseObject({
  CarrierName: optionalText,
  DeliveryType: optionalText,
  Reason: optionalText,
});

export const availableRatesResponseSchema = z.looseObject({
  Available: listOf(availableRateSchema),
  Rejected: listOf(rejectedRateSchema),
  ValidationErrors: z.unknown().optional(),
});
export type AvailableRatesResponse = z.output<typeof availableRatesResponseSchema>;

export const statusEventSchema = z.looseObject({
  EventDT: optionalText,
  Code: looseId.nullish(),
  OmniCode: optionalText,
  Description: optionalText,
  Location: optionalText,
  Part: looseNumber.nullish(),
});

export const consignmentStatusSchema = z.looseObject({
  ConsignmentNo: looseId.pipe(z.string().min(1)),
  Status: optionalText,
  Picked: z.unknown().optional(),
  Delivered: z.unknown().optional(),
  Tracking: optionalText,
  Reference1: optionalText,
  Events: listOf(statusEventSchema),
});

export const statusV2ResponseSchema = z.array(consignmentStatusSchema);
export type StatusV2Response = z.output<typeof statusV2ResponseSchema>;

/**
 * SEKO documents no body for these answers, so any JSON object or list is
 * accepted and errors come from the shared problem scan. A bare string, number
 * or `true` is not: it is some host talking, not SEKO confirming anything.
 */
const someJsonAnswer = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())], {
  error: "expected a JSON object or list",
});

/** SEKO documents no body for /labels/delete (see someJsonAnswer). */
export const deleteResponseSchema = someJsonAnswer;

// ---------- OmniReturns ----------

export const returnCommoditySchema = sekoCommoditySchema.extend({
  SKU: z.string().trim().min(1),
  /** The customer's return reason, as configured in OmniReturns. */
  Reason: z.string().trim().min(1),
  /** Refund, Credit Note, Exchange or No Action; SEKO's exact spellings are unknown. */
  ReturnAction: z.string().trim().min(1).optional(),
});

export const returnLabelRequestSchema = printShipmentRequestSchema.extend({
  Origin: sekoPartySchema,
  Commodities: z.array(returnCommoditySchema).min(1),
  ShipType: z.literal("INBOUND").default("INBOUND"),
  /** Route the parcel through OmniRPS processing at the hub. */
  RPSProcessing: z.boolean().default(true),
  SendTrackingEmail: z.boolean().default(false),
});
export type ReturnLabelRequest = z.input<typeof returnLabelRequestSchema>;

// ---------- OmniRPS order upload ----------

const yesNo = z.union([z.enum(["Y", "N"]), z.boolean()]).transform((value) => (typeof value === "boolean" ? (value ? "Y" : "N") : value));

/** SEKO's field type is Varchar for amounts and weights; we send decimal strings. */
const decimalText = z
  .union([
    z.number().nonnegative(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, "must be a decimal number"),
  ])
  .transform((value) => String(value));

export const omniRpsOrderRowSchema = z.object({
  OrderNumber: z.string().trim().min(1),
  SKU: z.string().trim().min(1),
  Quantity: z.number().int().positive(),
  StyleNumber: z.string().trim().min(1),
  EAN: z.string().default(""),
  ProductName: z.string().trim().min(1),
  Category: z.string().optional(),
  SubCategory: z.string().optional(),
  ItemValue: decimalText,
  Currency: currencyCode,
  /** Kilograms. SEKO needs a positive ItemWeight or OrderWeight; 0 means "not known". */
  ItemWeight: decimalText.default("0"),
  OrderWeight: decimalText.default("0"),
  /** HS code: required by SEKO for international returns. */
  CommodityCode: z.string().optional(),
  ProductCountryOfOrigin: countryCode,
  CustomerName: z.string().trim().min(1),
  CustomerEmail: z.email(),
  Building: z.string().default(""),
  Street: z.string().trim().min(1),
  Suburb: z.string().trim().min(1),
  Town: z.string().optional(),
  /** Full state name ("NEW YORK", not "NY"). */
  State: z.string().default(""),
  DeliveryPostcode: z.string().trim().min(1),
  DeliveryCountry: countryCode,
  /** Starts the return window. */
  DateDespatched: z.string().regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/, "must be YYYY-MM-DD[ HH:mm:ss]"),
  Returnable: yesNo.default("Y"),
  SKUImage: z.url().optional(),
});
export type OmniRpsOrderRow = z.input<typeof omniRpsOrderRowSchema>;

/** SEKO documents no response body for the upload (see someJsonAnswer). */
export const omniRpsUploadResponseSchema = someJsonAnswer;

// ---------- OmniRPS tracking webhook ----------

export const trackingWebhookEventSchema = z.looseObject({
  ConsignmentNo: looseId.pipe(z.string().min(1, "ConsignmentNo is empty")),
  OmniRPSTrackingNo: looseId.nullish().transform((value) => value || undefined),
  OrderNo: looseId.nullish().transform((value) => value || undefined),
  Code: looseId.pipe(z.string().min(1, "Code is empty")).transform((value) => value.toUpperCase()),
  Status: optionalText,
  Carrier: optionalText,
  EventDT: z.string().trim().min(1, "EventDT is empty"),
  /** The SKU: one event per line item on RC and RP. */
  ItemNo: looseId.nullish().transform((value) => value || undefined),
  ReturnReason: optionalText,
  ReturnAction: optionalText,
});
export type TrackingWebhookEvent = z.output<typeof trackingWebhookEventSchema>;
export type TrackingWebhookEventInput = z.input<typeof trackingWebhookEventSchema>;
