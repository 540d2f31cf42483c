import { z, type ZodType } from "zod";
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
 * The parser for an operation typed by codegen (app/types, `npm run graphql-codegen`): Shopify
 * answers in its own schema, so the generated type is the guard. Zod stays where data comes from
 * somewhere the types cannot vouch for (bulk files, webhooks).
 */
export function typed<T>(): ZodType<T> {
  return z.custom<T>((data) => typeof data === "object" && data !== null);
}

type GraphqlError = { message?: unknown; extensions?: { code?: unknown; requiredAccess?: unknown } };

/**
 * Shopify refused a field: a scope the app does not hold (`requiredAccess` says which) or protected
 * customer data the app is not approved for. Retrying does not help; the message says what would.
 */
export class ShopifyAccessDeniedError extends ShopifyResponseError {
  constructor(
    readonly denied: { message: string; requiredAccess: string | null; customerData: boolean }[],
    details?: unknown,
  ) {
    super(accessDeniedMessage(denied), details);
    this.name = "ShopifyAccessDeniedError";
  }
}

function accessDeniedMessage(denied: ShopifyAccessDeniedError["denied"]) {
  if (denied.some((d) => d.customerData)) {
    return "Shopify has not approved this app for the protected customer data it reads (customer names, emails and addresses on orders). SEKO needs them to match returns to orders; the app's Partner team requests this approval, and nothing was imported without it.";
  }
  const access = [...new Set(denied.map((d) => d.requiredAccess).filter(Boolean))];
  return `Shopify refused access this app needs${access.length ? `: ${access.join("; ")}` : ""}. Open the app again from Shopify admin to grant it.`;
}

/** The ACCESS_DENIED errors of a GraphQL answer, or null when there are none. */
export function accessDenied(errors: unknown): ShopifyAccessDeniedError | null {
  if (!Array.isArray(errors)) return null;
  const denied = (errors as GraphqlError[])
    .filter((error) => error?.extensions?.code === "ACCESS_DENIED")
    .map((error) => {
      const message = typeof error.message === "string" ? error.message : "";
      const requiredAccess = typeof error.extensions?.requiredAccess === "string" ? error.extensions.requiredAccess : null;
      return { message, requiredAccess, customerData: !requiredAccess && /not approved/i.test(message) };
    });
  return denied.length ? new ShopifyAccessDeniedError(denied, errors) : null;
}

/**
 * Runs one Admin GraphQL operation and parses `data` with the schema, so a
 * field Shopify stopped sending is a clear error here, not undefined later.
 */
export async function adminQuery<T>(graphql: AdminGraphql, query: string, schema: ZodType<T>, variables?: Record<string, unknown>): Promise<T> {
  const response = await graphql(query, variables ? { variables } : undefined);
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw accessDenied(body.errors) ?? new ShopifyResponseError("Shopify answered with errors", body.errors);
  const parsed = schema.safeParse(body.data);
  if (!parsed.success) throw new ShopifyResponseError("Unexpected response from Shopify", parsed.error.issues);
  return parsed.data;
}
