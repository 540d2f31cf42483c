import { randomUUID } from "node:crypto";
import { endpointFor, type OmniReturnsCredentials, type SekoConfig } from "./config";
import { fail, invalidRequest, ok, type Result, type SekoProblem } from "./errors";
import { type ClientOptions, type ConnectionCheck, type PrintShipmentResult, toLabel } from "./omniparcel.server";
import { printShipmentResponseSchema, type ReturnLabelRequest, returnLabelRequestSchema } from "./schemas";
import { connectionFor, sekoRequest } from "./transport.server";

const printedReturnSchema = printShipmentResponseSchema.refine((value) => value.Consignments.length > 0, {
  message: "no return label came back",
  path: ["Consignments"],
});

const REQUIRED_WORDING = /\b(is required|required|is missing|missing|mandatory|must be (provided|supplied|specified)|cannot be (empty|blank|null)|is empty)\b/i;

/**
 * Whether SEKO's answer to the empty probe shipment is SEKO checking that
 * shipment: every complaint names a field and says it is required. That can
 * only come from a host that read our request as a shipment, after the key
 * (assumption below). Anything else, a general error, a message without a
 * field, an invalid-value complaint, is not evidence and fails the check.
 */
export function isProbeValidation(problems: SekoProblem[]) {
  return problems.length > 0 && problems.every((problem) => Boolean(problem.field) && REQUIRED_WORDING.test(problem.message));
}

export function createOmniReturnsClient(config: SekoConfig, credentials: OmniReturnsCredentials, options: Pick<ClientOptions, "runtime"> = {}) {
  const endpoint = endpointFor(config, "omnireturns");
  const connection = connectionFor(
    config,
    endpoint,
    {
      headers: { [endpoint.authHeader]: credentials.accessKey },
      secrets: [credentials.accessKey],
      credentialLabel: "OmniReturns access key",
    },
    options.runtime,
  );

  return {
    /**
     * Always INBOUND. Never retried: a retry after a lost answer would create
     * a second label, and SEKO bills each one.
     */
    async createReturnLabel(input: ReturnLabelRequest): Promise<Result<PrintShipmentResult>> {
      const request = returnLabelRequestSchema.safeParse(input);
      if (!request.success) return fail(invalidRequest("omnireturns", "/labels/printshipment", request.error));
      const result = await sekoRequest(connection, {
        path: "/labels/printshipment",
        body: request.data,
        schema: printedReturnSchema,
        idempotent: false,
        action: "creating the return label",
      });
      if (!result.ok) return result;
      return ok({ labels: result.value.Consignments.map(toLabel), carrierName: result.value.CarrierName });
    },

    /**
     * Assumption: OmniReturns has no read-only endpoint we know of, so this
     * posts an empty shipment. It cannot become a label (no destination, no
     * parcel); SEKO answers a valid key with "X is required" for the fields
     * the probe left out, and a bad one with 401/403 or an error. That exact
     * answer is the one error body read as evidence (isProbeValidation, and
     * docs/security.md); any other error in a 200, an empty body or a web
     * page fails the check. Re-check this if SEKO ever starts accepting
     * partial shipments.
     */
    async checkConnection(): Promise<Result<ConnectionCheck>> {
      const result = await sekoRequest(connection, {
        path: "/labels/printshipment",
        body: {},
        schema: printShipmentResponseSchema,
        idempotent: true,
        action: "checking the OmniReturns connection",
      });
      if (!result.ok && result.error.kind === "api" && isProbeValidation(result.error.problems)) {
        return ok({ system: "omnireturns", verifiedWith: "/labels/printshipment (empty shipment)" });
      }
      if (!result.ok) return result;
      // Accepting an empty shipment, with or without a label, is not how SEKO answers a key it knows.
      return fail({
        kind: "invalid_response",
        reason: "it accepted an empty shipment",
        system: "omnireturns",
        operation: "/labels/printshipment",
        correlationId: randomUUID(),
        message: "OmniReturns answered the connection check in a way we did not expect, so the key was not saved. Check the address in the connection settings, or ask SEKO to confirm the account.",
      });
    },
  };
}

export type OmniReturnsClient = ReturnType<typeof createOmniReturnsClient>;
