/**
 * A render thread (app/notifications/renderer.server.ts starts them).
 * Everything Liquid happens here: parsing, the static list of variables used,
 * rendering. The server's thread only sends text and data and waits with a
 * deadline; a template that never ends is stopped by terminating this thread
 * (docs/decisions/012-notification-templates.md).
 *
 * Node runs this file as it is from the source (vitest, tsx, the dev server)
 * and the server build emits it as JavaScript next to the server bundle
 * (docs/decisions/017-worker-threads-as-modules.md). So: TypeScript that only
 * needs its types erased, and nothing imported but Node's own modules and
 * types (`import type`).
 */
import type * as liquidjs from "liquidjs";
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import type { TemplateProblem } from "./renderer.server";
import type { RenderMessage, RenderReply, RenderThreadData, RenderThreadPost, VariableUse } from "./render-thread-messages";

const port = parentPort;
if (!port) throw new Error("app/notifications/render-thread.ts runs as a worker thread");
const post = (message: RenderThreadPost) => port.postMessage(message);
const { limits } = workerData as RenderThreadData;
// Required, not imported: liquidjs is CommonJS, and importing it makes Node scan its source for exports first, which
// made a thread take about twice as long to start.
const { Liquid, Tag } = createRequire(import.meta.url)("liquidjs") as typeof liquidjs;

const CACHE = 100;
let currency = "USD";
let locale = "en";

class Partial extends Tag {
  constructor(token: liquidjs.TagToken, remain: liquidjs.TopLevelToken[], liquid: liquidjs.Liquid) {
    super(token, remain, liquid);
    throw new Error('"' + token.name + '" is not available: a notification is one template, with no partials or layouts');
  }

  // Never reached: the constructor refuses the tag while the template is parsed.
  render() {}
}

function money(value: unknown) {
  const cents = Number(value);
  if (value === null || value === undefined || value === "" || !Number.isFinite(cents)) return value;
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(cents / 100);
  } catch {
    return (cents / 100).toFixed(2) + " " + currency;
  }
}

