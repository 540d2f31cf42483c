/**
 * Starting a bulk query as Shopify does: the limit on running operations, the structural rules
 * (at least one connection, at most five, nesting at most two, parents select `id`), execution
 * without pagination, and the result flattened to JSONL with `__parentId` on children.
 */
import { execute, getNamedType, getOperationAST, Kind, parse, validate, type DocumentNode, type GraphQLCompositeType, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { checkedResolver } from "./access-checks";
import { publishedAdminSchema } from "./admin-schema";
import { bulkFiles, bulkOperationView, bulkStatus, MAX_CONCURRENT_BULK_QUERIES } from "./bulk-operations";
import { collectFields, connectionItems, connectionNodeSelections, fragmentsOf, isConnectionType, type AnalysisContext } from "./document-walk";
import type { Ctx, Obj } from "./resolver-context";
import type { BulkOperationRecord } from "./shop-runtime";

let bulkCounter = 0;

function bulkUserError(message: string, code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS", field: string[] | null = ["query"]) {
  return { bulkOperation: null, userErrors: [{ field, message, code }] };
}

/** Shopify's structural rules: ≥1 connection, ≤5 connections, nesting ≤2, parents select `id`. */
function checkBulkShape(selectionSet: SelectionSetNode, type: GraphQLCompositeType, actx: AnalysisContext, depth: number, stats: { connections: number; problems: string[] }) {
  const fields = collectFields(selectionSet, type, actx.fragments, actx.schema);
  for (const field of fields) {
    if (!field.node.selectionSet) continue;
    if (isConnectionType(field.def.type)) {
      stats.connections++;
      if (depth >= 2) stats.problems.push(`Bulk queries cannot contain connections with a nesting depth greater than 2. Connection field: '${field.def.name}'.`);
      if (depth >= 1) {
        const hasId = selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "id" && !s.alias);
        if (!hasId)
          stats.problems.push(`The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection field: '${field.def.name}'.`);
      }
      for (const nodeSel of connectionNodeSelections(field, actx.fragments, actx.schema)) {
        checkBulkShape(nodeSel.selectionSet, nodeSel.type, actx, depth + 1, stats);
      }
    } else {
      checkBulkShape(field.node.selectionSet, getNamedType(field.def.type) as GraphQLCompositeType, actx, depth, stats);
    }
  }
}

/** Turns a bulk query's result into Shopify's JSONL: one object per line, children with `__parentId`. */
function flattenBulk(data: Obj, operation: OperationDefinitionNode, actx: AnalysisContext) {
  const lines: Obj[] = [];
  let roots = 0;
  const emit = (node: Obj, selectionSet: SelectionSetNode, type: GraphQLCompositeType, parentId: string | null) => {
    const children: { node: Obj; selectionSet: SelectionSetNode; type: GraphQLCompositeType }[] = [];
    const line = strip(node, selectionSet, type, children);
    if (parentId) line.__parentId = parentId;
    else roots++;
    lines.push(line);
    const ownId = typeof node.id === "string" ? node.id : parentId;
    for (const child of children) emit(child.node, child.selectionSet, child.type, ownId);
  };
  // Copies an object without its connections; connection nodes become children of the nearest node.
  const strip = (value: Obj, selectionSet: SelectionSetNode, type: GraphQLCompositeType, children: { node: Obj; selectionSet: SelectionSetNode; type: GraphQLCompositeType }[]): Obj => {
    const copy: Obj = { ...value };
    for (const field of collectFields(selectionSet, type, actx.fragments, actx.schema)) {
      if (!(field.key in copy) || !field.node.selectionSet) continue;
      const fieldValue = copy[field.key];
      if (isConnectionType(field.def.type)) {
        delete copy[field.key];
        if (fieldValue == null) continue;
        for (const nodeSel of connectionNodeSelections(field, actx.fragments, actx.schema)) {
          for (const item of connectionItems(fieldValue as Obj, nodeSel)) children.push({ node: item, selectionSet: nodeSel.selectionSet, type: nodeSel.type });
        }
      } else if (fieldValue != null) {
        const named = getNamedType(field.def.type) as GraphQLCompositeType;
        copy[field.key] = Array.isArray(fieldValue)
          ? fieldValue.map((item: Obj | null) => (item == null ? item : strip(item, field.node.selectionSet!, named, children)))
          : strip(fieldValue as Obj, field.node.selectionSet, named, children);
      }
    }
    return copy;
  };
  const queryType = actx.schema.getQueryType()!;
  for (const field of collectFields(operation.selectionSet, queryType, actx.fragments, actx.schema)) {
    const value = data[field.key];
    if (value == null || !field.node.selectionSet) continue;
    if (isConnectionType(field.def.type)) {
      for (const nodeSel of connectionNodeSelections(field, actx.fragments, actx.schema)) {
        for (const item of connectionItems(value as Obj, nodeSel)) emit(item, nodeSel.selectionSet, nodeSel.type, null);
      }
    } else {
      const named = getNamedType(field.def.type) as GraphQLCompositeType;
      for (const item of Array.isArray(value) ? value : [value]) if (item) emit(item as Obj, field.node.selectionSet, named, null);
    }
  }
  return { jsonl: lines.map((line) => JSON.stringify(line)).join("\n") + (lines.length ? "\n" : ""), objectCount: lines.length, rootObjectCount: roots };
}

