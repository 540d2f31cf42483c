/**
 * The simulated Shopify's side of optional scopes, for the simulated admin's grant screen
 * (tests/demo/admin-page.ts) and the App Bridge stand-in's `shopify.scopes` (tests/demo/app-bridge.js):
 * what the app declares (shopify.app.toml), what the installation holds, and what a grant or a
 * revoke changes. Shopify lets a merchant grant only declared optional scopes and an app revoke only
 * those; a change reaches the app's existing token at once and is announced by the
 * app/scopes_update webhook (app/routes/webhooks.app.scopes_update.tsx).
 */
import { randomUUID } from "node:crypto";
import { signedWebhookRequest, type WebhookConfig } from "./live-store";

export type DeclaredScopes = { required: string[]; optional: string[] };
/** App Bridge's ScopesDetail. */
export type ScopesDetail = { granted: string[]; required: string[]; optional: string[] };

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** `[access_scopes]` of shopify.app.toml: `scopes = "a,b"` and `optional_scopes = ["c", "d"]`. */
export function declaredScopes(toml: string): DeclaredScopes {
  const lines = toml.split("\n");
  const start = lines.findIndex((line) => line.trim() === "[access_scopes]");
  const rest = start < 0 ? [] : lines.slice(start + 1);
  const end = rest.findIndex((line) => /^\s*\[/.test(line));
  const section = (end < 0 ? rest : rest.slice(0, end)).join("\n");
  const required = /^\s*scopes\s*=\s*"([^"]*)"/m.exec(section)?.[1] ?? "";
  const optional = /^\s*optional_scopes\s*=\s*\[([^\]]*)\]/m.exec(section)?.[1] ?? "";
  return { required: list(required), optional: [...optional.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) };
}

export function scopesDetail(declared: DeclaredScopes, installed: string): ScopesDetail {
  return { granted: list(installed), required: [...declared.required], optional: [...declared.optional] };
}

export type ScopeChange = { grant?: unknown; revoke?: unknown };

/**
 * The installation's scopes after a grant or a revoke, or the reason Shopify refuses it: every
 * scope named must be a declared optional scope (a required scope is never revoked).
 */
export function changeScopes(declared: DeclaredScopes, installed: string, change: ScopeChange): { scopes: string } | { error: string } {
  const named = (value: unknown) => (Array.isArray(value) && value.every((s) => typeof s === "string") ? (value as string[]) : value === undefined ? [] : null);
  const grant = named(change.grant);
  const revoke = named(change.revoke);
  if (!grant || !revoke || grant.length + revoke.length === 0) return { error: "Name the scopes to grant or revoke, as a list of handles." };
  const undeclared = [...grant, ...revoke].filter((scope) => !declared.optional.includes(scope));
  if (undeclared.length) return { error: `Not an optional scope of this app: ${undeclared.join(", ")}. Declare it in optional_scopes of shopify.app.toml.` };
  const next = new Set(list(installed));
  for (const scope of grant) next.add(scope);
  for (const scope of revoke) next.delete(scope);
  return { scopes: [...next].join(",") };
}

/** Shopify's app/scopes_update webhook for a change, signed like every other (./live-store.ts). */
export function scopesUpdateRequest(options: { shop: string; appUrl: string; apiSecret: string; webhooks: WebhookConfig; previous: string; current: string }): Request | null {
  const path = options.webhooks.subscriptions.get("app/scopes_update");
  if (!path) return null;
  const now = new Date().toISOString();
  return signedWebhookRequest({
    url: new URL(path, options.appUrl).toString(),
    topic: "app/scopes_update",
    shop: options.shop,
    apiVersion: options.webhooks.apiVersion,
    secret: options.apiSecret,
    body: { id: Date.now(), previous: list(options.previous), current: list(options.current), updated_at: now, created_at: now },
    webhookId: randomUUID(),
    eventId: randomUUID(),
    triggeredAt: now,
  });
}
