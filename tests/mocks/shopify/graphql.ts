/**
 * Executes Admin GraphQL documents against one simulated shop, with the parts of Shopify's
 * behaviour the app has to cope with: query cost and the leaky bucket, page-size limits, the
 * 60-day order window without `read_all_orders`, access-scope errors, search syntax and bulk
 * operations that write JSONL. The HTTP layer (tokens, faults, routing) lives in ../shopify.ts.
 */
import { createHash } from "node:crypto";
import {
  defaultFieldResolver,
  execute,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isAbstractType,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type {
  DemoAddress,
  DemoCustomer,
  DemoImage,
  DemoLineItem,
  DemoOrder,
  DemoProduct,
  DemoStore,
  DemoTheme,
  DemoVariant,
} from "../../fixtures/demo-store";
import { LEVEL_1_TYPES, publishedAccessRules, publishedAdminSchema, satisfies, type ProtectedContent, type Requirement } from "./admin-schema";

export const MAX_PAGE_SIZE = 250;
export const MAX_QUERY_COST = 1000;
/** Orders created before this many days ago need `read_all_orders`. */
export const ORDER_WINDOW_DAYS = 60;
export const MAX_CONCURRENT_BULK_QUERIES = 5;
export const BULK_STORAGE_ORIGIN = "https://storage.shopifycloud.test";
const BULK_URL_LIFETIME_MS = 7 * 86_400_000;
const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";

export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";
export type BulkOperationStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";

export interface BulkOperationRecord {
  id: string;
  type: "QUERY";
  query: string;
  createdAtMs: number;
  /** How long the operation stays CREATED/RUNNING before it finishes. */
  durationMs: number;
  failWith: BulkOperationErrorCode | null;
  canceledAtMs: number | null;
  jsonl: string;
  objectCount: number;
  rootObjectCount: number;
  fileName: string;
}

export interface ThrottleBucket {
  maximumAvailable: number;
  restoreRate: number;
  currentlyAvailable: number;
  updatedAtMs: number;
}

/** Everything the fake keeps about one shop besides its tokens. */
export interface ShopRuntime {
  domain: string;
  data: DemoStore;
  bucket: ThrottleBucket;
  bulkOperations: BulkOperationRecord[];
  bulkOperationDurationMs: number;
  /** Error codes the next bulk operations finish with, one per operation. */
  pendingBulkFailures: BulkOperationErrorCode[];
  /** App-data metafields on the app's installation (what `app.metafields` shows a theme app extension). */
  appMetafields: AppMetafieldRecord[];
}

export interface AppMetafieldRecord {
  id: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export function createShopRuntime(domain: string, data: DemoStore, options: { bulkOperationDurationMs?: number } = {}): ShopRuntime {
  return {
    domain,
    data,
    bucket: { maximumAvailable: 2000, restoreRate: 100, currentlyAvailable: 2000, updatedAtMs: Date.now() },
    bulkOperations: [],
    bulkOperationDurationMs: options.bulkOperationDurationMs ?? 0,
    pendingBulkFailures: [],
    appMetafields: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Bulk result files, served by the msw handler in ../shopify.ts.

const bulkFiles = new Map<string, { record: BulkOperationRecord }>();
let bulkCounter = 0;

export function readBulkFile(fileName: string, nowMs = Date.now()): { status: "ok"; body: string } | { status: "missing" | "expired" } {
  const entry = bulkFiles.get(fileName);
  if (!entry) return { status: "missing" };
  const view = bulkStatus(entry.record, nowMs);
  if (view.status === "EXPIRED") return { status: "expired" };
  if (view.status !== "COMPLETED") return { status: "missing" };
  return { status: "ok", body: entry.record.jsonl };
}

export function resetBulkFiles() {
  bulkFiles.clear();
}

// ---------------------------------------------------------------------------------------------
// Schema

/** Shopify's published schema for the app's API version: types, nullability, arguments, enums. */
export function adminSchema(): GraphQLSchema {
  return publishedAdminSchema();
}

// ---------------------------------------------------------------------------------------------
// Small helpers

type Obj = Record<string, unknown>;
type ConnectionArgs = { first?: number | null; last?: number | null; after?: string | null; before?: string | null; reverse?: boolean | null };

const legacyId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1).split("?")[0] ?? "";
const numericId = (gid: string) => Number(legacyId(gid));
const gidType = (gid: string) => /^gid:\/\/shopify\/([A-Za-z]+)\/\d+/.exec(gid)?.[1] ?? null;

/** Shopify serialises Decimal with trailing zeros trimmed but one decimal kept: "89.0", "12.5". */
function decimal(value: number | string) {
  const n = Math.round(Number(value) * 100) / 100;
  const text = n.toFixed(2).replace(/0$/, "");
  return text;
}

const currencyNames = new Intl.DisplayNames(["en"], { type: "currency" });

function moneyBag(amount: number | string, shopCurrency: string, presentment?: { code: string; rate: number }) {
  const value = Number(amount);
  return {
    shopMoney: { amount: decimal(value), currencyCode: shopCurrency },
    presentmentMoney: presentment
      ? { amount: decimal(value * presentment.rate), currencyCode: presentment.code }
      : { amount: decimal(value), currencyCode: shopCurrency },
  };
}

/** Shopify's answer to a field the token's scopes do not cover: the field null, this error beside it. */
function accessDenied(field: string, requirement: Requirement) {
  return new GraphQLError(`Access denied for ${field} field. Required access: ${requirement.text}`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: requirement.text },
  });
}

const CUSTOMER_DATA_DOCS = "https://shopify.dev/docs/apps/launch/protected-customer-data";

/** Shopify's answer when the app is not approved for a kind of protected customer data. */
function notApproved(what: string) {
  return new GraphQLError(`This app is not approved to ${what}. See ${CUSTOMER_DATA_DOCS} for more details.`, {
    extensions: { code: "ACCESS_DENIED", documentation: CUSTOMER_DATA_DOCS },
  });
}

// ---------------------------------------------------------------------------------------------
// Execution context

interface SearchWarning {
  path: string[];
  query: string;
  warnings: { field: string; message: string }[];
}

/**
 * What Shopify approved the app for under "Protected customer data access": level 1 (customer
 * objects such as orders and customers at all) and, per kind, the level 2 fields.
 */
export interface CustomerDataApproval {
  level1: boolean;
  fields: readonly ProtectedContent[];
}

interface Ctx {
  runtime: ShopRuntime;
  scopes: Set<string>;
  customerData: CustomerDataApproval;
  nowMs: number;
  /** Inside a bulk operation: connections return everything, unpaginated. */
  bulk: boolean;
  searchWarnings: SearchWarning[];
  index: StoreIndex;
}

interface StoreIndex {
  variants: Map<string, { variant: DemoVariant; product: DemoProduct }>;
  inventoryItems: Map<string, { variant: DemoVariant; product: DemoProduct }>;
  products: Map<string, DemoProduct>;
  customers: Map<string, DemoCustomer>;
  ordersByCustomer: Map<string, number>;
}

// Built per request because tests mutate the store between requests.
function buildIndex(data: DemoStore): StoreIndex {
  const index: StoreIndex = { variants: new Map(), inventoryItems: new Map(), products: new Map(), customers: new Map(), ordersByCustomer: new Map() };
  for (const product of data.products) {
    index.products.set(product.id, product);
    for (const variant of product.variants) {
      index.variants.set(variant.id, { variant, product });
      index.inventoryItems.set(variant.inventoryItem.id, { variant, product });
    }
  }
  for (const customer of data.customers) index.customers.set(customer.id, customer);
  for (const order of data.orders) {
    if (order.customerId) index.ordersByCustomer.set(order.customerId, (index.ordersByCustomer.get(order.customerId) ?? 0) + 1);
  }
  return index;
}

// ---------------------------------------------------------------------------------------------
// Access: every field resolved is checked against the published rules, as Shopify does.

const connectionNodeType = (type: GraphQLOutputType) => {
  const named = getNamedType(type);
  if (!isObjectType(named) || !named.name.endsWith("Connection")) return null;
  const nodes = named.getFields().nodes;
  return nodes ? getNamedType(nodes.type) : null;
};

const requirementsByField = new Map<string, Requirement[]>();

/** The field's own rule, its type's, and for a connection its node type's. */
function fieldRequirements(parentType: string, field: string, returnType: GraphQLOutputType): Requirement[] {
  const key = `${parentType}.${field}`;
  let found = requirementsByField.get(key);
  if (!found) {
    const rules = publishedAccessRules();
    const named = getNamedType(returnType);
    const nodeType = connectionNodeType(returnType);
    found = [rules.fields.get(key), rules.types.get(named.name), nodeType ? rules.types.get(nodeType.name) : undefined].filter((r): r is Requirement => Boolean(r));
    requirementsByField.set(key, found);
  }
  return found;
}

function checkObjectType(typeName: string, field: string, ctx: Ctx, operation: "query" | "mutation") {
  const requirement = publishedAccessRules().types.get(typeName);
  if (requirement && !satisfies(requirement, ctx.scopes, operation)) throw accessDenied(field, requirement);
  if (LEVEL_1_TYPES.has(typeName) && !ctx.customerData.level1) throw notApproved(`access the ${typeName} object`);
}

const checkedResolver: GraphQLFieldResolver<unknown, Ctx> = (source, args, ctx, info) => {
  const operation = info.operation.operation === "mutation" ? "mutation" : "query";
  for (const requirement of fieldRequirements(info.parentType.name, info.fieldName, info.returnType)) {
    if (!satisfies(requirement, ctx.scopes, operation)) throw accessDenied(info.fieldName, requirement);
  }
  const content = publishedAccessRules().protectedFields.get(`${info.parentType.name}.${info.fieldName}`);
  if (content && !(ctx.customerData.level1 && ctx.customerData.fields.includes(content))) throw notApproved(`use the ${info.fieldName} field`);
  const named = getNamedType(info.returnType);
  const nodeType = connectionNodeType(info.returnType);
  for (const type of [named, nodeType]) if (type && LEVEL_1_TYPES.has(type.name) && !ctx.customerData.level1) throw notApproved(`access the ${type.name} object`);
  const value = defaultFieldResolver(source, args, ctx, info);
  if (!isAbstractType(named)) return value;
  // `node`, `nodes` and unions: the rule is the concrete type's, known once resolved.
  const check = (item: unknown) => {
    const typename = item && typeof item === "object" ? (item as Obj).__typename : undefined;
    if (typeof typename === "string") checkObjectType(typename, info.fieldName, ctx, operation);
  };
  if (Array.isArray(value)) value.forEach(check);
  else check(value);
  return value;
};

function hasScope(ctx: Ctx, scope: string) {
  if (ctx.scopes.has(scope)) return true;
  // A write scope implies its read scope.
  return scope.startsWith("read_") && ctx.scopes.has(scope.replace(/^read_/, "write_"));
}


function visibleOrders(ctx: Ctx): DemoOrder[] {
  if (hasScope(ctx, "read_all_orders")) return ctx.runtime.data.orders;
  const cutoff = ctx.nowMs - ORDER_WINDOW_DAYS * 86_400_000;
  return ctx.runtime.data.orders.filter((order) => Date.parse(order.createdAt) >= cutoff);
}

// ---------------------------------------------------------------------------------------------
// Connections and cursors

type SortKey = string | number;

/** Cursors carry the sort value and id of the last item, like Shopify's opaque cursors. */
function encodeCursor(value: SortKey, id: number) {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString("base64url");
}

function decodeCursor(cursor: string): { value: SortKey; id: number } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === "number" && (typeof parsed.last_value === "string" || typeof parsed.last_value === "number")) {
      return { value: parsed.last_value, id: parsed.last_id };
    }
  } catch {
    // fall through
  }
  throw new GraphQLError("Invalid cursor for current pagination sort.", { extensions: { code: "BAD_REQUEST" } });
}

