/**
 * Reading a request's body with a byte cap, for every route that takes one (docs/security.md,
 * "Request bodies"). A declared Content-Length over the cap is refused before a byte is read; a body
 * without one (chunked) is counted as it arrives and refused as soon as it passes the cap, so at most
 * the cap plus one chunk is ever held. Refusals are thrown as Responses (Remix answers them as they are):
 * 413 for too large, 400 for a body that could not be read.
 *
 * How a refusal reaches the client matters as much as the refusal. Cancelling the body stream would make
 * Remix's Node adapter (`createReadableStreamFromReadable` in @remix-run/node) destroy the incoming
 * message, and with it the socket: the client sees its connection reset and may never read the 413. So a
 * refused body is closed the way web servers close one (a lingering close, docs/decisions/023): the 413
 * says `Connection: close`, and the rest of the body is read and dropped until the client has sent it
 * all, stops sending for `DRAIN_IDLE_MS`, or `DRAIN_MS` or `DRAIN_BYTES` is reached; the 413's own body
 * is held open until then (Node closes a `Connection: close` socket as soon as the answer ends, which with
 * bytes still arriving is a reset). Only a client that keeps sending past those bounds is cut off.
 */

/** After a refusal, how long and how much more of a body is read and dropped before the connection is cut. */
export const DRAIN_MS = 5_000;
export const DRAIN_IDLE_MS = 1_000;
/** Well above the largest body a cap refuses in practice: a 40 MB body sent to a 5 MiB cap is read to its end. */
export const DRAIN_BYTES = 128 * 1024 * 1024;

/**
 * The drain of each refused body, settled once the client is done or cut off. Keyed by the body stream:
 * Remix hands an action a copy of the request (`stripIndexParam` in @remix-run/server-runtime) that shares
 * the body stream, and the page rendered after it gets the original.
 */
const drains = new WeakMap<ReadableStream<Uint8Array>, Promise<void>>();

/** Settles once `request`'s refused body has been drained (undefined when nothing is being drained). */
export function bodyDrained(request: Request): Promise<void> | undefined {
  return request.body ? drains.get(request.body) : undefined;
}

export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is too large (over ${describeBytes(maxBytes)}).`);
  }
}

function describeBytes(bytes: number) {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * An answer to a request whose body was refused part way (over its cap, or not what the route takes):
 * `Connection: close`, its length declared so the client has it whole at once, and held open until the
 * rest of the refused body is drained (see above), so the connection ends only once the client is done
 * sending. A request with nothing being drained gets the answer as it is.
 */
export function refusalResponse(request: Request | undefined, text: string, init: { status: number; contentType: string }): Response {
  const bytes = new TextEncoder().encode(text);
  const drained = request && bodyDrained(request);
  const headers: Record<string, string> = { "content-type": init.contentType, "content-length": String(bytes.byteLength) };
  if (!drained) return new Response(bytes, { status: init.status, headers });
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      void drained.then(() => controller.close());
    },
  });
  return new Response(body, { status: init.status, headers: { ...headers, connection: "close" } });
}

/**
 * An answer given before the body is read at all (a refused credential, a rate limit): the body is
 * drained like a refused one and the answer closes the connection once it is (see above), so a client
 * still sending a large body gets the answer instead of a reset.
 */
export function refusalBeforeReading(request: Request, text: string, init: { status: number; contentType: string; headers?: Record<string, string> }): Response {
  if (request.body && !request.bodyUsed && !request.body.locked) drain(request.body, request.body.getReader());
  const response = refusalResponse(request, text, init);
  for (const [name, value] of Object.entries(init.headers ?? {})) response.headers.set(name, value);
  return response;
}

/** The 413 for a body over `maxBytes`, saying the limit, with `Connection: close` (see `refusalResponse`). */
export function tooLargeResponse(maxBytes: number, request?: Request) {
  const response = refusalResponse(request, new BodyTooLarge(maxBytes).message, { status: 413, contentType: "text/plain; charset=utf-8" });
  response.headers.set("connection", "close");
  return response;
}

/** A body whose transfer broke off part way (the connection or the stream failed): not the client's JSON, nothing to parse. */
export class BodyUnreadable extends Error {
  constructor() {
    super("The request body could not be read: its transfer broke off.");
  }
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

/**
 * Reads and drops the rest of a refused body (started on the next turn of the event loop, once the refusal
 * is on its way) until it ends, the client pauses for `DRAIN_IDLE_MS`, or `DRAIN_MS` or `DRAIN_BYTES` is
 * reached; then cancels it, which cuts the connection if the client is still sending.
 */
function drain(body: ReadableStream<Uint8Array>, reader: ReadableStreamDefaultReader<Uint8Array>) {
  const drained = new Promise<void>((resolve) => {
    let idle: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(idle);
      clearTimeout(deadline);
      resolve();
      void reader.cancel().catch(() => {});
    };
    const deadline = setTimeout(stop, DRAIN_MS);
    const waitIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(stop, DRAIN_IDLE_MS);
    };
    waitIdle();
    setImmediate(async () => {
      let dropped = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          dropped += value.byteLength;
          if (dropped > DRAIN_BYTES) break;
          waitIdle();
        }
      } catch {
        // The client went away, or a timer cancelled the read: nothing left to drain.
      }
      stop();
    });
  });
  drains.set(body, drained);
}

/**
 * The body's chunks as they arrive, throwing `BodyTooLarge` once their total passes `maxBytes` (the
 * rest of the body is drained, see above). The declared length is checked first, before any read.
 */
export async function* cappedChunks(request: Request, maxBytes: number): AsyncGenerator<Uint8Array> {
  const declared = declaredLength(request);
  if (declared !== undefined && declared > maxBytes) {
    // Refused before a byte is kept; what the client sends anyway is drained like any refused body.
    if (request.body) drain(request.body, request.body.getReader());
    throw new BodyTooLarge(maxBytes);
  }
  const body = request.body;
  if (!body) return;
  const reader = body.getReader();
  let size = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read().catch(() => {
        finished = true;
        throw new BodyUnreadable();
      });
      if (done) {
        finished = true;
        return;
      }
      size += value.byteLength;
      if (size > maxBytes) {
        finished = true;
        drain(body, reader);
        throw new BodyTooLarge(maxBytes);
      }
      yield value;
    }
  } finally {
    // A consumer that stopped early (its own error, a return) leaves the rest to be drained too.
    if (!finished) drain(body, reader);
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
    if (error instanceof BodyTooLarge) throw tooLargeResponse(maxBytes, request);
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
