/**
 * The Node options the container image runs with: the `NODE_OPTIONS` its Dockerfile's `ENV` sets
 * (docs/deployment.md, decision 031). What stands for the deployment runs under the same options,
 * read from the Dockerfile itself so that it follows any change there: the deploy smoke test
 * (./smoke.ts), the production build the benchmarks serve (tests/bench/app-instance.ts) and the
 * ingest's memory benchmark (tests/bench/ingest-memory-run.ts).
 */
import fs from "node:fs";

export function imageNodeOptions(dockerfile = "Dockerfile"): string {
  const text = fs.readFileSync(dockerfile, "utf8");
  // The last stage's settings are the image's: `ENV NODE_OPTIONS="..."`, alone or among other ENV pairs.
  const finalStage = text.slice(text.lastIndexOf("\nFROM "));
  const match = /^ENV\b.*\bNODE_OPTIONS="([^"]*)"/m.exec(finalStage);
  return match?.[1]?.trim() ?? "";
}