/** Starts a bulk query; `rootValue` gives the schema's root fields, as ./graphql.ts wires them. */
export async function runBulkQuery(query: string, ctx: Ctx, rootValue: () => Obj) {
  const runtime = ctx.runtime;
  const running = runtime.bulkOperations.filter((r) => ["CREATED", "RUNNING"].includes(bulkStatus(r, ctx.nowMs).status));
  if (running.length >= MAX_CONCURRENT_BULK_QUERIES) {
    return bulkUserError(`Bulk operations limit reached: ${MAX_CONCURRENT_BULK_QUERIES} bulk query operations are already running for this app and shop.`, "LIMIT_REACHED", null);
  }
  const schema = publishedAdminSchema();
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return bulkUserError(`Invalid bulk query: ${(error as Error).message}`, "INVALID");
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length) return bulkUserError(`Invalid bulk query: ${validationErrors[0]!.message}`, "INVALID");
  const operation = getOperationAST(document);
  if (!operation || operation.operation !== "query") return bulkUserError("Invalid bulk query: bulkOperationRunQuery accepts a single query operation.", "INVALID");
  if (operation.variableDefinitions?.length) return bulkUserError("Invalid bulk query: variables are not supported in bulk queries.", "INVALID");
  const actx: AnalysisContext = { schema, fragments: fragmentsOf(document), variables: {}, errors: [] };
  const stats = { connections: 0, problems: [] as string[] };
  checkBulkShape(operation.selectionSet, schema.getQueryType()!, actx, 0, stats);
  if (stats.connections === 0) return bulkUserError("Bulk queries must contain at least one connection.", "INVALID");
  if (stats.connections > 5) return bulkUserError("Bulk queries cannot contain more than 5 connections.", "INVALID");
  if (stats.problems.length) return bulkUserError(stats.problems[0]!, "INVALID");

  const bulkCtx: Ctx = { ...ctx, bulk: true, searchWarnings: [] };
  const result = await execute({ schema, document, rootValue: rootValue(), contextValue: bulkCtx, fieldResolver: checkedResolver });
  let failWith = runtime.pendingBulkFailures.shift() ?? null;
  if (result.errors?.some((e) => e.extensions?.code === "ACCESS_DENIED")) failWith ??= "ACCESS_DENIED";
  else if (result.errors?.length) failWith ??= "INTERNAL_SERVER_ERROR";
  const flat = result.data ? flattenBulk(result.data as Obj, operation, actx) : { jsonl: "", objectCount: 0, rootObjectCount: 0 };
  const number = 4_400_000_000_000 + ++bulkCounter;
  const record: BulkOperationRecord = {
    id: `gid://shopify/BulkOperation/${number}`,
    type: "QUERY",
    query,
    createdAtMs: ctx.nowMs,
    durationMs: runtime.bulkOperationDurationMs,
    failWith,
    canceledAtMs: null,
    ...flat,
    fileName: `${number}.jsonl`,
  };
  runtime.bulkOperations.push(record);
  bulkFiles.set(record.fileName, { record });
  return { bulkOperation: bulkOperationView(record, ctx.nowMs, "CREATED"), userErrors: [] };
}
