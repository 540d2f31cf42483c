import { endpointFor, type OmniRpsCredentials, type SekoConfig } from "./config";
import { describeIssue, fail, invalidRequest, ok, type Result } from "./errors";
import type { ClientOptions, ConnectionCheck } from "./omniparcel.server";
import { type OmniRpsOrderRow, omniRpsOrderRowSchema, omniRpsUploadResponseSchema } from "./schemas";
import { connectionFor, sekoRequest } from "./transport.server";

const UPLOAD_PATH = "/app/ftp_return/add_ftp_order_details";

export function createOmniRpsClient(config: SekoConfig, credentials: OmniRpsCredentials, options: Pick<ClientOptions, "runtime"> = {}) {
  const endpoint = endpointFor(config, "omnirps");
  const connection = connectionFor(
    config,
    endpoint,
    {
      headers: {
        [endpoint.authHeader]: credentials.token,
        [config.omnirps.retailerHeader]: credentials.retailerName,
      },
      secrets: [credentials.token],
      credentialLabel: "OmniRPS token and retailer name",
    },
    options.runtime,
  );

  return {
    /**
     * One row per line item, sent in batches of `orderUpload.batchSize`.
     * Retried: SEKO keys order data by order number and SKU, so sending a
     * batch twice leaves the same data (assumption, docs/seko.md 5.5). A
     * failure reports how many batches went through in `error.progress`.
     * SEKO documents no response body: besides `Errors[]`, a
     * `{ success: false }` / `{ status: false | "error" }` answer is a
     * rejection (findProblems), an assumption about a PHP-style API.
     */
    async uploadOrders(rows: OmniRpsOrderRow[]): Promise<Result<{ rowsUploaded: number; batches: number }>> {
      const parsed = [];
      for (const [index, row] of rows.entries()) {
        const result = omniRpsOrderRowSchema.safeParse(row);
        if (!result.success) {
          const which = row.OrderNumber ? `order ${row.OrderNumber}, SKU ${row.SKU || "?"}` : `row ${index + 1}`;
          return fail(invalidRequest("omnirps", UPLOAD_PATH, `${which}: ${describeIssue(result.error)}`));
        }
        parsed.push(result.data);
      }
      const size = config.orderUpload.batchSize;
      const batches = Math.ceil(parsed.length / size);
      for (let batch = 0; batch < batches; batch++) {
        const result = await sekoRequest(connection, {
          path: UPLOAD_PATH,
          body: parsed.slice(batch * size, (batch + 1) * size),
          schema: omniRpsUploadResponseSchema,
          idempotent: true,
          action: "uploading orders to OmniRPS",
        });
        if (!result.ok) return fail({ ...result.error, progress: { done: batch, total: batches } });
      }
      return ok({ rowsUploaded: parsed.length, batches });
    },

    /**
     * Assumption: an empty upload is harmless (nothing to store) and SEKO
     * answers it like any upload. Only a clean answer passes: an error in the
     * body, an empty body or a web page fails the check, whatever the HTTP
     * status, because none of them shows that SEKO accepted the token.
     * Whether SEKO checks the retailer name here is unknown: a wrong name may
     * only show on the first real upload.
     */
    async checkConnection(): Promise<Result<ConnectionCheck>> {
      const result = await sekoRequest(connection, {
        path: UPLOAD_PATH,
        body: [],
        schema: omniRpsUploadResponseSchema,
        idempotent: true,
        action: "checking the OmniRPS connection",
      });
      if (!result.ok) return result;
      return ok({ system: "omnirps", verifiedWith: `${UPLOAD_PATH} (empty upload)` });
    },
  };
}

export type OmniRpsClient = ReturnType<typeof createOmniRpsClient>;
