import { z } from "zod";
import { endpointFor, type OmniParcelCredentials, type SekoConfig } from "./config";
import { fail, findProblems, invalidRequest, ok, type Result } from "./errors";
import {
  type AvailableRatesRequest,
  availableRatesRequestSchema,
  availableRatesResponseSchema,
  connoteListSchema,
  type consignmentSchema,
  deleteResponseSchema,
  type PrintShipmentRequest,
  printShipmentRequestSchema,
  printShipmentResponseSchema,
  statusV2ResponseSchema,
} from "./schemas";
import { sharedBucket, type TokenBucket } from "./token-bucket";
import { connectionFor, sekoRequest, type SekoRuntime } from "./transport.server";

export type SekoLabel = {
  connote: string;
  trackingUrl?: string;
  cost?: number;
  /** Output name (LABEL_PDF_100X150, ...) → base64 files, one per package. */
  files: Record<string, string[]>;
};

export type PrintShipmentResult = { labels: SekoLabel[]; carrierName?: string };

export type SekoRate = {
  quoteId: string;
  carrierName: string;
  deliveryType: string;
  cost: number;
  serviceStandard?: string;
};

export type RatesResult = {
  available: SekoRate[];
  rejected: { carrierName?: string; deliveryType?: string; reason?: string }[];
};

export type ConsignmentStatus = {
  connote: string;
  status?: string;
  trackingUrl?: string;
  events: { at?: string; code?: string; omniCode?: string; description?: string; location?: string }[];
};

export type ConnectionCheck = { system: "omniparcel" | "omnireturns" | "omnirps"; verifiedWith: string };

export type ClientOptions = {
  runtime?: Partial<SekoRuntime>;
  /** Replaces the per-account shared limiter (tests, or a limiter shared across processes). */
  trackingBucket?: TokenBucket;
};

/** Labels must come back with at least one consignment; an empty list is not a success. */
const printedShipmentSchema = printShipmentResponseSchema.refine((value) => value.Consignments.length > 0, {
  message: "no label came back",
  path: ["Consignments"],
});

/** A rates answer with neither rates nor reasons says nothing, whatever its status. */
const quotedRatesSchema = availableRatesResponseSchema.refine((value) => value.Available.length + value.Rejected.length > 0, {
  message: "no rates came back",
  path: ["Available"],
});

export function toLabel(consignment: z.output<typeof consignmentSchema>): SekoLabel {
  return {
    connote: consignment.Connote,
    trackingUrl: consignment.TrackingUrl,
    cost: consignment.Cost ?? undefined,
    files: consignment.OutputFiles,
  };
}

/**
 * A place every OmniParcel account can quote to. Assumption: SEKO answers a
 * valid key with rates, or with every carrier listed in Rejected, and a bad
 * key with 401/403 or an error; nothing is created or billed by a rate query.
 */
const CONNECTION_CHECK_RATES: AvailableRatesRequest = {
  Destination: {
    Name: "SEKO connection check",
    Address: { StreetAddress: "1 Queen Street", City: "Auckland", PostCode: "1010", CountryCode: "NZ" },
  },
  Packages: [{ Length: 10, Width: 10, Height: 10, Kg: 0.5 }],
};

