/**
 * Every Admin GraphQL document in app/, held against Shopify's published schema and access rules
 * for the app's API version and the scopes shopify.app.toml declares: what a real store would
 * refuse fails here, with the file, the field and the scope.
 */
import fs from "node:fs";
import { isEnumType } from "graphql";
import { describe, expect, test } from "vitest";
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from "~/integration/summary.server";
import { API_VERSION } from "~/shopify/api-version";
import { APPROVED_CUSTOMER_DATA } from "../mocks/shopify";
import { publishedAccessRules, publishedAdminSchema, schemaFile } from "../mocks/shopify/admin-schema";
import { analyseDocument, findAppDocuments, uncovered, type DocumentReport } from "./graphql-documents";

function tomlScopes() {
  const toml = fs.readFileSync("shopify.app.toml", "utf8");
  const required = /^scopes\s*=\s*"([^"]*)"/m.exec(toml)?.[1] ?? "";
  const optional = /^optional_scopes\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1] ?? "";
  return {
    required: required
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    optional: [...optional.matchAll(/"([^"]+)"/g)].map((m) => m[1]!),
    webhooksVersion: /\[webhooks\][^[]*?api_version\s*=\s*"([^"]+)"/s.exec(toml)?.[1],
  };
}

/**
 * Documents that need an optional scope, and the scope. The code sends each only after reading the
 * grant (currentAppInstallation.accessScopes); tests of both branches sit next to that code.
 */
const OPTIONAL_SCOPE_DOCUMENTS: Record<string, string> = {
  IntegrationMarkets: "read_markets",
  // SEKO's returns written into Shopify (app/shopify/returns.server.ts): the job reads the grant first (app/returns/mirror.server.ts).
  ReturnMirrorOrder: "write_returns",
  ReturnMirrorReturnable: "write_returns",
  ReturnMirrorReasons: "write_returns",
  ReturnMirrorCreate: "write_returns",
  ReturnMirrorReturn: "write_returns",
  ReturnMirrorDelivery: "write_returns",
  ReturnMirrorDispose: "write_returns",
  ReturnMirrorProcess: "write_returns",
};

/**
 * Declared scopes no document needs, and why they are declared all the same: Shopify checks them
 * somewhere other than a GraphQL field.
 */
const SCOPES_WITHOUT_FIELDS: Record<string, string> = {
  read_all_orders: "widens the orders connection to orders older than 60 days",
};

const scopes = tomlScopes();
const schema = publishedAdminSchema();
const rules = publishedAccessRules();
const reports: DocumentReport[] = findAppDocuments().map((document) => analyseDocument(document, schema, rules));
const where = (report: DocumentReport) => `${report.document.file}:${report.document.line} (${report.operation})`;

