import { endpointFor, type OmniReturnsCredentials, type SekoConfig } from "./config";
import { connectionFor, fail, invalidRequest, ok, type Result, sekoRequest } from "./http.server";
import { type ClientOptions, type ConnectionCheck, type PrintShipmentResult, toLabel } from "./omniparcel.server";
import { printShipmentResponseSchema, type ReturnLabelRequest, returnLabelRequestSchema } from "./schemas";

const printedReturnSchema = printShipmentResponseSchema.refine((value) => value.Consignments.length > 0, {
  message: "no return label came back",
  path: ["Consignments"],
});

export function createOmniReturnsClient(
  config: SekoConfig,
  credentials: OmniReturnsCredentials,
  options: Pick<ClientOptions, "runtime"> = {},
) {
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
     * parcel); SEKO answers a valid key with validation errors and a bad one
     * with 401/403 or an "invalid access key" error. Re-check this if SEKO
     * ever starts accepting partial shipments.
     */
    async checkConnection(): Promise<Result<ConnectionCheck>> {
      const result = await sekoRequest(connection, {
        path: "/labels/printshipment",
        body: {},
        schema: printShipmentResponseSchema,
        idempotent: true,
        action: "checking the OmniReturns connection",
      });
      if (result.ok || result.error.kind === "api") {
        return ok({ system: "omnireturns", verifiedWith: "/labels/printshipment (empty shipment)" });
      }
      return result;
    },
  };
}

export type OmniReturnsClient = ReturnType<typeof createOmniReturnsClient>;
