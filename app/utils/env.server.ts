import { z } from "zod";

/**
 * Every environment variable the server reads, validated once at boot.
 * `.env.example` documents each one; the offline demo and the tests set them
 * in tests/setup/config.ts, never with branches in app code.
 */
const base64Key = z.string().refine((value) => Buffer.from(value, "base64").length === 32, {
  message: "must be 32 bytes, base64-encoded (openssl rand -base64 32)",
});

const commaList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

// A DNS name with at least two labels: no scheme, port, path, wildcard or IP address.
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

const hostList = commaList
  .transform((hosts) => hosts.map((host) => host.toLowerCase()))
  .refine((hosts) => hosts.every((host) => HOST_NAME.test(host)), {
    message: "must be comma-separated host names such as seko-gateway.example.com (no https://, port, wildcard or IP address)",
  });

/** The demo SEKO account's keys, as JSON: shown on step 3 of the offline demo (SEKO_DEMO_KEYS). */
const demoKey = z.string().trim().min(1).max(200);
const demoSekoKeys = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "must be JSON" });
      return z.NEVER;
    }
  })
  .pipe(z.object({ omniparcel: demoKey, omnireturns: demoKey, omnirps: z.object({ token: demoKey, retailerName: demoKey }) }));

/** http://localhost, 127.0.0.1 or [::1]: an app no merchant's admin can reach, only this machine. */
const isLoopbackUrl = (url: string) => /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(url);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.url(),
  SCOPES: commaList,
  /** A SQLite file (`file:...`, the embedded default) or Postgres (`postgresql://...`, several instances). */
  DATABASE_URL: z.string().refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
    message: "must be a SQLite file (file:./prisma/app.sqlite) or a Postgres URL (postgresql://user:password@host:5432/db)",
  }),
  /** Postgres connections per instance (instances × this must stay under the server's max_connections). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** AES-256-GCM key for secrets at rest; see docs/security.md for rotation. */
  ENCRYPTION_KEY: base64Key,
  /** The key being rotated out: still decrypts, never encrypts. */
  ENCRYPTION_KEY_PREVIOUS: base64Key.optional(),
  /** Extra origins allowed to frame the app (the simulated admin of the demo). */
  FRAME_ANCESTORS: commaList,
  /** Overrides the App Bridge script (read by @shopify/shopify-app-remix too). */
  APP_BRIDGE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Where on-boarding submissions are emailed from (smtp:// or smtps://, credentials in the URL). */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  SMTP_FROM: z.string().min(3).default("SEKO Returns for Shopify <onboarding@localhost>"),
  /** The SEKO account manager's address that receives on-boarding submissions. */
  SEKO_ONBOARDING_EMAIL: z.email().optional(),
  /** The SEKO Agreement merchants sign; a new version asks every shop to sign again. */
  SEKO_AGREEMENT_VERSION: z.string().min(1).default("bundled-2026-01"),
  /** The SEKO Agreement as plain text (fetched once per version); without it there is nothing to sign yet. */
  SEKO_AGREEMENT_URL: z.url().optional(),
  /** The offline demo and tests: offer a clearly labelled demo agreement when no URL is set. Never in a real deployment. */
  SEKO_AGREEMENT_DEMO: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
  /**
   * How many proxies in front of the app append to X-Forwarded-For. 0: none, the header is the
   * client's own words and is ignored. The signer's address is the entry this many from the right.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Extra documents older SEKO contracts ask for, e.g. "non-dangerous-goods". */
  SEKO_EXTRA_DOCUMENTS: commaList,
  /**
   * Hosts outside SEKO's own domains that a shop's SEKO host override may name
   * (a gateway SEKO set up for an account). Addresses inside our network stay
   * refused whatever is listed (docs/security.md, SSRF).
   */
  SEKO_HOST_ALLOWLIST: hostList,
  /**
   * Only the offline demo (tests/demo/start.ts): the simulated SEKO's keys, which step 3 then
   * shows the newcomer. Refused unless the app runs on http://localhost (`checked` below), so no
   * real deployment can show them by accident.
   */
  SEKO_DEMO_KEYS: demoSekoKeys.optional(),
});

const checked = schema.superRefine((value, context) => {
  if (value.SEKO_DEMO_KEYS && !isLoopbackUrl(value.SHOPIFY_APP_URL)) {
    context.addIssue({ code: "custom", path: ["SEKO_DEMO_KEYS"], message: "is for the offline demo only, whose app runs on http://localhost: remove it from this deployment" });
  }
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty value (as copied from .env.example) means "not set".
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = checked.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment (see .env.example):\n${problems}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
