import type { ZodType } from "zod";
import type { authenticate } from "~/shopify.server";

export type AdminGraphql = Awaited<ReturnType<typeof authenticate.admin>>["admin"]["graphql"];

export class ShopifyResponseError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ShopifyResponseError";
  }
}

/**
 * Runs one Admin GraphQL operation and parses `data` with the schema, so a
 * field Shopify stopped sending is a clear error here, not undefined later.
 */
export async function adminQuery<T>(
  graphql: AdminGraphql,
  query: string,
  schema: ZodType<T>,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await graphql(query, variables ? { variables } : undefined);
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new ShopifyResponseError("Shopify answered with errors", body.errors);
  const parsed = schema.safeParse(body.data);
  if (!parsed.success) throw new ShopifyResponseError("Unexpected response from Shopify", parsed.error.issues);
  return parsed.data;
}