export function createOmniParcelClient(config: SekoConfig, credentials: OmniParcelCredentials, options: ClientOptions = {}) {
  const endpoint = endpointFor(config, "omniparcel");
  const connection = connectionFor(
    config,
    endpoint,
    {
      headers: { [endpoint.authHeader]: credentials.accessKey },
      secrets: [credentials.accessKey],
      credentialLabel: "OmniParcel access key",
    },
    options.runtime,
  );
  const trackingBucket = options.trackingBucket ?? sharedBucket(`${endpoint.baseUrl}/labels/statusv2`, credentials.accessKey, config.tracking.requestsPerMinute);

  async function availableRates(input: AvailableRatesRequest): Promise<Result<RatesResult>> {
    const request = availableRatesRequestSchema.safeParse(input);
    if (!request.success) return fail(invalidRequest("omniparcel", "/ratesqueryv1/availablerates", request.error));
    const result = await sekoRequest(connection, {
      path: "/ratesqueryv1/availablerates",
      body: request.data,
      schema: quotedRatesSchema,
      idempotent: true,
      action: "getting shipping rates",
      // Rejected carriers are normal next to available ones; only "nothing available" is an error.
      problems: (json) => {
        const problems = findProblems(json);
        if (problems.length > 0) return problems;
        const available = (json as { Available?: unknown } | null)?.Available;
        return Array.isArray(available) && available.length > 0 ? [] : findProblems(json, { rejected: true });
      },
    });
    if (!result.ok) return result;
    return ok({
      available: result.value.Available.map((rate) => ({
        quoteId: rate.QuoteId,
        carrierName: rate.CarrierName,
        deliveryType: rate.DeliveryType,
        cost: rate.Cost,
        serviceStandard: rate.ServiceStandard || undefined,
      })),
      rejected: result.value.Rejected.map((rejected) => ({
        carrierName: rejected.CarrierName,
        deliveryType: rejected.DeliveryType,
        reason: rejected.Reason,
      })),
    });
  }

  return {
    /** Never retried: a second attempt after a lost answer would print and bill a second label. */
    async printShipment(input: PrintShipmentRequest): Promise<Result<PrintShipmentResult>> {
      const request = printShipmentRequestSchema.safeParse(input);
      if (!request.success) return fail(invalidRequest("omniparcel", "/labels/printshipment", request.error));
      const result = await sekoRequest(connection, {
        path: "/labels/printshipment",
        body: request.data,
        schema: printedShipmentSchema,
        idempotent: false,
        action: "creating the label",
      });
      if (!result.ok) return result;
      return ok({ labels: result.value.Consignments.map(toLabel), carrierName: result.value.CarrierName });
    },

    availableRates,

    /**
     * Chunks the connotes and waits for the shared per-account limiter (SEKO:
     * 100 requests/minute). Fails as rate_limited, without sending, when the
     * queue is longer than `tracking.maxQueueWaitMs`.
     */
    async trackingStatus(connotes: string[]): Promise<Result<ConsignmentStatus[]>> {
      const unique = [...new Set(connotes.map((connote) => connote.trim()).filter(Boolean))];
      if (unique.length === 0) return ok([]);
      const size = config.tracking.connotesPerRequest;
      const chunks: string[][] = [];
      for (let index = 0; index < unique.length; index += size) chunks.push(unique.slice(index, index + size));

      const statuses: ConsignmentStatus[] = [];
      for (const [index, chunk] of chunks.entries()) {
        const progress = { done: index, total: chunks.length };
        const result = await sekoRequest(connection, {
          path: "/labels/statusv2",
          body: chunk,
          schema: statusV2ResponseSchema,
          idempotent: true,
          action: "fetching tracking status",
          limiter: { bucket: trackingBucket, maxWaitMs: config.tracking.maxQueueWaitMs },
        });
        if (!result.ok) return fail({ ...result.error, progress });
        for (const consignment of result.value) {
          statuses.push({
            connote: consignment.ConsignmentNo,
            status: consignment.Status,
            trackingUrl: consignment.Tracking,
            events: consignment.Events.map((event) => ({
              at: event.EventDT,
              code: event.Code ?? undefined,
              omniCode: event.OmniCode,
              description: event.Description,
              location: event.Location,
            })),
          });
        }
      }
      return ok(statuses);
    },

    /**
     * Not retried either: a delete that succeeded unseen would come back as
     * "not found" and be reported as a failure.
     */
    async deleteLabels(connotes: string[]): Promise<Result<{ deleted: string[] }>> {
      const request = connoteListSchema.safeParse(connotes);
      if (!request.success) return fail(invalidRequest("omniparcel", "/labels/delete", request.error));
      const result = await sekoRequest(connection, {
        path: "/labels/delete",
        body: request.data,
        schema: deleteResponseSchema,
        idempotent: false,
        action: "cancelling the label",
      });
      return result.ok ? ok({ deleted: request.data }) : result;
    },

    /**
     * Validates the key with a rate query (see CONNECTION_CHECK_RATES for the
     * assumption). Passes on rates, or on carriers that each refused the
     * dummy parcel: only an account SEKO recognised has carriers to list.
     * `Errors[]`, `ValidationErrors`, an empty body or a web page fail it,
     * whatever the HTTP status: none of them shows the key was accepted.
     */
    async checkConnection(): Promise<Result<ConnectionCheck>> {
      const result = await availableRates(CONNECTION_CHECK_RATES);
      const onlyRejected = !result.ok && result.error.kind === "api" && result.error.problems.length > 0 && result.error.problems.every((problem) => problem.source === "Rejected");
      if (result.ok || onlyRejected) return ok({ system: "omniparcel", verifiedWith: "/ratesqueryv1/availablerates" });
      return result;
    },
  };
}

export type OmniParcelClient = ReturnType<typeof createOmniParcelClient>;