function compareKeys(a: [SortKey, number], b: [SortKey, number]) {
  if (a[0] < b[0]) return -1;
  if (a[0] > b[0]) return 1;
  return a[1] - b[1];
}

function connection<T>(items: readonly T[], args: ConnectionArgs, ctx: Ctx, key: (item: T) => [SortKey, number], view: (item: T) => unknown, options: { defaultDescending?: boolean } = {}) {
  const descending = Boolean(options.defaultDescending) !== Boolean(args.reverse);
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => (descending ? -1 : 1) * compareKeys(a.key, b.key));
  const direction = descending ? -1 : 1;
  let start = 0;
  let end = keyed.length;
  if (args.after) {
    const cursor = decodeCursor(args.after);
    const at = keyed.findIndex((entry) => direction * compareKeys(entry.key, [cursor.value, cursor.id]) > 0);
    start = at === -1 ? keyed.length : at;
  }
  if (args.before) {
    const cursor = decodeCursor(args.before);
    const at = keyed.findIndex((entry) => direction * compareKeys(entry.key, [cursor.value, cursor.id]) >= 0);
    end = at === -1 ? keyed.length : at;
  }
  let window = keyed.slice(start, Math.max(start, end));
  let hasNextPage = end < keyed.length;
  let hasPreviousPage = start > 0;
  if (!ctx.bulk) {
    if (args.first != null) {
      hasNextPage = hasNextPage || window.length > args.first;
      window = window.slice(0, args.first);
    } else if (args.last != null) {
      hasPreviousPage = hasPreviousPage || window.length > args.last;
      window = window.slice(Math.max(0, window.length - args.last));
    }
  }
  const edges = window.map((entry) => ({ cursor: encodeCursor(entry.key[0], entry.key[1]), node: view(entry.item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** For nested lists that keep their own order (line items, variants, images). */
function positional<T>(items: readonly T[], args: ConnectionArgs, ctx: Ctx, view: (item: T, index: number) => unknown) {
  const indexed = items.map((item, index) => ({ item, index }));
  return connection(indexed, args, ctx, (entry) => [entry.index, entry.index], (entry) => view(entry.item, entry.index));
}

// ---------------------------------------------------------------------------------------------
// Shopify search syntax: `updated_at:>'2026-01-01T00:00:00Z' AND -status:cancelled (tag:a OR tag:b)`

type Comparator = ":" | ">" | ">=" | "<" | "<=";
type SearchNode =
  | { kind: "and" | "or"; items: SearchNode[] }
  | { kind: "not"; item: SearchNode }
  | { kind: "term"; field: string | null; comparator: Comparator; value: string };

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")") {
      tokens.push(ch);
      i++;
      continue;
    }
    let word = "";
    let quote: string | null = null;
    while (i < query.length) {
      const c = query[i]!;
      if (quote) {
        word += c;
        if (c === quote) quote = null;
      } else if (c === "'" || c === '"') {
        quote = c;
        word += c;
      } else if (/\s/.test(c) || c === "(" || c === ")") {
        break;
      } else {
        word += c;
      }
      i++;
    }
    tokens.push(word);
  }
  return tokens;
}

function parseSearch(query: string): SearchNode {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = () => tokens[pos];
  const parseOr = (): SearchNode => {
    const items = [parseAnd()];
    while (peek() === "OR") {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: "or", items };
  };
  const parseAnd = (): SearchNode => {
    const items = [parseUnary()];
    while (pos < tokens.length && peek() !== ")" && peek() !== "OR") {
      if (peek() === "AND") {
        pos++;
        continue;
      }
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  };
  const parseUnary = (): SearchNode => {
    const token = tokens[pos++];
    if (token === undefined) return { kind: "and", items: [] };
    if (token === "NOT") return { kind: "not", item: parseUnary() };
    if (token === "(") {
      const inner = parseOr();
      if (peek() === ")") pos++;
      return inner;
    }
    if (token.length > 1 && token.startsWith("-")) return { kind: "not", item: parseTerm(token.slice(1)) };
    return parseTerm(token);
  };
  const parseTerm = (word: string): SearchNode => {
    const match = /^([A-Za-z_][\w.]*):(.*)$/s.exec(word);
    if (!match) return { kind: "term", field: null, comparator: ":", value: unquote(word) };
    const rest = match[2]!;
    const comparator = ([">=", "<=", ">", "<"] as const).find((c) => rest.startsWith(c)) ?? ":";
    const value = unquote(comparator === ":" ? rest : rest.slice(comparator.length));
    return { kind: "term", field: match[1]!.toLowerCase(), comparator, value };
  };
  if (tokens.length === 0) return { kind: "and", items: [] };
  return parseOr();
}

function unquote(value: string) {
  const m = /^(['"])(.*)\1$/s.exec(value);
  return m ? m[2]! : value;
}

type TermMatcher<T> = (item: T, comparator: Comparator, value: string) => boolean | "invalid";

interface SearchFields<T> {
  fields: Record<string, TermMatcher<T>>;
  text: (item: T, value: string) => boolean;
}

function applySearch<T>(items: readonly T[], query: string | null | undefined, spec: SearchFields<T>, ctx: Ctx, path: string): T[] {
  if (!query || !query.trim()) return [...items];
  const tree = parseSearch(query);
  const warnings = new Map<string, string>();
  // Shopify ignores unknown filters and says so in extensions.search, matches or not.
  const visit = (node: SearchNode): void => {
    if (node.kind === "term") {
      if (node.field !== null && !spec.fields[node.field]) warnings.set(node.field, "Invalid search field for this query.");
    } else if (node.kind === "not") visit(node.item);
    else node.items.forEach(visit);
  };
  visit(tree);
  const evaluate = (node: SearchNode, item: T): boolean => {
    switch (node.kind) {
      case "and":
        return node.items.every((child) => evaluate(child, item));
      case "or":
        return node.items.some((child) => evaluate(child, item));
      case "not":
        return !evaluate(node.item, item);
      case "term": {
        if (node.field === null) return spec.text(item, node.value);
        const matcher = spec.fields[node.field];
        if (!matcher) return true;
        const result = matcher(item, node.comparator, node.value);
        if (result === "invalid") {
          warnings.set(node.field, `Input \`${node.value}\` is not an accepted value.`);
          return true;
        }
        return result;
      }
    }
  };
  const result = items.filter((item) => evaluate(tree, item));
  if (warnings.size) {
    ctx.searchWarnings.push({ path: [path], query, warnings: [...warnings].map(([field, message]) => ({ field, message })) });
  }
  return result;
}

function compareValues(actual: number, comparator: Comparator, expected: number) {
  switch (comparator) {
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    case ":":
      return actual === expected;
  }
}

function dateMatcher<T>(get: (item: T) => string | null): TermMatcher<T> {
  return (item, comparator, raw) => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
    const expected = Date.parse(raw);
    if (Number.isNaN(expected)) return "invalid";
    const value = get(item);
    if (!value) return false;
    const actual = Date.parse(value);
    if (comparator === ":" && dateOnly) return actual >= expected && actual < expected + 86_400_000;
    return compareValues(actual, comparator, expected);
  };
}

function textMatcher<T>(get: (item: T) => (string | null)[]): TermMatcher<T> {
  return (item, _comparator, raw) => {
    const wanted = raw.toLowerCase();
    const prefix = wanted.endsWith("*");
    const needle = prefix ? wanted.slice(0, -1) : wanted;
    return get(item).some((value) => {
      if (value == null) return false;
      const v = value.toLowerCase();
      return prefix ? v.startsWith(needle) : v === needle;
    });
  };
}

function wordsMatcher<T>(get: (item: T) => string): TermMatcher<T> {
  return (item, _comparator, raw) => {
    const haystack = get(item).toLowerCase();
    const needle = raw.toLowerCase().replace(/\*$/, "");
    return haystack.split(/\s+/).some((word) => word.startsWith(needle)) || haystack.includes(needle);
  };
}

function idMatcher<T>(get: (item: T) => string | null): TermMatcher<T> {
  return (item, comparator, raw) => {
    const expected = Number(legacyId(raw));
    if (!Number.isFinite(expected)) return "invalid";
    const id = get(item);
    return id != null && compareValues(numericId(id), comparator, expected);
  };
}

const ORDER_SEARCH: SearchFields<DemoOrder> = {
  fields: {
    created_at: dateMatcher((o) => o.createdAt),
    processed_at: dateMatcher((o) => o.processedAt),
    updated_at: dateMatcher((o) => o.updatedAt),
    cancelled_at: dateMatcher((o) => o.cancelledAt),
    id: idMatcher((o) => o.id),
    customer_id: idMatcher((o) => o.customerId),
    name: (o, _c, v) => o.name.toLowerCase() === (v.startsWith("#") ? v : `#${v}`).toLowerCase(),
    email: textMatcher((o) => [o.email]),
    sku: textMatcher((o) => o.lineItems.map((li) => li.sku)),
    tag: textMatcher((o) => o.tags),
    tag_not: (o, _c, v) => !o.tags.some((t) => t.toLowerCase() === v.toLowerCase()),
    test: (o, _c, v) => String(o.test) === v.toLowerCase(),
    status: (o, _c, v) => {
      switch (v.toLowerCase()) {
        case "any":
          return true;
        case "open":
          return !o.closedAt && !o.cancelledAt;
        case "closed":
          return Boolean(o.closedAt) && !o.cancelledAt;
        case "cancelled":
          return Boolean(o.cancelledAt);
        default:
          return "invalid";
      }
    },
    fulfillment_status: (o, _c, v) => {
      const status = o.displayFulfillmentStatus;
      switch (v.toLowerCase()) {
        case "any":
          return true;
        case "shipped":
        case "fulfilled":
          return status === "FULFILLED";
        case "unshipped":
        case "unfulfilled":
          return status === "UNFULFILLED";
        case "partial":
          return status === "PARTIALLY_FULFILLED";
        case "on_hold":
          return status === "ON_HOLD";
        default:
          return "invalid";
      }
    },
    financial_status: (o, _c, v) => {
      const wanted = v.toLowerCase();
      if (wanted === "any") return true;
      const known = ["authorized", "paid", "partially_paid", "partially_refunded", "pending", "refunded", "voided", "expired"];
      if (!known.includes(wanted)) return "invalid";
      return o.displayFinancialStatus.toLowerCase() === wanted;
    },
  },
  text: (o, v) => {
    const needle = v.toLowerCase();
    return [o.name, o.email ?? "", `${o.shippingAddress.firstName ?? ""} ${o.shippingAddress.lastName ?? ""}`].some((s) => s.toLowerCase().includes(needle));
  },
};

const PRODUCT_SEARCH: SearchFields<DemoProduct> = {
  fields: {
    title: wordsMatcher((p) => p.title),
    handle: textMatcher((p) => [p.handle]),
    tag: textMatcher((p) => p.tags),
    tag_not: (p, _c, v) => !p.tags.some((t) => t.toLowerCase() === v.toLowerCase()),
    sku: textMatcher((p) => p.variants.map((v) => v.sku)),
    barcode: textMatcher((p) => p.variants.map((v) => v.barcode)),
    status: (p, _c, v) => v.split(",").some((s) => s.trim().toUpperCase() === p.status),
    product_type: textMatcher((p) => [p.productType]),
    vendor: textMatcher((p) => [p.vendor]),
    gift_card: (p, _c, v) => String(p.tags.includes("gift-card")) === v.toLowerCase(),
    id: idMatcher((p) => p.id),
    created_at: dateMatcher((p) => p.createdAt),
    updated_at: dateMatcher((p) => p.updatedAt),
  },
  text: (p, v) => p.title.toLowerCase().includes(v.toLowerCase()),
};

type VariantEntry = { variant: DemoVariant; product: DemoProduct };
const VARIANT_SEARCH: SearchFields<VariantEntry> = {
  fields: {
    sku: textMatcher((e) => [e.variant.sku]),
    barcode: textMatcher((e) => [e.variant.barcode]),
    title: wordsMatcher((e) => e.variant.title),
    product_id: idMatcher((e) => e.product.id),
    product_status: (e, _c, v) => v.split(",").some((s) => s.trim().toUpperCase() === e.product.status),
    tag: textMatcher((e) => e.product.tags),
    id: idMatcher((e) => e.variant.id),
    created_at: dateMatcher((e) => e.variant.createdAt),
    updated_at: dateMatcher((e) => e.variant.updatedAt),
  },
  text: (e, v) => `${e.product.title} ${e.variant.title} ${e.variant.sku ?? ""}`.toLowerCase().includes(v.toLowerCase()),
};

const BULK_SEARCH: SearchFields<BulkOperationRecord> = {
  fields: {
    status: (r, _c, v) => bulkStatus(r, Date.now()).status.toLowerCase() === v.toLowerCase(),
    operation_type: (r, _c, v) => r.type.toLowerCase() === v.toLowerCase(),
    created_at: dateMatcher((r) => new Date(r.createdAtMs).toISOString()),
    id: idMatcher((r) => r.id),
  },
  text: () => true,
};

const NAME_SEARCH: SearchFields<{ name: string }> = {
  fields: { name: wordsMatcher((x) => x.name) },
  text: (x, v) => x.name.toLowerCase().includes(v.toLowerCase()),
};

// ---------------------------------------------------------------------------------------------
// Views: store records shaped as GraphQL objects. Functions are resolved lazily by graphql-js.

function addressView(address: DemoAddress | null, id: string) {
  if (!address) return null;
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ") || null;
  const area = [address.city, address.provinceCode, address.zip].filter(Boolean).join(" ");
  return {
    ...address,
    id,
    name,
    formattedArea: [address.city, address.province, address.country].filter(Boolean).join(", "),
    latitude: null,
    longitude: null,
    formatted: (args: { withName?: boolean; withCompany?: boolean }) =>
      [args.withName ? name : null, args.withCompany === false ? null : address.company, address.address1, address.address2, area, address.country].filter(
        (line): line is string => Boolean(line),
      ),
  };
}

function imageView(image: DemoImage | null | undefined) {
  if (!image) return null;
  return { id: image.id, url: () => image.url, altText: image.altText, width: image.width, height: image.height };
}

function mediaView(image: DemoImage) {
  return { __typename: "MediaImage", id: image.mediaId, alt: image.altText, mediaContentType: "IMAGE", status: "READY", image: imageView(image) };
}

function productView(product: DemoProduct, ctx: Ctx): Obj {
  const shop = ctx.runtime.data.shop;
  return {
    __typename: "Product",
    id: product.id,
    legacyResourceId: legacyId(product.id),
    title: product.title,
    handle: product.handle,
    vendor: product.vendor,
    productType: product.productType,
    status: product.status,
    tags: product.tags,
    descriptionHtml: product.descriptionHtml,
    onlineStoreUrl: product.status === "ACTIVE" ? `${shop.url}/products/${product.handle}` : null,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    totalInventory: product.variants.reduce((sum, v) => sum + v.inventoryQuantity, 0),
    hasOnlyDefaultVariant: product.variants.length === 1 && product.variants[0]?.title === "Default Title",
    options: (args: { first?: number | null }) =>
      product.options.slice(0, args.first ?? undefined).map((option, i) => ({
        id: `gid://shopify/ProductOption/${numericId(product.id) * 10 + i}`,
        name: option.name,
        position: i + 1,
        values: option.values,
      })),
    featuredImage: () => imageView(product.images[0]),
    featuredMedia: () => (product.images[0] ? mediaView(product.images[0]) : null),
    images: (args: ConnectionArgs) => positional(product.images, args, ctx, (image) => imageView(image)),
    media: (args: ConnectionArgs) => positional(product.images, args, ctx, (image) => mediaView(image)),
    variants: (args: ConnectionArgs) => positional(product.variants, args, ctx, (variant) => variantView(variant, product, ctx)),
    variantsCount: () => ({ count: product.variants.length, precision: "EXACT" }),
  };
}

function variantView(variant: DemoVariant, product: DemoProduct, ctx: Ctx): Obj {
  return {
    __typename: "ProductVariant",
    id: variant.id,
    legacyResourceId: legacyId(variant.id),
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    sku: variant.sku,
    barcode: variant.barcode,
    price: variant.price,
    compareAtPrice: variant.compareAtPrice,
    position: variant.position,
    inventoryQuantity: variant.inventoryQuantity,
    availableForSale: product.status === "ACTIVE" && (!variant.inventoryItem.tracked || variant.inventoryQuantity > 0),
    selectedOptions: variant.selectedOptions,
    image: null,
    product: () => productView(product, ctx),
    inventoryItem: () => inventoryItemView(variant, product, ctx),
    createdAt: variant.createdAt,
    updatedAt: variant.updatedAt,
  };
}

function inventoryItemView(variant: DemoVariant, product: DemoProduct, ctx: Ctx): Obj {
  const item = variant.inventoryItem;
  return {
    __typename: "InventoryItem",
    id: item.id,
    legacyResourceId: legacyId(item.id),
    sku: item.sku,
    tracked: item.tracked,
    requiresShipping: item.requiresShipping,
    harmonizedSystemCode: item.harmonizedSystemCode,
    countryCodeOfOrigin: item.countryCodeOfOrigin,
    provinceCodeOfOrigin: null,
    measurement: { id: `gid://shopify/InventoryItemMeasurement/${legacyId(item.id)}`, weight: item.measurement.weight },
    variant: () => variantView(variant, product, ctx),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

function customerView(customer: DemoCustomer, ctx: Ctx): Obj {
  return {
    __typename: "Customer",
    id: customer.id,
    legacyResourceId: legacyId(customer.id),
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName: `${customer.firstName} ${customer.lastName}`,
    email: customer.email,
    phone: customer.phone,
    defaultEmailAddress: { emailAddress: customer.email },
    defaultPhoneNumber: customer.phone ? { phoneNumber: customer.phone } : null,
    defaultAddress: addressView(customer.defaultAddress, `gid://shopify/MailingAddress/${legacyId(customer.id)}?model_name=CustomerAddress`),
    numberOfOrders: String(ctx.index.ordersByCustomer.get(customer.id) ?? 0),
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

function orderView(order: DemoOrder, ctx: Ctx): Obj {
  const shop = ctx.runtime.data.shop;
  const presentment = { code: order.presentmentCurrencyCode, rate: order.presentmentRate };
  const money = (amount: number | string) => moneyBag(amount, order.currencyCode, presentment);
  const refunded = order.refunds.reduce((sum, r) => sum + Number(r.amount), 0);
  const nothingLeft = Boolean(order.cancelledAt) || order.displayFinancialStatus === "REFUNDED";
  const lineItemView = (li: DemoLineItem): Obj => {
    const variantEntry = li.variantId ? ctx.index.variants.get(li.variantId) : undefined;
    const product = li.productId ? ctx.index.products.get(li.productId) : undefined;
    // Shopify's currentQuantity: ordered less what refunds took back (their refund line items).
    const refunded = order.refunds.reduce((sum, r) => sum + (r.lineItems ?? []).filter((rl) => rl.lineItemId === li.id).reduce((n, rl) => n + rl.quantity, 0), 0);
    const current = nothingLeft ? 0 : Math.max(0, li.quantity - refunded);
    return {
      __typename: "LineItem",
      id: li.id,
      sku: li.sku,
      name: li.name,
      title: li.title,
      variantTitle: li.variantTitle,
      vendor: li.vendor,
      quantity: li.quantity,
      currentQuantity: current,
      refundableQuantity: order.cancelledAt ? 0 : current,
      unfulfilledQuantity: order.displayFulfillmentStatus === "FULFILLED" || order.cancelledAt ? 0 : li.quantity,
      requiresShipping: li.requiresShipping,
      isGiftCard: !li.requiresShipping,
      variant: () => (variantEntry ? variantView(variantEntry.variant, variantEntry.product, ctx) : null),
      product: () => (product ? productView(product, ctx) : null),
      image: li.imageUrl ? { id: null, url: () => li.imageUrl, altText: li.title, width: 2048, height: 2048 } : null,
      originalUnitPriceSet: () => money(li.originalUnitPrice),
      discountedUnitPriceSet: () => money(li.originalUnitPrice),
      originalTotalSet: () => money(Number(li.originalUnitPrice) * li.quantity),
      discountedTotalSet: () => money(Number(li.originalUnitPrice) * li.quantity),
    };
  };
  return {
    __typename: "Order",
    id: order.id,
    legacyResourceId: legacyId(order.id),
    name: order.name,
    email: order.email,
    phone: order.phone,
    note: order.note,
    tags: order.tags,
    test: order.test,
    confirmed: true,
    closed: Boolean(order.closedAt),
    closedAt: order.closedAt,
    createdAt: order.createdAt,
    processedAt: order.processedAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    displayFulfillmentStatus: order.displayFulfillmentStatus,
    displayFinancialStatus: order.displayFinancialStatus,
    returnStatus: order.tags.includes("returned") ? "RETURNED" : "NO_RETURN",
    currencyCode: order.currencyCode,
    presentmentCurrencyCode: order.presentmentCurrencyCode,
    taxesIncluded: order.taxesIncluded,
    customer: () => {
      const customer = order.customerId ? ctx.index.customers.get(order.customerId) : undefined;
      return customer ? customerView(customer, ctx) : null;
    },
    shippingAddress: () => addressView(order.shippingAddress, `gid://shopify/MailingAddress/${legacyId(order.id)}1?model_name=Address`),
    billingAddress: () => addressView(order.billingAddress, `gid://shopify/MailingAddress/${legacyId(order.id)}2?model_name=Address`),
    statusPageUrl: `${shop.url}/${legacyId(shop.id)}/orders/${createHash("md5").update(order.id).digest("hex")}/authenticate`,
    lineItems: (args: ConnectionArgs) => positional(order.lineItems, args, ctx, lineItemView),
    fulfillments: (args: { first?: number | null }) =>
      order.fulfillments.slice(0, args.first ?? undefined).map((f) => ({
        __typename: "Fulfillment",
        id: f.id,
        legacyResourceId: legacyId(f.id),
        name: f.name,
        status: f.status,
        displayStatus: f.displayStatus,
        createdAt: f.createdAt,
        updatedAt: f.updatedAt,
        deliveredAt: f.deliveredAt,
        inTransitAt: f.createdAt,
        trackingInfo: (a: { first?: number | null }) => f.trackingInfo.slice(0, a.first ?? undefined),
        fulfillmentLineItems: (a: ConnectionArgs) =>
          positional(order.lineItems, a, ctx, (li) => ({ id: `gid://shopify/FulfillmentLineItem/${legacyId(li.id)}`, quantity: li.quantity, lineItem: lineItemView(li) })),
        order: () => orderView(order, ctx),
      })),
    refunds: (args: { first?: number | null }) =>
      order.refunds.slice(0, args.first ?? undefined).map((r) => ({
        id: r.id,
        legacyResourceId: legacyId(r.id),
        createdAt: r.createdAt,
        updatedAt: r.createdAt,
        note: r.note,
        totalRefundedSet: money(r.amount),
        order: () => orderView(order, ctx),
      })),
    subtotalPriceSet: () => money(order.subtotalPrice),
    totalPriceSet: () => money(order.totalPrice),
    currentTotalPriceSet: () => money(Math.max(0, Number(order.totalPrice) - refunded)),
    totalShippingPriceSet: () => money(order.totalShippingPrice),
    totalTaxSet: () => money(order.totalTax),
    totalRefundedSet: () => money(refunded),
    totalDiscountsSet: () => money(0),
    subtotalLineItemsQuantity: order.lineItems.reduce((sum, li) => sum + li.quantity, 0),
  };
}

function themeView(theme: DemoTheme, ctx: Ctx): Obj {
  return {
    __typename: "OnlineStoreTheme",
    id: theme.id,
    name: theme.name,
    role: theme.role,
    processing: theme.processing,
    processingFailed: false,
    prefix: `/t/${legacyId(theme.id).slice(-2)}`,
    themeStoreId: 887,
    createdAt: theme.createdAt,
    updatedAt: theme.updatedAt,
    files: (args: { filenames?: string[] | null } & ConnectionArgs) => {
      const patterns = args.filenames?.map((name) => new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`));
      const files = patterns ? theme.files.filter((file) => patterns.some((p) => p.test(file.filename))) : theme.files;
      const missing = (args.filenames ?? []).filter((name) => !name.includes("*") && !theme.files.some((f) => f.filename === name));
      const conn = connection(
        files,
        { ...args, first: args.first ?? 50 },
        ctx,
        (file) => [file.filename, 0],
        (file) => ({
          filename: file.filename,
          contentType: file.contentType,
          size: String(Buffer.byteLength(file.content)),
          checksumMd5: createHash("md5").update(file.content).digest("hex"),
          createdAt: file.createdAt,
          updatedAt: file.updatedAt,
          body: { __typename: "OnlineStoreThemeFileBodyText", content: file.content },
        }),
      );
      return { ...conn, userErrors: missing.map((filename) => ({ code: "NOT_FOUND", filename })) };
    },
  };
}

function currencySetting(code: string) {
  return { currencyCode: code, currencyName: currencyNames.of(code) ?? code, enabled: true };
}

function marketView(market: DemoStore["markets"][number], ctx: Ctx): Obj {
  const regions = (args: ConnectionArgs) =>
    positional(market.regions, args, ctx, (region) => ({ __typename: "MarketRegionCountry", id: region.id, name: region.name, code: region.code, currency: currencySetting(market.currencyCode ?? ctx.runtime.data.shop.currencyCode) }));
  return {
    __typename: "Market",
    id: market.id,
    name: market.name,
    handle: market.handle,
    status: market.status,
    type: "REGION",
    enabled: market.status === "ACTIVE",
    primary: market.primary,
    currencySettings: market.currencyCode ? { baseCurrency: currencySetting(market.currencyCode), localCurrencies: false } : null,
    conditions: { conditionTypes: ["REGION"], regionsCondition: { applicationLevel: "SPECIFIED", regions } },
    regions,
  };
}

function locationView(location: DemoStore["locations"][number], ctx: Ctx): Obj {
  const a = location.address;
  return {
    __typename: "Location",
    id: location.id,
    legacyResourceId: legacyId(location.id),
    name: location.name,
    isActive: location.isActive,
    fulfillsOnlineOrders: location.fulfillsOnlineOrders,
    shipsInventory: true,
    address: { ...a, formatted: [a.address1, a.address2, `${a.city} ${a.zip}`, a.country].filter((x): x is string => Boolean(x)) },
    createdAt: ctx.runtime.data.shop.createdAt,
    updatedAt: ctx.runtime.data.shop.createdAt,
  };
}

function bulkStatus(record: BulkOperationRecord, nowMs: number): { status: BulkOperationStatus; fraction: number; finishedAtMs: number | null } {
  if (record.canceledAtMs !== null) return { status: "CANCELED", fraction: 0, finishedAtMs: record.canceledAtMs };
  const elapsed = nowMs - record.createdAtMs;
  if (elapsed < record.durationMs) {
    const fraction = elapsed / record.durationMs;
    return { status: fraction < 0.2 ? "CREATED" : "RUNNING", fraction, finishedAtMs: null };
  }
  const finishedAtMs = record.createdAtMs + record.durationMs;
  if (record.failWith) return { status: "FAILED", fraction: 1, finishedAtMs };
  if (nowMs > finishedAtMs + BULK_URL_LIFETIME_MS) return { status: "EXPIRED", fraction: 1, finishedAtMs };
  return { status: "COMPLETED", fraction: 1, finishedAtMs };
}

function bulkOperationView(record: BulkOperationRecord, nowMs: number, forceStatus?: BulkOperationStatus): Obj {
  const state = bulkStatus(record, nowMs);
  const status = forceStatus ?? state.status;
  const done = status === "COMPLETED";
  const objectCount = done || status === "EXPIRED" ? record.objectCount : status === "FAILED" ? Math.floor(record.objectCount / 2) : status === "RUNNING" ? Math.floor(record.objectCount * state.fraction) : 0;
  return {
    __typename: "BulkOperation",
    id: record.id,
    type: record.type,
    status,
    errorCode: status === "FAILED" ? record.failWith : null,
    query: record.query,
    createdAt: new Date(record.createdAtMs).toISOString(),
    completedAt: state.finishedAtMs !== null && (status === "COMPLETED" || status === "FAILED" || status === "EXPIRED" || status === "CANCELED") ? new Date(state.finishedAtMs).toISOString() : null,
    objectCount: String(objectCount),
    rootObjectCount: String(done || status === "EXPIRED" ? record.rootObjectCount : Math.floor(record.rootObjectCount * state.fraction)),
    fileSize: done && record.objectCount > 0 ? String(Buffer.byteLength(record.jsonl)) : null,
    // Shopify gives no URL when the query matched nothing.
    url: done && record.objectCount > 0 ? `${BULK_STORAGE_ORIGIN}/bulk/${record.fileName}` : null,
    partialDataUrl: null,
  };
}

// ---------------------------------------------------------------------------------------------
// App-data metafields on the app installation: only the owner a theme app extension reads them from.
// Shopify's rules that matter to a caller: at most 25 per call, atomic (one bad input and nothing is
// written), a type needed to create one, a value checked against its type, and `$app` namespaces
// stored as `app--<api client id>[--<suffix>]`.

/** The demo app's numeric API client id, as Shopify puts it in reserved namespaces. */
export const SIMULATED_API_CLIENT_ID = "987654321";
const METAFIELD_TYPES: Record<string, (value: string) => string | null> = {
  boolean: (value) => (value === "true" || value === "false" ? null : "Value must be true or false."),
  url: (value) => (/^(https?:\/\/[^\s]+|mailto:[^\s]+|sms:[^\s]+|tel:[^\s]+)$/i.test(value) ? null : "Value must be a valid URL with one of these schemes: http, https, mailto, sms, tel."),
  single_line_text_field: (value) => (/[\r\n]/.test(value) ? "Value must be a single line." : null),
};

type MetafieldsSetArgs = { ownerId: string; namespace?: string | null; key: string; type?: string | null; value: string; compareDigest?: string | null };

const appInstallationId = (ctx: Ctx) => `gid://shopify/AppInstallation/${legacyId(ctx.runtime.data.shop.id)}7`;

function resolveNamespace(namespace: string) {
  if (namespace === "$app") return `app--${SIMULATED_API_CLIENT_ID}`;
  if (namespace.startsWith("$app:")) return `app--${SIMULATED_API_CLIENT_ID}--${namespace.slice(5)}`;
  return namespace;
}

function requireAppInstallationOwner(ownerId: string, ctx: Ctx) {
  // The simulator keeps only the app installation's metafields; an app that writes elsewhere needs more here.
  if (ownerId !== appInstallationId(ctx)) throw new GraphQLError(`Simulated Shopify: metafields are kept for the current app installation only (got owner ${ownerId})`);
}

function metafieldView(record: AppMetafieldRecord, ctx: Ctx): Obj {
  return {
    __typename: "Metafield",
    ...record,
    ownerType: "API_PERMISSION",
    legacyResourceId: legacyId(record.id),
    compareDigest: createHash("sha256").update(record.value).digest("hex"),
    jsonValue: record.type === "boolean" ? record.value === "true" : record.value,
    sizeInBytes: Buffer.byteLength(record.value),
    description: null,
    definition: null,
    reference: null,
    owner: { __typename: "AppInstallation", id: appInstallationId(ctx) },
  };
}

let metafieldCounter = 0;

function metafieldsSet(inputs: MetafieldsSetArgs[], ctx: Ctx): Obj {
  if (inputs.length > 25) return { metafields: null, userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
  const userErrors: Obj[] = [];
  inputs.forEach((input, index) => {
    requireAppInstallationOwner(input.ownerId, ctx);
    const namespace = resolveNamespace(input.namespace ?? "$app");
    const existing = ctx.runtime.appMetafields.find((m) => m.namespace === namespace && m.key === input.key);
    const type = input.type ?? existing?.type;
    const error = (field: string, code: string, message: string) => userErrors.push({ field: ["metafields", String(index), field], message, code, elementIndex: index });
    if (!/^[a-zA-Z0-9_-]{2,64}$/.test(input.key)) error("key", "INVALID", "Key must be 2-64 characters: letters, numbers, underscores and hyphens.");
    if (namespace.length < 2 || namespace.length > 255) error("namespace", "INVALID", "Namespace must be 2-255 characters.");
    if (!type) return error("type", "BLANK", "Type can't be blank.");
    const check = METAFIELD_TYPES[type];
    if (!check) return error("type", "INCLUSION", `Type '${type}' is not supported by the simulated Shopify.`);
    if (existing && input.type && input.type !== existing.type) return error("type", "INVALID_TYPE", "Type must be the same as the existing metafield's type.");
    if (input.value === "") return error("value", "BLANK", "Value can't be blank.");
    const invalid = check(input.value);
    if (invalid) error("value", "INVALID_VALUE", invalid);
  });
  if (userErrors.length) return { metafields: null, userErrors };
  const now = new Date(ctx.nowMs).toISOString();
  const written = inputs.map((input) => {
    const namespace = resolveNamespace(input.namespace ?? "$app");
    let record = ctx.runtime.appMetafields.find((m) => m.namespace === namespace && m.key === input.key);
    if (record) Object.assign(record, { value: input.value, updatedAt: now });
    else {
      metafieldCounter += 1;
      record = { id: `gid://shopify/Metafield/${9_000_000 + metafieldCounter}`, namespace, key: input.key, type: input.type!, value: input.value, createdAt: now, updatedAt: now };
      ctx.runtime.appMetafields.push(record);
    }
    return metafieldView(record, ctx);
  });
  return { metafields: written, userErrors: [] };
}

// ---------------------------------------------------------------------------------------------
// Root resolvers

function findByGid(ctx: Ctx, id: string): Obj | null {
  const data = ctx.runtime.data;
  switch (gidType(id)) {
    case "Order": {
      const order = visibleOrders(ctx).find((o) => o.id === id);
      return order ? orderView(order, ctx) : null;
    }
    case "Product": {
      const product = ctx.index.products.get(id);
      return product ? productView(product, ctx) : null;
    }
    case "ProductVariant": {
      const entry = ctx.index.variants.get(id);
      return entry ? variantView(entry.variant, entry.product, ctx) : null;
    }
    case "InventoryItem": {
      const entry = ctx.index.inventoryItems.get(id);
      return entry ? inventoryItemView(entry.variant, entry.product, ctx) : null;
    }
    case "Customer": {
      const customer = ctx.index.customers.get(id);
      return customer ? customerView(customer, ctx) : null;
    }
    case "Location": {
      const location = data.locations.find((l) => l.id === id);
      return location ? locationView(location, ctx) : null;
    }
    case "Market": {
      const market = data.markets.find((m) => m.id === id);
      return market ? marketView(market, ctx) : null;
    }
    case "OnlineStoreTheme": {
      const theme = data.themes.find((t) => t.id === id);
      return theme ? themeView(theme, ctx) : null;
    }
    case "BulkOperation": {
      const record = ctx.runtime.bulkOperations.find((r) => r.id === id);
      return record ? bulkOperationView(record, ctx.nowMs) : null;
    }
    case "Shop":
      return id === data.shop.id ? shopView(ctx) : null;
    default:
      return null;
  }
}

function shopView(ctx: Ctx): Obj {
  const shop = ctx.runtime.data.shop;
  const a = shop.billingAddress;
  // One address, served under its current name and the deprecated one.
  const address = {
    ...a,
    id: `gid://shopify/ShopAddress/${legacyId(shop.id)}`,
    formatted: () => [a.address1, a.address2, `${a.city} ${a.zip}`, a.country].filter(Boolean),
    formattedArea: `${a.city}, ${a.country}`,
    coordinatesValidated: false,
    latitude: null,
    longitude: null,
  };
  return { __typename: "Shop", ...shop, shopAddress: address, billingAddress: address, updatedAt: shop.createdAt };
}

const ORDER_SORT: Record<string, (o: DemoOrder) => SortKey> = {
  CREATED_AT: (o) => o.createdAt,
  PROCESSED_AT: (o) => o.processedAt,
  UPDATED_AT: (o) => o.updatedAt,
  ID: (o) => numericId(o.id),
  RELEVANCE: (o) => numericId(o.id),
  PO_NUMBER: (o) => numericId(o.id),
  ORDER_NUMBER: (o) => o.number,
  TOTAL_PRICE: (o) => Number(o.totalPrice),
  CUSTOMER_NAME: (o) => `${o.shippingAddress.firstName ?? ""} ${o.shippingAddress.lastName ?? ""}`,
  DESTINATION: (o) => o.shippingAddress.countryCodeV2,
  FINANCIAL_STATUS: (o) => o.displayFinancialStatus,
  FULFILLMENT_STATUS: (o) => o.displayFulfillmentStatus,
  TOTAL_ITEMS_QUANTITY: (o) => o.lineItems.reduce((sum, li) => sum + li.quantity, 0),
};

const PRODUCT_SORT: Record<string, (p: DemoProduct) => SortKey> = {
  ID: (p) => numericId(p.id),
  RELEVANCE: (p) => numericId(p.id),
  TITLE: (p) => p.title,
  CREATED_AT: (p) => p.createdAt,
  UPDATED_AT: (p) => p.updatedAt,
  PUBLISHED_AT: (p) => p.createdAt,
  PRODUCT_TYPE: (p) => p.productType,
  VENDOR: (p) => p.vendor,
  INVENTORY_TOTAL: (p) => p.variants.reduce((sum, v) => sum + v.inventoryQuantity, 0),
};

const VARIANT_SORT: Record<string, (e: VariantEntry) => SortKey> = {
  ID: (e) => numericId(e.variant.id),
  RELEVANCE: (e) => numericId(e.variant.id),
  POPULAR: (e) => numericId(e.variant.id),
  SKU: (e) => e.variant.sku ?? "",
  TITLE: (e) => e.variant.title,
  NAME: (e) => `${e.product.title} - ${e.variant.title}`,
  FULL_TITLE: (e) => `${e.product.title} - ${e.variant.title}`,
  POSITION: (e) => e.variant.position,
  INVENTORY_QUANTITY: (e) => e.variant.inventoryQuantity,
  INVENTORY_LEVELS_AVAILABLE: (e) => e.variant.inventoryQuantity,
  INVENTORY_MANAGEMENT: (e) => numericId(e.variant.id),
  INVENTORY_POLICY: (e) => numericId(e.variant.id),
};

type SortedArgs = ConnectionArgs & { sortKey?: string; query?: string | null };

function rootValue(): Obj {
  return {
    shop: (_: unknown, ctx: Ctx) => shopView(ctx),
    shopLocales: (args: { published?: boolean | null }, ctx: Ctx) => {
      // `published: true` returns only published locales; false (the schema's default) returns all.
      return ctx.runtime.data.shopLocales.filter((l) => !args.published || l.published);
    },
    markets: (args: SortedArgs, ctx: Ctx) => {
      const markets = applySearch(ctx.runtime.data.markets, args.query, NAME_SEARCH, ctx, "markets");
      return connection(markets, args, ctx, (m) => [numericId(m.id), numericId(m.id)], (m) => marketView(m, ctx));
    },
    locations: (args: SortedArgs & { includeInactive?: boolean }, ctx: Ctx) => {
      const all = ctx.runtime.data.locations.filter((l) => l.isActive || args.includeInactive);
      const locations = applySearch(all, args.query, NAME_SEARCH, ctx, "locations");
      const byName = args.sortKey !== "ID";
      return connection(locations, args, ctx, (l) => [byName ? l.name : numericId(l.id), numericId(l.id)], (l) => locationView(l, ctx));
    },
    location: (args: { id?: string | null }, ctx: Ctx) => {
      const location = args.id ? ctx.runtime.data.locations.find((l) => l.id === args.id) : ctx.runtime.data.locations[0];
      return location ? locationView(location, ctx) : null;
    },
    orders: (args: SortedArgs, ctx: Ctx) => {
      const orders = applySearch(visibleOrders(ctx), args.query, ORDER_SEARCH, ctx, "orders");
      const sort = ORDER_SORT[args.sortKey ?? "PROCESSED_AT"] ?? ORDER_SORT.PROCESSED_AT!;
      return connection(orders, args, ctx, (o) => [sort(o), numericId(o.id)], (o) => orderView(o, ctx));
    },
    // Shopify counts up to `limit` (10,000 unless given; null: no limit) and says when it stopped.
    ordersCount: (args: { query?: string | null; limit?: number | null }, ctx: Ctx) => {
      const count = applySearch(visibleOrders(ctx), args.query, ORDER_SEARCH, ctx, "ordersCount").length;
      const limit = args.limit === undefined ? 10_000 : args.limit;
      return limit !== null && count > limit ? { count: limit, precision: "AT_LEAST" } : { count, precision: "EXACT" };
    },
    order: (args: { id: string }, ctx: Ctx) => {
      return gidType(args.id) === "Order" ? findByGid(ctx, args.id) : null;
    },
    products: (args: SortedArgs, ctx: Ctx) => {
      const products = applySearch(ctx.runtime.data.products, args.query, PRODUCT_SEARCH, ctx, "products");
      const sort = PRODUCT_SORT[args.sortKey ?? "ID"] ?? PRODUCT_SORT.ID!;
      return connection(products, args, ctx, (p) => [sort(p), numericId(p.id)], (p) => productView(p, ctx));
    },
    product: (args: { id: string }, ctx: Ctx) => (gidType(args.id) === "Product" ? findByGid(ctx, args.id) : null),
    productVariants: (args: SortedArgs, ctx: Ctx) => {
      const entries = applySearch([...ctx.index.variants.values()], args.query, VARIANT_SEARCH, ctx, "productVariants");
      const sort = VARIANT_SORT[args.sortKey ?? "ID"] ?? VARIANT_SORT.ID!;
      return connection(entries, args, ctx, (e) => [sort(e), numericId(e.variant.id)], (e) => variantView(e.variant, e.product, ctx));
    },
    productVariant: (args: { id: string }, ctx: Ctx) => (gidType(args.id) === "ProductVariant" ? findByGid(ctx, args.id) : null),
    inventoryItem: (args: { id: string }, ctx: Ctx) => (gidType(args.id) === "InventoryItem" ? findByGid(ctx, args.id) : null),
    customer: (args: { id: string }, ctx: Ctx) => (gidType(args.id) === "Customer" ? findByGid(ctx, args.id) : null),
    currentAppInstallation: (_: unknown, ctx: Ctx) => ({
      id: appInstallationId(ctx),
      metafield: (args: { namespace?: string | null; key: string }) => {
        const namespace = resolveNamespace(args.namespace ?? "$app");
        const record = ctx.runtime.appMetafields.find((m) => m.namespace === namespace && m.key === args.key);
        return record ? metafieldView(record, ctx) : null;
      },
      metafields: (args: ConnectionArgs & { namespace?: string | null; keys?: string[] | null }) => {
        const namespace = args.namespace == null ? null : resolveNamespace(args.namespace);
        const records = ctx.runtime.appMetafields.filter((m) => (namespace === null || m.namespace === namespace) && (!args.keys || args.keys.includes(`${m.namespace}.${m.key}`)));
        return connection(records, args, ctx, (m) => [numericId(m.id), numericId(m.id)], (m) => metafieldView(m, ctx));
      },
      accessScopes: [...ctx.scopes].sort().map((handle) => ({ handle, description: handle.replace(/_/g, " ") })),
      launchUrl: `https://admin.shopify.com/store/${ctx.runtime.domain.replace(/\.myshopify\.com$/, "")}/apps/seko-returns`,
    }),
    themes: (args: ConnectionArgs & { roles?: string[] | null; names?: string[] | null }, ctx: Ctx) => {
      const themes = ctx.runtime.data.themes.filter((t) => (!args.roles || args.roles.includes(t.role)) && (!args.names || args.names.includes(t.name)));
      return connection(themes, args, ctx, (t) => [numericId(t.id), numericId(t.id)], (t) => themeView(t, ctx));
    },
    theme: (args: { id: string }, ctx: Ctx) => (gidType(args.id) === "OnlineStoreTheme" ? findByGid(ctx, args.id) : null),
    node: (args: { id: string }, ctx: Ctx) => findByGid(ctx, args.id),
    nodes: (args: { ids: string[] }, ctx: Ctx) => args.ids.map((id) => findByGid(ctx, id)),
    currentBulkOperation: (args: { type?: string }, ctx: Ctx) => {
      const latest = ctx.runtime.bulkOperations.filter((r) => r.type === (args.type ?? "QUERY")).at(-1);
      return latest ? bulkOperationView(latest, ctx.nowMs) : null;
    },
    bulkOperation: (args: { id: string }, ctx: Ctx) => {
      const record = ctx.runtime.bulkOperations.find((r) => r.id === args.id);
      return record ? bulkOperationView(record, ctx.nowMs) : null;
    },
    bulkOperations: (args: SortedArgs, ctx: Ctx) => {
      const records = applySearch(ctx.runtime.bulkOperations, args.query, BULK_SEARCH, ctx, "bulkOperations");
      const completed = args.sortKey === "COMPLETED_AT";
      return connection(
        records,
        args,
        ctx,
        (r) => [completed ? (bulkStatus(r, ctx.nowMs).finishedAtMs ?? 0) : r.createdAtMs, numericId(r.id)],
        (r) => bulkOperationView(r, ctx.nowMs),
        { defaultDescending: true },
      );
    },
    bulkOperationRunQuery: (args: { query: string; groupObjects?: boolean }, ctx: Ctx) => runBulkQuery(args.query, ctx),
    metafieldsSet: (args: { metafields: MetafieldsSetArgs[] }, ctx: Ctx) => metafieldsSet(args.metafields, ctx),
    metafieldsDelete: (args: { metafields: { ownerId: string; namespace: string; key: string }[] }, ctx: Ctx) => {
      const deletedMetafields = args.metafields.map((identifier) => {
        requireAppInstallationOwner(identifier.ownerId, ctx);
        const namespace = resolveNamespace(identifier.namespace);
        const index = ctx.runtime.appMetafields.findIndex((m) => m.namespace === namespace && m.key === identifier.key);
        if (index < 0) return null;
        ctx.runtime.appMetafields.splice(index, 1);
        return { ownerId: identifier.ownerId, namespace, key: identifier.key };
      });
      return { deletedMetafields, userErrors: [] };
    },
    bulkOperationCancel: (args: { id: string }, ctx: Ctx) => {
      const record = ctx.runtime.bulkOperations.find((r) => r.id === args.id);
      if (!record) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
      const status = bulkStatus(record, ctx.nowMs).status;
      if (status !== "CREATED" && status !== "RUNNING") {
        return { bulkOperation: bulkOperationView(record, ctx.nowMs), userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${status.toLowerCase()}` }] };
      }
      record.canceledAtMs = ctx.nowMs;
      return { bulkOperation: bulkOperationView(record, ctx.nowMs, "CANCELING"), userErrors: [] };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Walking documents: shared by the cost calculator, the page-size checks and the bulk flattener.

interface CollectedField {
  key: string;
  node: FieldNode;
  def: GraphQLField<unknown, unknown>;
}

function collectFields(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, fragments: Record<string, FragmentDefinitionNode>, schema: GraphQLSchema, out: CollectedField[] = [], seen = new Set<string>()): CollectedField[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      const fields = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields() : {};
      const def = fields[selection.name.value];
      if (def) out.push({ key: selection.alias?.value ?? selection.name.value, node: selection, def });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined) : parentType;
      if (type) collectFields(selection.selectionSet, type, fragments, schema, out, seen);
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      const type = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
      if (type) collectFields(fragment.selectionSet, type, fragments, schema, out, seen);
      seen.delete(fragment.name.value);
    }
  }
  return out;
}

const isConnectionType = (type: GraphQLOutputType) => {
  const named = getNamedType(type);
  return isObjectType(named) && named.name.endsWith("Connection") && "pageInfo" in named.getFields();
};

/** The selection and type of a connection's node, from `edges { node }` and/or `nodes`. */
function connectionNodeSelections(field: CollectedField, fragments: Record<string, FragmentDefinitionNode>, schema: GraphQLSchema) {
  const connType = getNamedType(field.def.type) as GraphQLCompositeType;
  const result: { via: "edges" | "nodes"; key: string; nodeKey?: string; selectionSet: SelectionSetNode; type: GraphQLCompositeType }[] = [];
  if (!field.node.selectionSet) return result;
  for (const child of collectFields(field.node.selectionSet, connType, fragments, schema)) {
    if (child.def.name === "nodes" && child.node.selectionSet) {
      result.push({ via: "nodes", key: child.key, selectionSet: child.node.selectionSet, type: getNamedType(child.def.type) as GraphQLCompositeType });
    } else if (child.def.name === "edges" && child.node.selectionSet) {
      const edgeType = getNamedType(child.def.type) as GraphQLCompositeType;
      for (const edgeField of collectFields(child.node.selectionSet, edgeType, fragments, schema)) {
        if (edgeField.def.name === "node" && edgeField.node.selectionSet) {
          result.push({ via: "edges", key: child.key, nodeKey: edgeField.key, selectionSet: edgeField.node.selectionSet, type: getNamedType(edgeField.def.type) as GraphQLCompositeType });
        }
      }
    }
  }
  return result;
}

interface AnalysisContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
}

function pageSize(field: CollectedField, actx: AnalysisContext, path: string[]): number {
  const args = getArgumentValues(field.def, field.node, actx.variables) as ConnectionArgs;
  const size = args.first ?? args.last;
  if (size == null) {
    actx.errors.push(new GraphQLError("you must provide one of first or last", { nodes: field.node, path }));
    return 0;
  }
  if (size > MAX_PAGE_SIZE || size < 0) {
    const name = args.first != null ? "first" : "last";
    actx.errors.push(
      new GraphQLError(`The value of the \`${name}\` argument must be between 0 and ${MAX_PAGE_SIZE}; got ${size}.`, { nodes: field.node, path, extensions: { code: "BAD_REQUEST" } }),
    );
    return 0;
  }
  return size;
}

/** Shopify's documented estimate: objects 1, scalars 0, connections 2 + page size × node cost. */
function requestedCost(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, actx: AnalysisContext, path: string[]): number {
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
      const listArgs = isListType(isNonNullType(field.def.type) ? field.def.type.ofType : field.def.type) ? (getArgumentValues(field.def, field.node, actx.variables) as { first?: number | null }) : {};
      cost += child * (listArgs.first ?? 1);
    }
  }
  return cost;
}

/** The same rules applied to what was actually returned. */
function actualCost(data: unknown, selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, actx: AnalysisContext): number {
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

function connectionItems(value: Obj, nodeSel: { via: "edges" | "nodes"; key: string; nodeKey?: string }): Obj[] {
  const list = value[nodeSel.key];
  if (!Array.isArray(list)) return [];
  return nodeSel.via === "nodes" ? (list as Obj[]) : (list as Obj[]).map((edge) => edge?.[nodeSel.nodeKey ?? "node"] as Obj).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Bulk operations

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
        if (!hasId) stats.problems.push(`The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection field: '${field.def.name}'.`);
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

async function runBulkQuery(query: string, ctx: Ctx) {
  const runtime = ctx.runtime;
  const running = runtime.bulkOperations.filter((r) => ["CREATED", "RUNNING"].includes(bulkStatus(r, ctx.nowMs).status));
  if (running.length >= MAX_CONCURRENT_BULK_QUERIES) {
    return bulkUserError(`Bulk operations limit reached: ${MAX_CONCURRENT_BULK_QUERIES} bulk query operations are already running for this app and shop.`, "LIMIT_REACHED", null);
  }
  const schema = adminSchema();
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

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  return fragments;
}

// ---------------------------------------------------------------------------------------------
// Entry point

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

function refillBucket(bucket: ThrottleBucket, nowMs: number) {
  const elapsed = Math.max(0, nowMs - bucket.updatedAtMs) / 1000;
  bucket.currentlyAvailable = Math.min(bucket.maximumAvailable, bucket.currentlyAvailable + elapsed * bucket.restoreRate);
  bucket.updatedAtMs = nowMs;
}

function costExtension(bucket: ThrottleBucket, requested: number, actual: number | null) {
  return {
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: bucket.maximumAvailable, currentlyAvailable: Math.floor(bucket.currentlyAvailable), restoreRate: bucket.restoreRate },
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
  const schema = adminSchema();
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
    operation.operation === "mutation"
      ? 10 * collectFields(operation.selectionSet, rootType, actx.fragments, schema).length
      : requestedCost(operation.selectionSet, rootType, actx, []);
  if (actx.errors.length) return invalid(actx.errors, requested);
  if (requested > MAX_QUERY_COST) {
    return invalid(
      [new GraphQLError(`Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`, { extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST, documentation: RATE_LIMIT_DOCS } })],
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

/** Exposed for tests that want to assert on what Shopify would charge for a document. */
export function estimateQueryCost(query: string, variables: Record<string, unknown> = {}): number {
  const schema = adminSchema();
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error("No operation in document");
  const actx: AnalysisContext = { schema, fragments: fragmentsOf(document), variables, errors: [] };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.coerced) actx.variables = coerced.coerced;
  return requestedCost(operation.selectionSet, operation.operation === "mutation" ? schema.getMutationType()! : schema.getQueryType()!, actx, []);
}
