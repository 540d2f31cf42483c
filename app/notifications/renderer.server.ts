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

/**
 * Each shop's share of the threads (docs/notifications.md, "Fair renders"). A shop has at most
 * `inFlightPerShop` renders on the threads, a thread its template got stopped on counting as its
 * own until the replacement is ready, and at most `queuedPerShop` waiting; more are refused at
 * once. Shops with work waiting take turns. So one shop's hostile previews hold one thread at most,
 * and another shop's render starts on a free one instead of queueing behind them.
 */
export const RENDER_SHARE = { inFlightPerShop: 1, queuedPerShop: 16 };

/**
 * The longest another shop's render may take while one shop's hostile previews run (stated in
 * docs/notifications.md, asserted in renderer.server.test.ts). It is served by a free thread at
 * once (1-2 ms typically); the margin is for a loaded machine. Waiting behind 8 hostile previews,
 * as with one queue for every shop, takes three deadlines (450 ms) and more.
 */
export const FAIR_RENDER_BOUND_MS = 250;

export const RENDERS_BUSY = "Previews are busy: your shop has too many emails rendering at once. Wait a few seconds and try again.";

/** A render thread; `ready` once liquidjs is loaded, so its boot never counts against a render's deadline. */
type Slot = { worker: Worker; busy: boolean; ready: boolean; chargedTo: Lane | null };
type Waiting = { job: RenderJob; resolve: (reply: RenderReply) => void };
/** One shop's renders: those waiting, and how many threads it holds (running, or replacing one it got stopped). */
type Lane = { shop: string; waiting: Waiting[]; holding: number };

const slots: Slot[] = [];
const lanes = new Map<string, Lane>();
let nextId = 1;

const problem = (message: string): RenderReply => ({ id: 0, ms: 0, ok: false, error: { message, line: null, column: null } });

function release(lane: Lane) {
  lane.holding--;
  if (!lane.holding && !lane.waiting.length && lanes.get(lane.shop) === lane) lanes.delete(lane.shop);
}

