import { env } from "./env.server";

/**
 * Structured one-line JSON logs. Values under keys that look like secrets are
 * replaced before anything is written, so a careless `log.info(..., {headers})`
 * cannot leak a key.
 */
const SECRET_KEY = /(token|secret|password|access[-_]?key|authorization|api[-_]?key|cookie)/i;
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Headers) return redact(Object.fromEntries(value.entries()), depth + 1);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => (SECRET_KEY.test(key) ? [key, "[redacted]"] : [key, redact(item, depth + 1)])));
}

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  if (LEVELS[level] < LEVELS[env().LOG_LEVEL]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...(redact(fields ?? {}) as object) });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
