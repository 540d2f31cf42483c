import { endpointFor, type OmniRpsCredentials, type SekoConfig } from "./config";
import {
  connectionFor,
  describeIssue,
  fail,
  findProblems,
  invalidRequest,
  ok,
  type Result,
  type SekoProblem,
  sekoRequest,
} from "./http.server";
import type { ClientOptions, ConnectionCheck } from "./omniparcel.server";
import { type OmniRpsOrderRow, omniRpsOrderRowSchema, omniRpsUploadResponseSchema } from "./schemas";

const UPLOAD_PATH = "/app/ftp_return/add_ftp_order_details";

/**
 * SEKO documents no response body for the order upload. Besides the usual
 * `Errors[]`, we treat `{ success: false }` / `{ status: false | "error" }`
 * with a message as a rejection: an assumption about a PHP-style API.
 */
function uploadProblems(json: unknown): SekoProblem[] {
  const problems = findProblems(json);
  if (problems.length > 0 || typeof json !== "object" || json === null || Array.isArray(json)) return problems;
  const body = json as Record<string, unknown>;
  const failed =
    body.success === false ||
    body.status === false ||
    (typeof body.status === "string" && /^(error|fail(ed|ure)?)$/i.test(body.status));
  if (!failed) return [];
  const message = typeof body.message === "string" && body.message ? body.message : "the orders were not accepted";
  return [{ source: "Errors", message }];
}

export function createOmniRpsClient(
  config: SekoConfig,
  credentials: OmniRpsCredentials,
  options: Pick<ClientOptions, "runtime"> = {},
) {
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
     * batch twice leaves the same data (assumption, see DOMAIN.md 5). A
     * failure reports how many batches went through in `error.progress`.
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
          problems: uploadProblems,
        });
        if (!result.ok) return fail({ ...result.error, progress: { done: batch, total: batches } });
      }
      return ok({ rowsUploaded: parsed.length, batches });
    },

    /**
     * Assumption: an empty upload is harmless (nothing to store) and passes
     * SEKO's token check first, so 401/403 or an "invalid token" error means
     * bad credentials and anything else, SEKO complaining about the empty
     * list included, means they work. Whether SEKO checks the retailer name
     * here is unknown: a wrong name may only show on the first real upload.
     */
    async checkConnection(): Promise<Result<ConnectionCheck>> {
      const result = await sekoRequest(connection, {
        path: UPLOAD_PATH,
        body: [],
        schema: omniRpsUploadResponseSchema,
        idempotent: true,
        action: "checking the OmniRPS connection",
        problems: uploadProblems,
      });
      if (result.ok || result.error.kind === "api") {
        return ok({ system: "omnirps", verifiedWith: `${UPLOAD_PATH} (empty upload)` });
      }
      return result;
    },
  };
}

export type OmniRpsClient = ReturnType<typeof createOmniRpsClient>;
