import type { RENDER_LIMITS, TemplateProblem } from "./renderer.server";

/**
 * What the server's thread (app/notifications/renderer.server.ts) and a
 * render thread (app/notifications/render-thread.ts) say to each other.
 * Types only: the thread's file imports them with `import type`, which Node
 * erases when it runs the file as it is
 * (docs/decisions/017-worker-threads-as-modules.md).
 */

/** A render thread's `workerData`. */
export type RenderThreadData = { limits: typeof RENDER_LIMITS };

/**
 * A check (parse, list the variables used), a render of one template, or
 * one email's parts (each `parts` entry rendered in turn, the first failure
 * failing it).
 */
export type RenderJob = {
  op: "check" | "render" | "email";
  source: string;
  parts?: Array<{ name: string; source: string; html: boolean }>;
  html: boolean;
  data?: unknown;
  strict?: boolean;
  currency?: string;
  locale?: string;
};

/** A job as posted: `id` pairs it with its reply. */
export type RenderMessage = RenderJob & { id: number };

/** A variable a template reads: its path (null for a segment computed at render time), where it is used. */
export type VariableUse = { path: Array<string | number | null>; line: number; column: number };

/** A job's answer, with the thread's time for it; `part` names the email part that failed. */
export type RenderReply = {
  id: number;
  ms: number;
  ok: boolean;
  output?: string;
  outputs?: string[];
  part?: string;
  variables?: VariableUse[];
  error?: TemplateProblem;
};

/** Posted once when the thread has loaded liquidjs and warmed its engines, before any reply. */
export type RenderThreadReady = { ready: true };

/** Everything a render thread posts. */
export type RenderThreadPost = RenderReply | RenderThreadReady;
