/**
 * Renders and checks notification templates (Liquid, liquidjs) on worker
 * threads (app/notifications/render-thread.ts), with a deadline enforced here,
 * outside the template engine: its own render limit is cooperative, so a
 * template that loops forever, nests without end or renders megabytes is
 * stopped by terminating its thread. Requests keep being served meanwhile:
 * nothing Liquid runs on the server's thread.
 * docs/decisions/012-notification-templates.md.
 */
import { Worker } from "node:worker_threads";
import type { RenderJob, RenderMessage, RenderReply, RenderThreadData, RenderThreadPost } from "./render-thread-messages";
import { unknownVariable, type TemplateData } from "./variables";

export type TemplateProblem = { message: string; line: number | null; column: number | null };

export type RenderResult = { ok: true; output: string; ms: number } | { ok: false; error: TemplateProblem };

export const RENDER_LIMITS = {
  /** Wall-clock time a render or check may take before its thread is terminated. */
  deadlineMs: 150,
  /** Template source length (liquidjs parseLimit, characters). */
  parseLimit: 100_000,
  /** liquidjs' own cooperative render limit (ms of wall-clock time), just below the deadline: it stops most loops gracefully. */
  renderLimit: 140,
  /** liquidjs' memory limit (approximate bytes of strings and arrays created). */
  memoryLimit: 20_000_000,
  /** Largest rendered email accepted (characters). */
  outputLimit: 500_000,
};

/** Render threads: one can be stuck on a hostile template until its deadline while the others serve. */
const POOL_SIZE = 3;
/** Threads kept started: a spare is ready when one is stuck, as starting one takes longer than a render. */
const WARM_THREADS = 2;

/** A render thread; `ready` once liquidjs is loaded, so its boot never counts against a render's deadline. */
type Slot = { worker: Worker; busy: boolean; ready: boolean };
type Waiting = { job: RenderJob; resolve: (reply: RenderReply) => void };

const slots: Slot[] = [];
const queue: Waiting[] = [];
let nextId = 1;

