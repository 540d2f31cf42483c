import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byStatus, looped, percentile, runLoad, scheduled } from "./load";

// A stand-in server on 127.0.0.1: /refuse answers 413 at once and reads on (the connection stays open while the body
// comes), /read reads the whole body first, /hang never answers, /reset closes the connection without an answer.
const received: Record<string, number> = { refuse: 0, read: 0 };
const server = http.createServer((req, res) => {
  const route = req.url!.slice(1);
  if (route === "hang") return;
  if (route === "reset") {
    req.socket.destroy();
    return;
  }
  if (route === "refuse") {
    req.on("data", (chunk: Buffer) => (received.refuse! += chunk.length));
    req.on("end", () => res.end());
    res.writeHead(413).write("too large");
    return;
  }
  req.on("data", (chunk: Buffer) => (received.read! += chunk.length));
  req.on("end", () => res.writeHead(200).end(`read ${received.read}`));
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const MB = 1024 * 1024;

describe("the bench's load generator", () => {
  it("stops sending an oversized body once the server has answered, and sends all of it to a server that reads it", async () => {
    const results = await runLoad({
      port,
      timeoutMs: 10_000,
      streams: [
        { kind: "schedule", name: "refused", rate: 10, requests: [{ method: "POST", path: "/refuse", headers: {}, body: "[", bodyBytes: 64 * MB, chunked: true, tag: "big" }] },
        { kind: "schedule", name: "read", rate: 10, requests: [{ method: "POST", path: "/read", headers: {}, body: "[", bodyBytes: 8 * MB, tag: "big" }] },
      ],
    });
    expect(scheduled(results, "refused").answers[0]).toMatchObject({ tag: "big", status: 413 });
    expect(received.refuse).toBeLessThan(16 * MB);
    expect(scheduled(results, "read").answers[0]).toMatchObject({ status: 200 });
    expect(received.read).toBe(8 * MB);
  });

  it("records no answer within the time limit as status 0, a connection closed without one as -1, and a closed loop's answers by kind and status", async () => {
    const results = await runLoad({
      port,
      timeoutMs: 300,
      streams: [
        { kind: "schedule", name: "hang", rate: 100, requests: [{ method: "GET", path: "/hang", headers: {}, tag: "hang" }] },
        { kind: "schedule", name: "reset", rate: 100, requests: [{ method: "GET", path: "/reset", headers: {}, tag: "reset" }] },
        { kind: "loop", name: "loop", concurrency: 2, seconds: 0.3, requests: [{ method: "POST", path: "/read", headers: {}, body: "[]", tag: "small" }] },
      ],
    });
    expect(byStatus(scheduled(results, "hang").answers)).toEqual({ 0: 1 });
    expect(byStatus(scheduled(results, "reset").answers)).toEqual({ "-1": 1 });
    const loop = looped(results, "loop");
    expect(loop.sent).toBeGreaterThan(2);
    expect(Object.keys(loop.byTagAndStatus)).toEqual(["small 200"]);
    expect(loop.msByTagAndStatus["small 200"]!.p50).toBeGreaterThan(0);
  });

  it("takes percentiles as the sorted value at that rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 0.5)).toBe(51);
    expect(percentile(values, 0.99)).toBe(100);
  });
});
