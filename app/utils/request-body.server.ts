/**
 * Reading a request's body with a byte cap, for every route that takes one (docs/security.md,
 * "Request bodies"). A declared Content-Length over the cap is refused before a byte is read; a body
 * without one (chunked) is counted as it arrives and refused as soon as it passes the cap, so at most
 * the cap plus one chunk is ever held. Refusals are thrown as Responses (Remix answers them as they are):
 * 413 for too large, 400 for a body that could not be read.
 *
 * How a refusal reaches the client matters as much as the refusal. Cancelling the body stream would make
 * Remix's Node adapter (`createReadableStreamFromReadable` in @remix-run/node) destroy the incoming
 * message, and with it the socket: the client sees its connection reset and never the 413. So a body
 * refused part way is not cancelled at once: what follows is read and dropped in the background, up to
 * `DRAIN_BYTES` or `DRAIN_MS`, while the 413 goes out; only a client that keeps sending past that is cut off.
 */

/** After a refusal, how much more of a body is read and dropped before the connection is cut. */
export const DRAIN_BYTES = 1024 * 1024;
export const DRAIN_MS = 5_000;

export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is too large (over ${describeBytes(maxBytes)}).`);
  }
}

function describeBytes(bytes: number) {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The 413 for a body over `maxBytes`, saying the limit. */
export function tooLargeResponse(maxBytes: number) {
  return new Response(new BodyTooLarge(maxBytes).message, { status: 413, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function unreadable(): never {
  throw new Response("The request body could not be read.", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/**
 * The Content-Length a request declares, when it declares a number (Node's HTTP parser refuses a
 * malformed one before a route sees it; whatever the header says, the bytes are counted anyway).
 */
function declaredLength(request: Request): number | undefined {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  return Number.isFinite(declared) ? declared : undefined;
}

/** Reads and drops the rest of a refused body for a while, then cancels it (which cuts the connection). */
function drain(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const until = Date.now() + DRAIN_MS;
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), DRAIN_MS);
  timer.unref?.();
  // Started once the refusal is on its way (the next turn of the event loop), not before.
  setImmediate(async () => {
    let dropped = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        dropped += value.byteLength;
        if (dropped > DRAIN_BYTES || Date.now() > until) {
          await reader.cancel();
          return;
        }
      }
    } catch {
      // The client went away, or the timer cancelled the read: nothing left to drain.
    } finally {
      clearTimeout(timer);
    }
  });
}

/**
 * The body's chunks as they arrive, throwing `BodyTooLarge` once their total passes `maxBytes` (the
 * rest of the body is drained, see above). The declared length is checked first, before any read.
 */
export async function* cappedChunks(request: Request, maxBytes: number): AsyncGenerator<Uint8Array> {
  const declared = declaredLength(request);
  if (declared !== undefined && declared > maxBytes) throw new BodyTooLarge(maxBytes);
  if (!request.body) return;
  const reader = request.body.getReader();
  let size = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      size += value.byteLength;
      if (size > maxBytes) {
        finished = true;
        drain(reader);
        throw new BodyTooLarge(maxBytes);
      }
      yield value;
    }
  } finally {
    // A consumer that stopped early (its own error, a return) leaves the rest to be drained too.
    if (!finished) drain(reader);
  }
}

/** The whole body as bytes, at most `maxBytes` of them; 413 (thrown) when over, 400 when unreadable. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of cappedChunks(request, maxBytes)) {
      chunks.push(chunk);
      size += chunk.byteLength;
    }
  } catch (error) {
    if (error instanceof BodyTooLarge) throw tooLargeResponse(maxBytes);
    if (error instanceof Response) throw error;
    unreadable();
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The whole body as UTF-8 text, at most `maxBytes` bytes of it (see `readBodyBytes`). */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes));
}

/**
 * The body as text in pieces as it arrives, at most `maxBytes` bytes (`BodyTooLarge` thrown when over),
 * for a reader that parses a stream without holding it whole.
 */
export async function* cappedText(request: Request, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const chunk of cappedChunks(request, maxBytes)) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * A copy of `request` whose body is `bytes` already read, for a library that reads the body itself
 * (Shopify's `authenticate.webhook`, `login`), so it never sees more than the cap.
 */
export function withBody(request: Request, bytes: Uint8Array<ArrayBuffer>): Request {
  // Copied one by one: the framing headers describe the body as it came, not the bytes now held (and
  // some fetch implementations stop copying a Headers at a forbidden name such as transfer-encoding).
  const headers = new Headers();
  request.headers.forEach((value, name) => {
    if (name !== "transfer-encoding" && name !== "content-length") headers.append(name, value);
  });
  headers.set("content-length", String(bytes.byteLength));
  return new Request(request.url, { method: request.method, headers, body: bytes, signal: request.signal });
}
