import { z } from "zod";
import { sekoUrlProblem } from "./hosts";

/**
 * How one shop talks to SEKO. Hosts and header spellings differ between
 * accounts and between what SEKO documents and what code in the wild sends
 * (docs/seko.md, "APIs"), so every one of them is data with a default, never a literal
 * inside a client.
 */

export const SEKO_SYSTEMS = ["omniparcel", "omnireturns", "omnirps"] as const;
export type SekoSystem = (typeof SEKO_SYSTEMS)[number];

export const SEKO_ENVIRONMENTS = ["test", "production"] as const;
export type SekoEnvironment = (typeof SEKO_ENVIRONMENTS)[number];

export const SEKO_SYSTEM_NAMES: Record<SekoSystem, string> = {
  omniparcel: "OmniParcel",
  omnireturns: "OmniReturns",
  omnirps: "OmniRPS",
};

export const DEFAULT_BASE_URLS: Record<SekoSystem, Record<SekoEnvironment, string>> = {
  omniparcel: { production: "https://api.omniparcel.com", test: "https://staging.omniparcel.com" },
  omnireturns: {
    production: "https://www.omniparcelreturns.com/api",
    test: "https://test.omniparcelreturns.com/api",
  },
  // SEKO publishes no OmniRPS test host; test accounts live on the same host.
  omnirps: { production: "https://www.omnirps.com", test: "https://www.omnirps.com" },
};

export const DEFAULT_AUTH_HEADERS: Record<SekoSystem, string> = {
  omniparcel: "access_key",
  omnireturns: "access_key",
  omnirps: "Token",
};

/**
 * SEKO says the retailer name "is also required" next to the OmniRPS token but
 * not how it is sent; a header named `Retailer` is our assumption, hence
 * configurable.
 */
export const DEFAULT_OMNIRPS_RETAILER_HEADER = "Retailer";

// RFC 7230 token characters: anything else would make fetch throw at send time.
const headerName = z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "must be a valid HTTP header name");
// Checked on the whole config, where the operator's allow-list is known (sekoUrlProblem, ./hosts.ts).
const baseUrl = z
  .string()
  .trim()
  .transform((value) => value.replace(/\/+$/, ""));

const systemOverrides = z.object({
  baseUrl: baseUrl.optional(),
  authHeader: headerName.optional(),
});

const configShape = z.object({
  environment: z.enum(SEKO_ENVIRONMENTS).default("test"),
  /**
   * Hosts outside SEKO's domains a base URL may name: the operator's
   * SEKO_HOST_ALLOWLIST, filled in by the server, never from a form.
   */
  allowedHosts: z.array(z.string()).default([]),
  /** Per attempt; a retried call can take attempts × timeout plus back-off. */
  timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
  retry: z
    .object({
      /** Total attempts for idempotent calls, the first one included. */
      attempts: z.number().int().min(1).max(6).default(3),
      baseDelayMs: z.number().int().min(0).max(60_000).default(500),
      maxDelayMs: z.number().int().min(0).max(120_000).default(8_000),
    })
    .prefault({}),
  omniparcel: systemOverrides.prefault({}),
  omnireturns: systemOverrides.prefault({}),
  omnirps: systemOverrides.extend({ retailerHeader: headerName.default(DEFAULT_OMNIRPS_RETAILER_HEADER) }).prefault({}),
  tracking: z
    .object({
      /** SEKO's documented limit for /labels/statusv2. */
      requestsPerMinute: z.number().int().min(1).max(1_000).default(100),
      /** How many connotes one statusv2 request carries; SEKO documents no maximum. */
      connotesPerRequest: z.number().int().min(1).max(500).default(50),
      /** Longer than this in the limiter queue and the call fails as rate_limited instead. */
      maxQueueWaitMs: z.number().int().min(0).max(600_000).default(30_000),
    })
    .prefault({}),
  orderUpload: z.object({ batchSize: z.number().int().min(1).max(1_000).default(100) }).prefault({}),
});

/** A base URL that would send the key anywhere but SEKO (or an allow-listed host) is an error on its field. */
export const sekoConfigSchema = configShape.superRefine((config, context) => {
  for (const system of SEKO_SYSTEMS) {
    const url = config[system].baseUrl;
    const problem = url === undefined ? undefined : sekoUrlProblem(url, config.allowedHosts);
    if (problem) context.addIssue({ code: "custom", path: [system, "baseUrl"], message: problem });
  }
});

export type SekoConfigInput = z.input<typeof sekoConfigSchema>;
export type SekoConfig = z.output<typeof sekoConfigSchema>;

export function parseSekoConfig(input: unknown = {}) {
  return sekoConfigSchema.safeParse(input);
}

/** Throws on invalid input: for configuration the app itself builds. */
export function sekoConfig(input: SekoConfigInput = {}): SekoConfig {
  return sekoConfigSchema.parse(input);
}

export type SekoEndpoint = {
  system: SekoSystem;
  baseUrl: string;
  authHeader: string;
};

export function endpointFor(config: SekoConfig, system: SekoSystem): SekoEndpoint {
  const overrides = config[system];
  return {
    system,
    baseUrl: overrides.baseUrl ?? DEFAULT_BASE_URLS[system][config.environment],
    authHeader: overrides.authHeader ?? DEFAULT_AUTH_HEADERS[system],
  };
}

/** Keys per system (docs/seko.md, "Keys and headers"). Each client needs only its own. */
export const omniParcelCredentialsSchema = z.object({ accessKey: z.string().trim().min(1) });
export const omniReturnsCredentialsSchema = z.object({ accessKey: z.string().trim().min(1) });
export const omniRpsCredentialsSchema = z.object({
  token: z.string().trim().min(1),
  /** Exactly as spelled in OmniRPS; SEKO matches it verbatim. */
  retailerName: z.string().trim().min(1),
});
export type OmniParcelCredentials = z.infer<typeof omniParcelCredentialsSchema>;
export type OmniReturnsCredentials = z.infer<typeof omniReturnsCredentialsSchema>;
export type OmniRpsCredentials = z.infer<typeof omniRpsCredentialsSchema>;
