/**
 * Shopify's search syntax: `updated_at:>'2026-01-01T00:00:00Z' AND -status:cancelled (tag:a OR tag:b)`.
 * Parses a query, filters a list with per-resource field matchers, and records the warnings Shopify
 * returns in extensions.search for filters it ignores.
 */
import { legacyId, numericId, type Ctx } from "./resolver-context";

type Comparator = ":" | ">" | ">=" | "<" | "<=";
type SearchNode = { kind: "and" | "or"; items: SearchNode[] } | { kind: "not"; item: SearchNode } | { kind: "term"; field: string | null; comparator: Comparator; value: string };

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

export interface SearchFields<T> {
  fields: Record<string, TermMatcher<T>>;
  text: (item: T, value: string) => boolean;
}

export function applySearch<T>(items: readonly T[], query: string | null | undefined, spec: SearchFields<T>, ctx: Ctx, path: string): T[] {
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

export function dateMatcher<T>(get: (item: T) => string | null): TermMatcher<T> {
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

export function textMatcher<T>(get: (item: T) => (string | null)[]): TermMatcher<T> {
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

export function wordsMatcher<T>(get: (item: T) => string): TermMatcher<T> {
  return (item, _comparator, raw) => {
    const haystack = get(item).toLowerCase();
    const needle = raw.toLowerCase().replace(/\*$/, "");
    return haystack.split(/\s+/).some((word) => word.startsWith(needle)) || haystack.includes(needle);
  };
}

export function idMatcher<T>(get: (item: T) => string | null): TermMatcher<T> {
  return (item, comparator, raw) => {
    const expected = Number(legacyId(raw));
    if (!Number.isFinite(expected)) return "invalid";
    const id = get(item);
    return id != null && compareValues(numericId(id), comparator, expected);
  };
}