function startWorker(chargedTo: Lane | null = null): Slot {
  const workerData: RenderThreadData = { limits: RENDER_LIMITS };
  const worker = new Worker(new URL("./render-thread.ts", import.meta.url), { workerData, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
  worker.unref();
  const slot: Slot = { worker, busy: false, ready: false, chargedTo };
  const booted = () => {
    worker.off("message", onBoot);
    worker.off("error", onBootError);
    if (slot.chargedTo) release(slot.chargedTo);
    slot.chargedTo = null;
  };
  const onBoot = (message: RenderThreadPost) => {
    if (!("ready" in message)) return;
    booted();
    slot.ready = true;
    pump();
  };
  const onBootError = (error: Error) => {
    booted();
    retire(slot, null);
    // A renderer that cannot start fails a waiting job instead of leaving it waiting for ever.
    const lane = [...lanes.values()].find((candidate) => candidate.waiting.length);
    const first = lane?.waiting.shift();
    if (lane && !lane.holding && !lane.waiting.length) lanes.delete(lane.shop);
    first?.resolve(problem(`The template renderer could not start: ${error.message}`));
    pump();
  };
  worker.on("message", onBoot);
  worker.on("error", onBootError);
  slots.push(slot);
  return slot;
}

/** Stops a thread; a fresh one starts at once (unless `replace` is null), charged to the shop whose template was stopped. */
function retire(slot: Slot, replace: Lane | null | undefined) {
  const index = slots.indexOf(slot);
  if (index < 0) {
    // Already stopped (stopRenderers): nothing replaces it, so the shop holds nothing.
    if (replace) release(replace);
    return;
  }
  slots.splice(index, 1);
  void slot.worker.terminate();
  // A fresh thread at once, so the next render does not wait for one to start.
  if (replace !== null) startWorker(replace);
}

function run(slot: Slot, lane: Lane, job: RenderJob, resolve: (reply: RenderReply) => void) {
  slot.busy = true;
  lane.holding++;
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
    if (keep) {
      slot.busy = false;
      release(lane);
    } else retire(slot, lane); // the shop keeps holding a thread until the replacement is ready
    resolve(reply);
    pump();
  };
  const onMessage = (message: RenderThreadPost) => {
    if ("id" in message && message.id === id) finish(message, true);
  };
  const onError = (error: Error) => {
    const memory = /memory/i.test(error.message);
    finish({ ...problem(memory ? "The template needs too much memory to render" : `The template could not be rendered: ${error.message}`), id }, false);
  };
  const onExit = () => finish({ ...problem("The template could not be rendered: the renderer stopped"), id }, false);
  const timer = setTimeout(() => {
    finish(
      {
        ...problem(`The template took longer than ${RENDER_LIMITS.deadlineMs} ms to render and was stopped. Look for a loop that never ends or output that keeps growing.`),
        id,
        ms: RENDER_LIMITS.deadlineMs,
      },
      false,
    );
  }, RENDER_LIMITS.deadlineMs);
  worker.on("message", onMessage);
  worker.on("error", onError);
  worker.on("exit", onExit);
  worker.postMessage({ ...job, id } satisfies RenderMessage);
}

/** The next shop whose turn it is: one with work waiting and a thread left in its share; it goes to the back of the line. */
function nextLane(): Lane | undefined {
  for (const lane of lanes.values()) {
    if (!lane.waiting.length || lane.holding >= RENDER_SHARE.inFlightPerShop) continue;
    lanes.delete(lane.shop);
    lanes.set(lane.shop, lane);
    return lane;
  }
  return undefined;
}

function pump() {
  const runnable = () => [...lanes.values()].filter((lane) => lane.waiting.length && lane.holding < RENDER_SHARE.inFlightPerShop).length;
  while (runnable() && slots.length < WARM_THREADS) startWorker();
  while (runnable()) {
    const slot = slots.find((candidate) => candidate.ready && !candidate.busy);
    if (!slot) {
      // Start another thread while there is room; the shops' turns come when it is ready.
      const booting = slots.filter((candidate) => !candidate.ready && !candidate.chargedTo).length;
      if (slots.length < POOL_SIZE && booting < runnable()) startWorker();
      return;
    }
    const lane = nextLane()!;
    const next = lane.waiting.shift()!;
    run(slot, lane, next.job, next.resolve);
  }
}

function submit(shop: string, job: RenderJob): Promise<RenderReply> {
  const longest = Math.max(job.source.length, ...(job.parts ?? []).map((part) => part.source.length));
  if (longest > RENDER_LIMITS.parseLimit) return Promise.resolve(problem(`The template is longer than ${RENDER_LIMITS.parseLimit.toLocaleString("en")} characters`));
  let lane = lanes.get(shop);
  if (!lane) lanes.set(shop, (lane = { shop, waiting: [], holding: 0 }));
  if (lane.waiting.length >= RENDER_SHARE.queuedPerShop) return Promise.resolve(problem(RENDERS_BUSY));
  const queued = lane;
  return new Promise((resolve) => {
    queued.waiting.push({ job, resolve });
    pump();
  });
}

/** `shop`: whose render it is, for its share of the threads ({@link RENDER_SHARE}). */
export type RenderOptions = { shop: string; html: boolean; currency?: string; locale?: string; strict?: boolean };

/** Renders one template with the given data: HTML output escapes every value, plain text does not. */
export async function renderTemplate(source: string, data: TemplateData, options: RenderOptions): Promise<RenderResult> {
  const reply = await submit(options.shop, { op: "render", source, data, html: options.html, strict: options.strict, currency: options.currency, locale: options.locale });
  if (!reply.ok) return { ok: false, error: reply.error! };
  return { ok: true, output: reply.output!, ms: reply.ms };
}

export type EmailParts = { subject: string; html: string; text: string };
export type EmailResult = { ok: true; email: EmailParts } | { ok: false; part: keyof EmailParts; error: TemplateProblem };

/** One email's subject (text), body (escaped HTML) and plain text, rendered in one round trip to a render thread. */
export async function renderEmailParts(template: EmailParts, data: TemplateData, options: { shop: string; currency?: string; locale?: string }): Promise<EmailResult> {
  const parts = [
    { name: "subject", source: template.subject, html: false },
    { name: "html", source: template.html, html: true },
    { name: "text", source: template.text, html: false },
  ];
  const reply = await submit(options.shop, { op: "email", source: "", parts, data, html: true, currency: options.currency, locale: options.locale });
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
export async function checkTemplate(source: string, sample: TemplateData, options: { shop: string; html: boolean; currency?: string }): Promise<CheckResult> {
  const parsed = await submit(options.shop, { op: "check", source, html: options.html });
  if (!parsed.ok) return { ok: false, problems: [parsed.error!] };
  const problems: TemplateProblem[] = [];
  for (const use of parsed.variables ?? []) {
    const message = unknownVariable(use.path);
    if (message) problems.push({ message, line: use.line, column: use.column });
  }
  if (problems.length) return { ok: false, problems };
  const rendered = await renderTemplate(source, sample, { shop: options.shop, html: options.html, currency: options.currency, strict: true });
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
  const stopping = slots.splice(0);
  // A thread still starting in place of a stopped one no longer counts against its shop.
  for (const slot of stopping) if (slot.chargedTo) release(slot.chargedTo);
  await Promise.all(stopping.map((slot) => slot.worker.terminate()));
}
