import { vi } from "vitest";
import * as envModule from "~/utils/env.server";

/**
 * Runs the rest of the test with some settings changed, as a deployment would
 * configure them (values as strings, validated like the real environment).
 * Vitest's restoreMocks puts the original back after the test.
 */
export function useEnv(overrides: Record<string, string | undefined>) {
  const changed = envModule.parseEnv({ ...process.env, ...overrides });
  vi.spyOn(envModule, "env").mockReturnValue(changed);
  return changed;
}