describe(`app/ GraphQL documents against Shopify's Admin schema ${API_VERSION}`, () => {
  test("the schema is the app's API version, and the webhooks use the same one", () => {
    expect(fs.existsSync(schemaFile())).toBe(true);
    expect(scopes.webhooksVersion).toBe(API_VERSION);
    // Guard against a finder that silently finds nothing.
    expect(reports.length).toBeGreaterThanOrEqual(10);
  });

  test("every webhook topic shopify.app.toml subscribes to is one Shopify publishes for this version", () => {
    const toml = fs.readFileSync("shopify.app.toml", "utf8");
    const topics = [...toml.matchAll(/^\s*topics\s*=\s*\[([^\]]*)\]/gm)].flatMap((m) => [...m[1]!.matchAll(/"([^"]+)"/g)].map((t) => t[1]!));
    const published = schema.getType("WebhookSubscriptionTopic");
    const values = new Set(isEnumType(published) ? published.getValues().map((v) => v.name) : []);
    expect(topics.length).toBeGreaterThan(5);
    expect(topics.filter((topic) => !values.has(topic.toUpperCase().replace(/\//g, "_")))).toEqual([]);
  });

  test("every document is valid and uses nothing deprecated", () => {
    const problems = reports.flatMap((report) => report.errors.map((error) => `${where(report)}: ${error}`));
    expect(problems).toEqual([]);
  });

  test("every field is covered by the declared scopes, or by an optional scope the code checks first", () => {
    const problems: string[] = [];
    for (const report of reports) {
      const optional = OPTIONAL_SCOPE_DOCUMENTS[report.operation];
      const granted = optional ? [...scopes.required, optional] : scopes.required;
      const missing = uncovered(report, granted);
      for (const use of new Map(missing.map((m) => [`${m.field} ${m.requirement.text}`, m])).values()) {
        problems.push(`${where(report)}: ${use.field} needs ${use.requirement.text}`);
      }
      if (optional && uncovered(report, scopes.required).length === 0) problems.push(`${where(report)}: listed as needing ${optional}, but the required scopes cover it`);
    }
    expect(problems).toEqual([]);
    for (const scope of Object.values(OPTIONAL_SCOPE_DOCUMENTS)) expect(scopes.optional).toContain(scope);
  });

  test("no declared scope is unused", () => {
    const grantedFor = (report: DocumentReport, declared: string[]) => {
      const optional = OPTIONAL_SCOPE_DOCUMENTS[report.operation];
      return optional && declared.includes(optional) ? [...scopes.required.filter((s) => declared.includes(s)), optional] : scopes.required.filter((s) => declared.includes(s));
    };
    const declared = [...scopes.required, ...scopes.optional];
    const unused = declared.filter((scope) => {
      if (SCOPES_WITHOUT_FIELDS[scope]) return false;
      const without = declared.filter((s) => s !== scope);
      return reports.every((report) => uncovered(report, grantedFor(report, without)).length === uncovered(report, grantedFor(report, declared)).length);
    });
    expect(unused).toEqual([]);
  });

  test("the integration page lists exactly the declared scopes, required and optional", () => {
    expect(REQUIRED_SCOPES.map((scope) => scope.handle).sort()).toEqual([...scopes.required].sort());
    expect(OPTIONAL_SCOPES.map((scope) => scope.handle).sort()).toEqual([...scopes.optional].sort());
  });

  test("read_customers is needed for whose order it is (Order.customer) and nothing else, by the order sync only", () => {
    expect(scopes.required).toContain("read_customers");
    const withoutIt = scopes.required.filter((scope) => scope !== "read_customers");
    const optional = (report: DocumentReport) => (OPTIONAL_SCOPE_DOCUMENTS[report.operation] ? [OPTIONAL_SCOPE_DOCUMENTS[report.operation]!] : []);
    const needing = reports.flatMap((report) => uncovered(report, [...withoutIt, ...optional(report)]).map((use) => ({ report, use })));
    expect([...new Set(needing.map(({ use }) => `${use.field} needs ${use.requirement.text}`))]).toEqual(["Order.customer needs `read_customers` access scope."]);
    // The bulk export (unnamed), the paged sync, the access probe and the customer ids of orders imported before the grant: nothing else reads a customer.
    expect([...new Set(needing.map(({ report }) => report.operation))].sort()).toEqual(["(unnamed)", "OrderAccessProbe", "OrderCustomerIds", "SyncOrder", "SyncUpdatedOrders"]);
    expect(new Set(needing.map(({ report }) => report.document.file))).toEqual(
      new Set(["app/shopify/bulk.server.ts", "app/shopify/backfill.server.ts", "app/shopify/reconcile.server.ts", "app/shopify/customer-ids.server.ts"]),
    );
  });

  test("protected customer data: the app reads only the level 2 fields it asks Shopify to approve", () => {
    const read = new Map<string, Set<string>>();
    for (const report of reports) {
      for (const [field, content] of report.protectedFields) {
        if (!read.has(content)) read.set(content, new Set());
        read.get(content)!.add(field);
      }
    }
    // docs/scopes.md lists these fields per kind; a new kind means a new approval request first.
    expect([...read.keys()].sort()).toEqual([...APPROVED_CUSTOMER_DATA.fields].sort());
    expect([...read.get("email")!].sort()).toEqual(["Order.email"]);
    expect(reports.some((report) => report.level1Types.has("Order"))).toBe(true);
    // Level 1 customers: the customer's id, to prove whose order it is, and no other field of a Customer (docs/scopes.md).
    expect(reports.some((report) => report.level1Types.has("Customer"))).toBe(true);
    expect([...new Set(reports.flatMap((report) => [...report.fields].filter((field) => field.startsWith("Customer."))))]).toEqual(["Customer.id"]);
    expect([...read.values()].flatMap((fields) => [...fields]).filter((field) => field.startsWith("Customer."))).toEqual([]);
  });
});
