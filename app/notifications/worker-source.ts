/**
 * The code of the render thread, as text: it runs in a `worker_threads`
 * Worker started with `eval: true` (app/notifications/renderer.server.ts), so
 * it needs no build step of its own and behaves the same under Vite, vitest
 * and tsx. CommonJS, plain JavaScript; liquidjs is required from the absolute
 * path the main thread resolved.
 *
 * Everything Liquid happens here: parsing, the static list of variables used,
 * rendering. The main thread only sends text and data and waits with a
 * deadline; a template that never ends is stopped by terminating this thread
 * (docs/decisions/012-notification-templates.md).
 */
export const WORKER_SOURCE = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { Liquid, Tag } = require(workerData.liquidPath);
const limits = workerData.limits;

const CACHE = 100;
let currency = "USD";
let locale = "en";

class Partial extends Tag {
  constructor(token, remain, liquid) {
    super(token, remain, liquid);
    throw new Error("\"" + token.name + "\" is not available: a notification is one template, with no partials or layouts");
  }
}

function money(value) {
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
function checkDepth(source) {
  let depth = 0;
  for (const match of source.matchAll(BLOCK)) {
    depth += match[1] ? -1 : 1;
    if (depth > MAX_DEPTH) {
      const before = source.slice(0, match.index);
      const line = before.split("\n").length;
      const column = match.index - before.lastIndexOf("\n");
      const error = new Error("Tags are nested more than " + MAX_DEPTH + " levels deep");
      error.token = { getPosition: () => [line, column] };
      throw error;
    }
  }
}

function engine(html) {
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
    liquid.registerFilter("escape", (value) => value);
    liquid.registerFilter("escape_once", (value) => value);
  }
  liquid.registerFilter("money", money);
  const parsed = new Map();
  return {
    liquid,
    parse(source) {
      let templates = parsed.get(source);
      if (!templates) {
        checkDepth(source);
        templates = liquid.parse(source);
        if (parsed.size >= CACHE) parsed.delete(parsed.keys().next().value);
        parsed.set(source, templates);
      }
      return templates;
    },
  };
}

const engines = { html: engine(true), text: engine(false) };

function position(error) {
  const token = error && error.token;
  if (token && typeof token.getPosition === "function") {
    const [line, column] = token.getPosition();
    return { line, column };
  }
  return { line: null, column: null };
}

function describe(error) {
  const raw = error instanceof Error ? error.message : String(error);
  let message = raw.replace(/, line:\d+, col:\d+\s*$/, "").split("\n")[0];
  if (/render limit exceeded/.test(message)) message = "The template took too long to render and was stopped. Look for a loop that never ends.";
  else if (/memory alloc limit exceeded/.test(message)) message = "The template needs too much memory to render and was stopped. Look for a loop or output that keeps growing.";
  return { message, ...position(error) };
}

function variablesOf(templates, liquid) {
  const analysis = liquid.analyzeSync(templates, { partials: false });
  const out = [];
  for (const list of Object.values(analysis.globals)) {
    for (const variable of list) {
      out.push({ path: variable.toArray().map((s) => (Array.isArray(s) ? null : s)), line: variable.location.row, column: variable.location.col });
    }
  }
  return out;
}

parentPort.on("message", (job) => {
  const started = process.hrtime.bigint();
  const reply = (body) => parentPort.postMessage({ id: job.id, ms: Number(process.hrtime.bigint() - started) / 1e6, ...body });
  try {
    currency = job.currency || "USD";
    locale = job.locale || "en";
    if (job.op === "email") {
      // Subject, HTML and text of one email in one round trip; the first part that fails fails it.
      const outputs = [];
      let size = 0;
      for (const part of job.parts) {
        const engine = part.html ? engines.html : engines.text;
        try {
          const output = engine.liquid.renderSync(engine.parse(part.source), job.data, { strictVariables: false });
          size += output.length;
          outputs.push(output);
        } catch (error) {
          reply({ ok: false, part: part.name, error: describe(error) });
          return;
        }
      }
      if (size > limits.outputLimit) {
        reply({ ok: false, part: "html", error: { message: "The email renders more than " + Math.round(limits.outputLimit / 1024) + " KB: an email that large would not arrive", line: null, column: null } });
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
    const output = chosen.liquid.renderSync(templates, job.data, { strictVariables: Boolean(job.strict) });
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
parentPort.postMessage({ ready: true });
`;
