import { describe, expect, test } from "vitest";
import { BodyTooLarge, cappedText, DRAIN_BYTES, DRAIN_IDLE_MS, DRAIN_MS, readBodyBytes, readBodyText, withBody } from "./request-body.server";

const CAP = 64 * 1024;
const CHUNK = 16 * 1024;

/**
 * A body that counts what was pulled from it: `chunks` chunks of `CHUNK` bytes, made only when read
 * (high-water mark 0: nothing is pulled before a read). Sent without a Content-Length, as chunked.
 */
function countingBody(chunks: number) {
  const counter = { pulled: 0, cancelled: false };
  let made = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (made === chunks) return controller.close();
        made += 1;
        counter.pulled += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK).fill(97));
      },
      cancel() {
        counter.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

function post(body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) {
  return new Request("https://seko-returns.test/anywhere", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected a refusal");
}

describe("readBodyBytes", () => {
  test("a declared Content-Length over the cap is refused with 413 before a byte is kept; what comes anyway is drained, then the answer ends", async () => {
    const { stream, counter } = countingBody(100);
    const response = await refusal(readBodyBytes(post(stream, { "content-length": String(CAP + 1) }), CAP));
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    // The answer's body ends only once the client has sent everything (a lingering close).
    expect(await response.text()).toMatch(/too large \(over 64 KB\)/);
    expect(counter.pulled).toBe(100 * CHUNK);
    expect(counter.cancelled).toBe(false);
  });

  test("a chunked body over the cap is refused with 413 having read at most the cap and one chunk", async () => {
    const { stream, counter } = countingBody(1000);
    const response = await refusal(readBodyBytes(post(stream), CAP));
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(CAP + CHUNK);
  });

  test("the rest of a refused body is drained, not cut at once, and cut after DRAIN_BYTES more", async () => {
    // Cancelling the body at once is what resets the client's connection before it reads the 413
    // (the real-server test in app/routes/request-bodies.test.ts shows it end to end).
    const { stream, counter } = countingBody(DRAIN_BYTES / CHUNK + 1000);
    const response = await refusal(readBodyBytes(post(stream), CAP));
    expect(counter.cancelled).toBe(false);
    await response.text();
    expect(counter.cancelled).toBe(true);
    expect(counter.pulled).toBeGreaterThan(CAP + DRAIN_BYTES);
    expect(counter.pulled).toBeLessThanOrEqual(CAP + CHUNK + DRAIN_BYTES + CHUNK);
  });

  test("a client that stops sending is cut off after DRAIN_IDLE_MS, and the 413 ends then", async () => {
    let sent = 0;
    const stalled = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < CAP / CHUNK + 2) controller.enqueue(new Uint8Array(CHUNK));
        else return new Promise(() => {});
      },
    });
    const response = await refusal(readBodyBytes(post(stalled), CAP));
    const started = Date.now();
    await response.text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(DRAIN_IDLE_MS - 50);
    expect(Date.now() - started).toBeLessThan(DRAIN_MS);
  });

  test("a refused body that ends within the drain allowance is read to its end and never cut", async () => {
    const { stream, counter } = countingBody(CAP / CHUNK + 4);
    await refusal(readBodyBytes(post(stream), CAP));
    await expect.poll(() => counter.pulled).toBe(CAP + 4 * CHUNK);
    expect(counter.cancelled).toBe(false);
  });

  test("a body under the cap comes back whole, chunked or declared", async () => {
    const { stream } = countingBody(4);
    expect((await readBodyBytes(post(stream), CAP)).byteLength).toBe(4 * CHUNK);
    const text = "x".repeat(CAP);
    expect(await readBodyText(post(text, { "content-length": String(CAP) }), CAP)).toBe(text);
    expect((await readBodyBytes(new Request("https://seko-returns.test/"), CAP)).byteLength).toBe(0);
  });

  test("a body that fails part way is a 400, not a 500", async () => {
    let sent = false;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error("socket hang up"));
        sent = true;
        controller.enqueue(new Uint8Array(10));
      },
    });
    expect((await refusal(readBodyBytes(post(broken), CAP))).status).toBe(400);
  });
});

describe("cappedText", () => {
  test("decodes characters split across chunks and stops with BodyTooLarge past the cap", async () => {
    const bytes = new TextEncoder().encode("é".repeat(10));
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 3));
        controller.enqueue(bytes.slice(3));
        controller.close();
      },
    });
    let text = "";
    for await (const piece of cappedText(post(split), 100)) text += piece;
    expect(text).toBe("é".repeat(10));

    const { stream, counter } = countingBody(1000);
    let pulledAtRefusal = 0;
    const read = async () => {
      try {
        for await (const piece of cappedText(post(stream), CAP)) void piece;
      } finally {
        pulledAtRefusal = counter.pulled;
      }
    };
    await expect(read()).rejects.toBeInstanceOf(BodyTooLarge);
    expect(pulledAtRefusal).toBeLessThanOrEqual(CAP + CHUNK);
  });
});

describe("withBody", () => {
  test("rebuilds the request around the bytes read, for a library that reads the body itself", async () => {
    const original = post("ignored", { "x-shopify-topic": "orders/create", "transfer-encoding": "chunked" });
    const copy = withBody(original, new TextEncoder().encode('{"id":1}'));
    expect(copy.method).toBe("POST");
    expect(copy.headers.get("x-shopify-topic")).toBe("orders/create");
    expect(copy.headers.get("content-length")).toBe("8");
    expect(copy.headers.get("transfer-encoding")).toBeNull();
    expect(await copy.text()).toBe('{"id":1}');
  });
});
