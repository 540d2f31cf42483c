/**
 * Query cost and throttling: Shopify's requested cost of a document with its page-size limits, the
 * actual cost of what came back, and the leaky bucket a request is checked against and charged to.
 */
import { getArgumentValues, getNamedType, getOperationAST, getVariableValues, GraphQLError, isListType, isNonNullType, parse, type GraphQLCompositeType, type SelectionSetNode } from "graphql";
import { publishedAdminSchema } from "./admin-schema";
import type { ConnectionArgs } from "./connections";
import { collectFields, connectionItems, connectionNodeSelections, fragmentsOf, isConnectionType, type AnalysisContext, type CollectedField } from "./document-walk";
import type { Obj } from "./resolver-context";
import type { ThrottleBucket } from "./shop-runtime";

export const MAX_PAGE_SIZE = 250;
export const MAX_QUERY_COST = 1000;

function pageSize(field: CollectedField, actx: AnalysisContext, path: string[]): number {
  const args = getArgumentValues(field.def, field.node, actx.variables) as ConnectionArgs;
  const size = args.first ?? args.last;
  if (size == null) {
    actx.errors.push(new GraphQLError("you must provide one of first or last", { nodes: field.node, path }));
    return 0;
  }
  if (size > MAX_PAGE_SIZE || size < 0) {
    const name = args.first != null ? "first" : "last";
    actx.errors.push(new GraphQLError(`The value of the \`${name}\` argument must be between 0 and ${MAX_PAGE_SIZE}; got ${size}.`, { nodes: field.node, path, extensions: { code: "BAD_REQUEST" } }));
    return 0;
  }
  return size;
}

/** Shopify's documented estimate: objects 1, scalars 0, connections 2 + page size × node cost. */
export function requestedCost(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, actx: AnalysisContext, path: string[]): number {
  let cost = 0;
  for (const field of collectFields(selectionSet, parentType, actx.fragments, actx.schema)) {
    const fieldPath = [...path, field.key];
    const named = getNamedType(field.def.type);
    if (!field.node.selectionSet) continue;
    if (isConnectionType(field.def.type)) {
      const size = pageSize(field, actx, fieldPath);
      let nodeCost = 0;
      for (const nodeSel of connectionNodeSelections(field, actx.fragments, actx.schema)) {
        nodeCost += 1 + requestedCost(nodeSel.selectionSet, nodeSel.type, actx, [...fieldPath, nodeSel.key]);
      }
      cost += 2 + size * nodeCost;
    } else {
      const child = 1 + requestedCost(field.node.selectionSet, named as GraphQLCompositeType, actx, fieldPath);
      const listArgs = isListType(isNonNullType(field.def.type) ? field.def.type.ofType : field.def.type)
        ? (getArgumentValues(field.def, field.node, actx.variables) as { first?: number | null })
        : {};
      cost += child * (listArgs.first ?? 1);
    }
  }
  return cost;
}

/** The same rules applied to what was actually returned. */
export function actualCost(data: unknown, selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, actx: AnalysisContext): number {
  if (data == null || typeof data !== "object") return 0;
  if (Array.isArray(data)) return data.reduce((sum: number, item) => sum + actualCost(item, selectionSet, parentType, actx), 0);
  let cost = 0;
  const record = data as Obj;
  for (const field of collectFields(selectionSet, parentType, actx.fragments, actx.schema)) {
    const value = record[field.key];
    if (value == null || !field.node.selectionSet) continue;
    if (isConnectionType(field.def.type)) {
      cost += 2;
      for (const nodeSel of connectionNodeSelections(field, actx.fragments, actx.schema)) {
        const items = connectionItems(value as Obj, nodeSel);
        for (const item of items) cost += 1 + actualCost(item, nodeSel.selectionSet, nodeSel.type, actx);
      }
    } else {
      const named = getNamedType(field.def.type) as GraphQLCompositeType;
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) if (item != null) cost += 1 + actualCost(item, field.node.selectionSet, named, actx);
    }
  }
  return cost;
}

export function refillBucket(bucket: ThrottleBucket, nowMs: number) {
  const elapsed = Math.max(0, nowMs - bucket.updatedAtMs) / 1000;
  bucket.currentlyAvailable = Math.min(bucket.maximumAvailable, bucket.currentlyAvailable + elapsed * bucket.restoreRate);
  bucket.updatedAtMs = nowMs;
}

export function costExtension(bucket: ThrottleBucket, requested: number, actual: number | null) {
  return {
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: bucket.maximumAvailable, currentlyAvailable: Math.floor(bucket.currentlyAvailable), restoreRate: bucket.restoreRate },
  };
}

/** Exposed for tests that want to assert on what Shopify would charge for a document. */
export function estimateQueryCost(query: string, variables: Record<string, unknown> = {}): number {
  const schema = publishedAdminSchema();
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error("No operation in document");
  const actx: AnalysisContext = { schema, fragments: fragmentsOf(document), variables, errors: [] };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.coerced) actx.variables = coerced.coerced;
  return requestedCost(operation.selectionSet, operation.operation === "mutation" ? schema.getMutationType()! : schema.getQueryType()!, actx, []);
}