function startWorker(): Slot {
  const workerData: RenderThreadData = { limits: RENDER_LIMITS };
  const worker = new Worker(new URL("./render-thread.ts", import.meta.url), { workerData, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
  worker.unref();
  const slot: Slot = { worker, busy: false, ready: false };
  const onBoot = (message: RenderThreadPost) => {
    if (!("ready" in message)) return;
    worker.off("message", onBoot);
    worker.off("error", onBootError);
    slot.ready = true;
    pump();
  };
  const onBootError = (error: Error) => {
    worker.off("message", onBoot);
    retire(slot, false);
    // A renderer that cannot start fails the oldest waiting job instead of leaving it waiting for ever.
    const first = queue.shift();
    first?.resolve({ id: 0, ms: 0, ok: false, error: { message: `The template renderer could not start: ${error.message}`, line: null, column: null } });
    pump();
  };
  worker.on("message", onBoot);
  worker.on("error", onBootError);
  slots.push(slot);
  return slot;
}

function retire(slot: Slot, replace = true) {
  const index = slots.indexOf(slot);
  if (index < 0) return;
  slots.splice(index, 1);
  void slot.worker.terminate();
  // A fresh thread at once, so the next render does not wait for one to start.
  if (replace) startWorker();
}

function run(slot: Slot, job: RenderJob, resolve: (reply: RenderReply) => void) {
  slot.busy = true;
  const id = nextId++;
  const { worker } = slot;
  let settled = false;
  const finish = (reply: RenderReply, keep: boolean) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    worker.off("message", onMessage);
    worker.off("error", onError);
    worker.off("exit", onExit);
    if (keep) slot.busy = false;
    else retire(slot);
    resolve(reply);
    pump();
  };
  const onMessage = (message: RenderThreadPost) => {
    if ("id" in message && message.id === id) finish(message, true);
  };
  const onError = (error: Error) => {
    const memory = /memory/i.test(error.message);
    finish(
      { id, ms: 0, ok: false, error: { message: memory ? "The template needs too much memory to render" : `The template could not be rendered: ${error.message}`, line: null, column: null } },
      false,
    );
  };
  const onExit = () => finish({ id, ms: 0, ok: false, error: { message: "The template could not be rendered: the renderer stopped", line: null, column: null } }, false);
  const timer = setTimeout(() => {
    finish(
      {
        id,
        ms: RENDER_LIMITS.deadlineMs,
        ok: false,
        error: {
          message: `The template took longer than ${RENDER_LIMITS.deadlineMs} ms to render and was stopped. Look for a loop that never ends or output that keeps growing.`,
          line: null,
          column: null,
        },
      },
      false,
    );
  }, RENDER_LIMITS.deadlineMs);
  worker.on("message", onMessage);
  worker.on("error", onError);
  worker.on("exit", onExit);
  worker.postMessage({ ...job, id } satisfies RenderMessage);
}

function pump() {
  while (queue.length && slots.length < WARM_THREADS) startWorker();
  while (queue.length) {
    const slot = slots.find((candidate) => candidate.ready && !candidate.busy);
    if (!slot) {
      // Start another thread while there is room; the queue moves when it is ready.
      const booting = slots.filter((candidate) => !candidate.ready).length;
      if (slots.length < POOL_SIZE && booting < queue.length) startWorker();
      return;
    }
    const next = queue.shift()!;
    run(slot, next.job, next.resolve);
  }
}

function submit(job: RenderJob): Promise<RenderReply> {
  const longest = Math.max(job.source.length, ...(job.parts ?? []).map((part) => part.source.length));
  if (longest > RENDER_LIMITS.parseLimit) {
    return Promise.resolve({ id: 0, ms: 0, ok: false, error: { message: `The template is longer than ${RENDER_LIMITS.parseLimit.toLocaleString("en")} characters`, line: null, column: null } });
  }
  return new Promise((resolve) => {
    queue.push({ job, resolve });
    pump();
  });
}

export type RenderOptions = { html: boolean; currency?: string; locale?: string; strict?: boolean };

/** Renders one template with the given data: HTML output escapes every value, plain text does not. */
export async function renderTemplate(source: string, data: TemplateData, options: RenderOptions): Promise<RenderResult> {
  const reply = await submit({ op: "render", source, data, html: options.html, strict: options.strict, currency: options.currency, locale: options.locale });
  if (!reply.ok) return { ok: false, error: reply.error! };
  return { ok: true, output: reply.output!, ms: reply.ms };
}

export type EmailParts = { subject: string; html: string; text: string };
export type EmailResult = { ok: true; email: EmailParts } | { ok: false; part: keyof EmailParts; error: TemplateProblem };

/** One email's subject (text), body (escaped HTML) and plain text, rendered in one round trip to a render thread. */
export async function renderEmailParts(template: EmailParts, data: TemplateData, options: { currency?: string; locale?: string } = {}): Promise<EmailResult> {
  const parts = [
    { name: "subject", source: template.subject, html: false },
    { name: "html", source: template.html, html: true },
    { name: "text", source: template.text, html: false },
  ];
  const reply = await submit({ op: "email", source: "", parts, data, html: true, currency: options.currency, locale: options.locale });
  if (!reply.ok) return { ok: false, part: (reply.part as keyof EmailParts | undefined) ?? "html", error: reply.error! };
  const [subject, html, text] = reply.outputs!;
  return { ok: true, email: { subject: subject!, html: html!, text: text! } };
}

export type CheckResult = { ok: true } | { ok: false; problems: TemplateProblem[] };

/**
 * Whether a template may be saved: it parses, uses only published variables
 * and filters (each problem with its line and column), and renders the sample
 * data with strict variables inside the limits.
 */
export async function checkTemplate(source: string, sample: TemplateData, options: { html: boolean; currency?: string }): Promise<CheckResult> {
  const parsed = await submit({ op: "check", source, html: options.html });
  if (!parsed.ok) return { ok: false, problems: [parsed.error!] };
  const problems: TemplateProblem[] = [];
  for (const use of parsed.variables ?? []) {
    const message = unknownVariable(use.path);
    if (message) problems.push({ message, line: use.line, column: use.column });
  }
  if (problems.length) return { ok: false, problems };
  const rendered = await renderTemplate(source, sample, { html: options.html, currency: options.currency, strict: true });
  return rendered.ok ? { ok: true } : { ok: false, problems: [rendered.error] };
}

/** Where a problem is, for messages: "line 3, column 7: …". */
export function describeProblem(problem: TemplateProblem) {
  return problem.line ? `Line ${problem.line}, column ${problem.column}: ${problem.message}` : problem.message;
}

/** Resolves once the warm threads are started and ready (the benchmark, between hostile runs). */
export async function renderersReady() {
  while (slots.length < WARM_THREADS) startWorker();
  while (slots.filter((slot) => slot.ready).length < WARM_THREADS) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Stops the render threads (tests and scripts that must exit). */
export async function stopRenderers() {
  await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
}
