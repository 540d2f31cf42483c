/**
 * Connections and cursors: Shopify's cursor pagination over a sorted list (cursors carry the sort
 * value and id of the last item), and lists that keep their own order. Inside a bulk operation a
 * connection returns everything, unpaginated.
 */
import { GraphQLError } from "graphql";
import type { Ctx } from "./resolver-context";

export type ConnectionArgs = { first?: number | null; last?: number | null; after?: string | null; before?: string | null; reverse?: boolean | null };

export type SortedArgs = ConnectionArgs & { sortKey?: string; query?: string | null };

export type SortKey = string | number;

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

export function connection<T>(items: readonly T[], args: ConnectionArgs, ctx: Ctx, key: (item: T) => [SortKey, number], view: (item: T) => unknown, options: { defaultDescending?: boolean } = {}) {
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
export function positional<T>(items: readonly T[], args: ConnectionArgs, ctx: Ctx, view: (item: T, index: number) => unknown) {
  const indexed = items.map((item, index) => ({ item, index }));
  return connection(
    indexed,
    args,
    ctx,
    (entry) => [entry.index, entry.index],
    (entry) => view(entry.item, entry.index),
  );
}