const MAX_DEPTH = 50;
const BLOCK = /\{%-?\s*(end)?(if|unless|for|case|capture|tablerow|comment|raw)\b/g;

// Deep nesting is refused before the parser's recursion sees it: a deterministic limit, not a race with the deadline.
function checkDepth(source: string) {
  let depth = 0;
  for (const match of source.matchAll(BLOCK)) {
    depth += match[1] ? -1 : 1;
    if (depth > MAX_DEPTH) {
      const before = source.slice(0, match.index);
      const line = before.split("\n").length;
      const column = match.index - before.lastIndexOf("\n");
      throw Object.assign(new Error("Tags are nested more than " + MAX_DEPTH + " levels deep"), { token: { getPosition: () => [line, column] } });
    }
  }
}

function engine(html: boolean) {
  const liquid = new Liquid({
    templates: {},
    strictFilters: true,
    strictVariables: false,
    lenientIf: true,
    ownPropertyOnly: true,
    outputEscape: html ? "escape" : undefined,
    parseLimit: limits.parseLimit,
    renderLimit: limits.renderLimit,
    memoryLimit: limits.memoryLimit,
    cache: false,
  });
  for (const name of ["include", "render", "layout", "block"]) liquid.registerTag(name, Partial);
  // Output is escaped once, always: no way around it, and "escape" does not escape twice.
  liquid.unregisterFilter("raw");
  if (html) {
    liquid.registerFilter("escape", (value: unknown) => value);
    liquid.registerFilter("escape_once", (value: unknown) => value);
  }
  liquid.registerFilter("money", money);
  const parsed = new Map<string, liquidjs.Template[]>();
  return {
    liquid,
    parse(source: string) {
      let templates = parsed.get(source);
      if (!templates) {
        checkDepth(source);
        templates = liquid.parse(source);
        if (parsed.size >= CACHE) parsed.delete(parsed.keys().next().value!);
        parsed.set(source, templates);
      }
      return templates;
    },
  };
}

const engines = { html: engine(true), text: engine(false) };

function position(error: unknown): { line: number | null; column: number | null } {
  const token = (error as { token?: { getPosition?: () => number[] } } | null | undefined)?.token;
  if (token && typeof token.getPosition === "function") {
    const [line, column] = token.getPosition();
    return { line: line!, column: column! };
  }
  return { line: null, column: null };
}

function describe(error: unknown): TemplateProblem {
  const raw = error instanceof Error ? error.message : String(error);
  let message = raw.replace(/, line:\d+, col:\d+\s*$/, "").split("\n")[0]!;
  if (/render limit exceeded/.test(message)) message = "The template took too long to render and was stopped. Look for a loop that never ends.";
  else if (/memory alloc limit exceeded/.test(message)) message = "The template needs too much memory to render and was stopped. Look for a loop or output that keeps growing.";
  return { message, ...position(error) };
}

function variablesOf(templates: liquidjs.Template[], liquid: liquidjs.Liquid) {
  const analysis = liquid.analyzeSync(templates, { partials: false });
  const out: VariableUse[] = [];
  for (const list of Object.values(analysis.globals)) {
    for (const variable of list) {
      out.push({ path: variable.toArray().map((s) => (Array.isArray(s) ? null : s)), line: variable.location.row, column: variable.location.col });
    }
  }
  return out;
}

port.on("message", (job: RenderMessage) => {
  const started = process.hrtime.bigint();
  const reply = (body: Omit<RenderReply, "id" | "ms">) => post({ id: job.id, ms: Number(process.hrtime.bigint() - started) / 1e6, ...body });
  try {
    currency = job.currency || "USD";
    locale = job.locale || "en";
    if (job.op === "email") {
      // Subject, HTML and text of one email in one round trip; the first part that fails fails it.
      const outputs: string[] = [];
      let size = 0;
      for (const part of job.parts!) {
        const engine = part.html ? engines.html : engines.text;
        try {
          const output: string = engine.liquid.renderSync(engine.parse(part.source), job.data as object, { strictVariables: false });
          size += output.length;
          outputs.push(output);
        } catch (error) {
          reply({ ok: false, part: part.name, error: describe(error) });
          return;
        }
      }
      if (size > limits.outputLimit) {
        reply({
          ok: false,
          part: "html",
          error: { message: "The email renders more than " + Math.round(limits.outputLimit / 1024) + " KB: an email that large would not arrive", line: null, column: null },
        });
        return;
      }
      reply({ ok: true, outputs });
      return;
    }
    const chosen = job.html ? engines.html : engines.text;
    const templates = chosen.parse(job.source);
    if (job.op === "check") {
      reply({ ok: true, variables: variablesOf(templates, chosen.liquid) });
      return;
    }
    const output: string = chosen.liquid.renderSync(templates, job.data as object, { strictVariables: Boolean(job.strict) });
    if (output.length > limits.outputLimit) {
      reply({ ok: false, error: { message: "The template renders more than " + Math.round(limits.outputLimit / 1024) + " KB: an email that large would not arrive", line: null, column: null } });
      return;
    }
    reply({ ok: true, output });
  } catch (error) {
    reply({ ok: false, error: describe(error) });
  }
});

// Warm the engines (parser, renderer, filters) before taking work: a cold first render is many times slower
// and must not be mistaken for a hostile one by the deadline.
for (const engine of [engines.html, engines.text]) {
  const warm = "{% for item in items %}{{ item.title | default: 'x' | escape }} {{ item.quantity | money }}{% if item.image %}y{% endif %}{% endfor %}{{ at | date: '%Y-%m-%d' }}";
  for (let i = 0; i < 20; i++) engine.liquid.renderSync(engine.liquid.parse(warm), { items: [{ title: "<a>", quantity: 1, image: null }], at: "2026-01-01" });
}
post({ ready: true });
