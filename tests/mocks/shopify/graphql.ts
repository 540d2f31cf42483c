/**
 * Executes Admin GraphQL documents against one simulated shop, with the parts of Shopify's
 * behaviour the app has to cope with: query cost and the leaky bucket, page-size limits, the
 * 60-day order window without `read_all_orders`, access-scope errors, search syntax and bulk
 * operations that write JSONL. The HTTP layer (tokens, faults, routing) lives in ../shopify.ts.
 *
 * This module wires the parts: the root fields of each resource (./shop-resolvers.ts,
 * ./order-resolvers.ts, ./return-resolvers.ts, ./return-mutations.ts, ./product-resolvers.ts, ./theme-resolvers.ts, ./app-metafields.ts,
 * ./bulk-operations.ts, ./node-lookup.ts), the access checks (./access-checks.ts), the cost and
 * throttling (./query-cost.ts) and bulk queries (./bulk-query-runner.ts).
 */
import { execute, getOperationAST, getVariableValues, GraphQLError, parse, validate, type DocumentNode } from "graphql";
import { checkedResolver } from "./access-checks";
import { publishedAdminSchema } from "./admin-schema";
import { appInstallationRootFields } from "./app-metafields";
import { bulkOperationRootFields } from "./bulk-operations";
import { runBulkQuery } from "./bulk-query-runner";
import { collectFields, fragmentsOf, type AnalysisContext } from "./document-walk";
import { nodeLookupRootFields } from "./node-lookup";
import { orderRootFields } from "./order-resolvers";
import { productRootFields } from "./product-resolvers";
import { returnMutationRootFields } from "./return-mutations";
import { returnRootFields } from "./return-resolvers";
import { actualCost, costExtension, MAX_QUERY_COST, refillBucket, requestedCost } from "./query-cost";
import { buildIndex, type Ctx, type CustomerDataApproval, type Obj } from "./resolver-context";
import { shopRootFields } from "./shop-resolvers";
import type { ShopRuntime } from "./shop-runtime";
import { themeRootFields } from "./theme-resolvers";

const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";

export interface AdminGraphqlRequest {
  query: unknown;
  variables?: unknown;
  operationName?: unknown;
  /** The scopes of the access token the request carried. */
  scopes: readonly string[];
  /** The app's protected customer data approval. */
  customerData: CustomerDataApproval;
  /** Answer THROTTLED regardless of the bucket (fault injection). */
  forceThrottle?: boolean;
}

export interface AdminGraphqlResponse {
  status: number;
  body: unknown;
}

/** The schema's root fields: every resource's, and bulkOperationRunQuery, which runs its query against these same fields. */
function rootValue(): Obj {
  return {
    ...shopRootFields,
    ...orderRootFields,
    ...productRootFields,
    ...returnRootFields,
    ...returnMutationRootFields,
    ...appInstallationRootFields,
    ...themeRootFields,
    ...nodeLookupRootFields,
    ...bulkOperationRootFields,
    bulkOperationRunQuery: (args: { query: string; groupObjects?: boolean }, ctx: Ctx) => runBulkQuery(args.query, ctx, rootValue),
  };
}

// graphql-js words its validation errors differently; Shopify's codes are what clients branch on.
function shopifyCode(error: GraphQLError) {
  const m = error.message;
  if (/^Syntax Error/.test(m)) return { code: "parseError" };
  let match = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(m);
  if (match) return { code: "undefinedField", typeName: match[2], fieldName: match[1] };
  match = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(m);
  if (match) return { code: "argumentNotAccepted", name: match[3], typeName: "Field", argumentName: match[1] };
  if (/^Variable "\$\w+"/.test(m)) return { code: "variableMismatch" };
  if (/^Field "\w+" argument "\w+" of type .* is required/.test(m)) return { code: "missingRequiredArguments" };
  return { code: "invalidQuery" };
}

const serialize = (error: GraphQLError) => {
  const json = error.toJSON() as unknown as Obj;
  if (!json.extensions) json.extensions = shopifyCode(error);
  return json;
};

export async function executeAdminGraphql(runtime: ShopRuntime, request: AdminGraphqlRequest): Promise<AdminGraphqlResponse> {
  const nowMs = Date.now();
  const bucket = runtime.bucket;
  refillBucket(bucket, nowMs);
  if (typeof request.query !== "string" || !request.query.trim()) {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  }
  const schema = publishedAdminSchema();
  const invalid = (errors: readonly GraphQLError[], requested = 0) => ({
    status: 200,
    body: { errors: errors.map(serialize), extensions: { cost: costExtension(bucket, requested, null) } },
  });

  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return invalid([error instanceof GraphQLError ? error : new GraphQLError(String(error))]);
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length) return invalid(validationErrors);
  const operationName = typeof request.operationName === "string" ? request.operationName : undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) return invalid([new GraphQLError(operationName ? `No operation named "${operationName}"` : "An operation name is required when the document has several operations.")]);
  const variableInput = request.variables && typeof request.variables === "object" ? (request.variables as Record<string, unknown>) : {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableInput);
  if (coerced.errors) return invalid(coerced.errors);

  const actx: AnalysisContext = { schema, fragments: fragmentsOf(document), variables: coerced.coerced, errors: [] };
  const rootType = operation.operation === "mutation" ? schema.getMutationType()! : schema.getQueryType()!;
  const requested =
    operation.operation === "mutation" ? 10 * collectFields(operation.selectionSet, rootType, actx.fragments, schema).length : requestedCost(operation.selectionSet, rootType, actx, []);
  if (actx.errors.length) return invalid(actx.errors, requested);
  if (requested > MAX_QUERY_COST) {
    return invalid(
      [
        new GraphQLError(`Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`, {
          extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST, documentation: RATE_LIMIT_DOCS },
        }),
      ],
      requested,
    );
  }
  if (request.forceThrottle || requested > bucket.currentlyAvailable) {
    return {
      status: 200,
      body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCS } }], extensions: { cost: costExtension(bucket, requested, null) } },
    };
  }

  const ctx: Ctx = { runtime, scopes: new Set(request.scopes), customerData: request.customerData, nowMs, bulk: false, searchWarnings: [], index: buildIndex(runtime.data) };
  const result = await execute({ schema, document, operationName, variableValues: coerced.coerced, rootValue: rootValue(), contextValue: ctx, fieldResolver: checkedResolver });
  const actual = operation.operation === "mutation" ? requested : result.data ? actualCost(result.data, operation.selectionSet, rootType, actx) : 0;
  bucket.currentlyAvailable = Math.max(0, bucket.currentlyAvailable - actual);

  const body: Obj = {};
  if (result.errors?.length) body.errors = result.errors.map((e) => e.toJSON());
  body.data = result.data ?? null;
  const extensions: Obj = { cost: costExtension(bucket, requested, actual) };
  if (ctx.searchWarnings.length) extensions.search = ctx.searchWarnings;
  body.extensions = extensions;
  return { status: 200, body };
}
