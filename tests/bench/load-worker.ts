/**
 * The load generator of the flood and soak benchmarks, on a thread of its own (./load.ts starts
 * it) so its schedule is not held up by the orchestrator's work. Two kinds of stream:
 *
 * - `schedule`: open loop, request i sent at start + i / rate seconds whether or not earlier
 *   ones were answered; each answer recorded (status, time, optionally the body).
 * - `loop`: closed loop, `concurrency` senders each sending the next request of the list as soon
 *   as the last was answered, for `seconds`; answers counted by status.
 *
 * A request with `bodyBytes` streams that many bytes (declared in Content-Length, or chunked with
 * `chunked`): its `body` (e.g. the start of a JSON string), then filler a megabyte at a time,
 * stopping as soon as the server's answer begins: a server that refuses early pays little, one that reads everything pays for all of it. No answer within `timeoutMs` is
 * recorded as status 0, a connection closed or reset without one as -1. Only 127.0.0.1 is ever sent to.
 */
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

export type LoadRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Streamed: `body` first, then filler up to `bodyBytes` in all. */
  bodyBytes?: number;
  chunked?: boolean;
  tag: string;
  keepAnswer?: boolean;
};
export type ScheduleStream = { kind: "schedule"; name: string; rate: number; delayMs?: number; requests: LoadRequest[] };
export type LoopStream = { kind: "loop"; name: string; concurrency: number; seconds: number; delayMs?: number; requests: LoadRequest[] };
export type Answer = { tag: string; status: number; ms: number; answer?: string };
export type StreamResult =
  | { kind: "schedule"; name: string; answers: Answer[]; seconds: number }
  | { kind: "loop"; name: string; sent: number; byTagAndStatus: Record<string, number>; msByTagAndStatus: Record<string, { p50: number; p99: number }>; seconds: number; maxMs: number };
export type LoadInput = { port: number; timeoutMs: number; streams: (ScheduleStream | LoopStream)[] };

const FILL = Buffer.alloc(1024 * 1024, "x");
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function send(port: number, timeoutMs: number, r: LoadRequest): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (status: number, answer?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ tag: r.tag, status, ms: performance.now() - started, ...(r.keepAnswer && answer !== undefined ? { answer } : {}) });
    };
    const streamed = r.bodyBytes !== undefined;
    const headers = { ...r.headers, ...(streamed && !r.chunked ? { "content-length": String(r.bodyBytes) } : {}) };
    const req = http.request({ host: "127.0.0.1", port, path: r.path, method: r.method, headers, agent: streamed ? false : agent }, (res) => {
      // A streamed body stops at the answer's status line: what is left of it is not worth sending.
      if (streamed) {
        finish(res.statusCode ?? -1);
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => {
        if (r.keepAnswer) chunks.push(chunk);
      });
      res.on("end", () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString()));
      res.on("error", () => finish(res.statusCode ?? -1));
    });
    const timer = setTimeout(() => {
      finish(0);
      req.destroy();
    }, timeoutMs);
    req.on("error", () => finish(-1));
    if (!streamed) {
      req.end(r.body);
      return;
    }
    let left = r.bodyBytes!;
    if (r.body) {
      req.write(r.body);
      left -= Buffer.byteLength(r.body);
    }
    const pump = () => {
      while (left > 0 && !done && !req.destroyed) {
        const piece = left >= FILL.length ? FILL : FILL.subarray(0, left);
        left -= piece.length;
        if (!req.write(piece)) {
          req.once("drain", pump);
          return;
        }
      }
      if (left === 0 && !done && !req.destroyed) req.end();
    };
    pump();
  });
}

async function schedule(input: LoadInput, stream: ScheduleStream, t0: number): Promise<StreamResult> {
  const start = t0 + (stream.delayMs ?? 0);
  const answers = await Promise.all(
    stream.requests.map(
      (r, i) =>
        new Promise<Answer>((resolve) => {
          setTimeout(() => void send(input.port, input.timeoutMs, r).then(resolve), Math.max(0, start + (i * 1000) / stream.rate - performance.now()));
        }),
    ),
  );
  return { kind: "schedule", name: stream.name, answers, seconds: (performance.now() - start) / 1000 };
}

async function loop(input: LoadInput, stream: LoopStream, t0: number): Promise<StreamResult> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + (stream.delayMs ?? 0) - performance.now())));
  const start = performance.now();
  const until = start + stream.seconds * 1000;
  const byTagAndStatus: Record<string, number> = {};
  const times: Record<string, number[]> = {};
  let next = 0;
  let maxMs = 0;
  const sender = async () => {
    while (performance.now() < until) {
      const r = stream.requests[next++ % stream.requests.length]!;
      const answer = await send(input.port, input.timeoutMs, r);
      const key = `${answer.tag} ${answer.status}`;
      byTagAndStatus[key] = (byTagAndStatus[key] ?? 0) + 1;
      (times[key] ??= []).push(answer.ms);
      maxMs = Math.max(maxMs, answer.ms);
    }
  };
  await Promise.all(Array.from({ length: stream.concurrency }, sender));
  const rank = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
  const msByTagAndStatus = Object.fromEntries(
    Object.entries(times).map(([key, list]) => {
      const sorted = list.sort((a, b) => a - b);
      return [key, { p50: rank(sorted, 0.5), p99: rank(sorted, 0.99) }];
    }),
  );
  return { kind: "loop", name: stream.name, sent: next, byTagAndStatus, msByTagAndStatus, seconds: (performance.now() - start) / 1000, maxMs: Math.round(maxMs) };
}

if (parentPort && workerData) {
  const input = workerData as LoadInput;
  const t0 = performance.now();
  const results = await Promise.all(input.streams.map((stream) => (stream.kind === "schedule" ? schedule(input, stream, t0) : loop(input, stream, t0))));
  agent.destroy();
  parentPort.postMessage(results);
}
