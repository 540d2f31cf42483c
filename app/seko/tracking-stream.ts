import { addItem, emptyBatch, NOT_JSON, parseTrackingWebhookText } from "./tracking";

/**
 * The tracking webhook's body as it streams in (docs/seko.md 5.6), cut into events without ever
 * holding the whole of it, within the limits of one delivery (docs/security.md, "The SEKO tracking
 * receiver"). The route caps the bytes read; these bound what a delivery within them may hold.
 */
export const TRACKING_DELIVERY_LIMITS = {
  /** Elements of the array (events, repeats and rejected ones alike). SEKO sends up to tens of thousands at once. */
  events: 100_000,
  /** Characters of one element's JSON text. A real event is well under 1,000 (ten short fields). */
  eventChars: 64 * 1024,
};

/**
 * A body that is not a JSON array of events (nor one event), found while reading it: a complete body
 * whose JSON stops part way is one too (a transfer that broke off is the reader's error, not this).
 */
export class TrackingBodyError extends Error {}

/** A delivery over one of {@link TRACKING_DELIVERY_LIMITS}: refused whole (413), never stored in part and acknowledged. */
export class TrackingLimitError extends TrackingBodyError {}

const tooManyEvents = (limit: number) => new TrackingLimitError(`the delivery is over the receiver's limit of ${limit.toLocaleString("en")} events`);
const eventTooLong = (limit: number) => new TrackingLimitError(`an event is over the receiver's limit of ${limit.toLocaleString("en")} characters`);

/**
 * The webhook body as it streams in, in batches of at most `size` events, so
 * a delivery of 50,000 events is never held whole (the text, the parsed
 * array and the events would all be). Repeats are folded within a batch;
 * across batches the database's dedupe key folds them. Throws
 * {@link TrackingBodyError} on a body that is not events, and
 * {@link TrackingLimitError} past a limit, possibly after earlier batches
 * were yielded.
 */
export async function* trackingBatches(text: AsyncIterable<string>, options: { size?: number; receivedAt?: Date; limits?: typeof TRACKING_DELIVERY_LIMITS } = {}) {
  const size = options.size ?? 1000;
  const receivedAt = options.receivedAt ?? new Date();
  const limits = options.limits ?? TRACKING_DELIVERY_LIMITS;
  const splitter = new JsonArraySplitter(limits.eventChars);
  let batch = emptyBatch();
  let seen = new Set<string>();
  let index = 0;
  let sinceTurn = 0;
  const add = (element: string) => {
    if (index >= limits.events) throw tooManyEvents(limits.events);
    let item: unknown;
    try {
      item = JSON.parse(element);
    } catch {
      throw new TrackingBodyError(NOT_JSON);
    }
    addItem(batch, seen, index++, item, receivedAt);
    return batch.events.length + batch.rejected.length + batch.duplicates >= size;
  };
  for await (const chunk of text) {
    for (const element of splitter.push(chunk)) {
      if (add(element)) {
        yield batch;
        batch = emptyBatch();
        seen = new Set();
      }
      // A turn of the event loop every few dozen events: the body's pieces arrive faster than they are parsed, and
      // without one the database thread's answers for the batch being written (each statement of its transaction
      // waits for this thread) were read only when parsing ran out of text, so writing and parsing took turns
      // instead of overlapping (docs/benchmarks.md, the SEKO tracking webhook).
      if (++sinceTurn === EVENTS_PER_TURN) {
        sinceTurn = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  const last = splitter.end();
  if (last.kind === "whole") {
    // Not an array: a lone event (accepted), or not events at all (small, so read whole).
    const parsed = parseTrackingWebhookText(last.text, receivedAt);
    if (!parsed.ok) throw new TrackingBodyError(parsed.reason);
    yield parsed.value;
    return;
  }
  if (batch.events.length + batch.rejected.length + batch.duplicates > 0) yield batch;
}

/** Events parsed between turns of the event loop (about 2 ms of parsing). */
const EVENTS_PER_TURN = 64;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;
const COMMA = 44;

/**
 * Cuts a top-level JSON array into the texts of its elements as the text
 * arrives in pieces, without parsing it: it only tracks strings (and their
 * escapes) and nesting. Each element is then parsed on its own; a body that
 * does not start with "[" is collected whole for the ordinary parser. An
 * element (or a whole body) longer than `maxElementChars` throws
 * {@link TrackingLimitError} as soon as it is seen, before it is held.
 */
export class JsonArraySplitter {
  constructor(readonly maxElementChars = Number.POSITIVE_INFINITY) {}

  #state: "start" | "array" | "done" | "whole" = "start";
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** The part of the current element seen in earlier pieces. */
  #carry = "";
  #whole: string[] = [];
  #wholeChars = 0;
  #sawElement = false;

  push(piece: string): string[] {
    const elements: string[] = [];
    let i = 0;
    if (this.#state === "start") {
      while (i < piece.length && /[\s\uFEFF]/.test(piece[i]!)) i++;
      if (i === piece.length) return elements;
      if (piece.charCodeAt(i) !== OPEN_SQUARE) this.#state = "whole";
      else {
        this.#state = "array";
        this.#depth = 1;
        i++;
      }
    }
    if (this.#state === "whole") {
      this.#wholeChars += piece.length - i;
      if (this.#wholeChars > this.maxElementChars) throw eventTooLong(this.maxElementChars);
      this.#whole.push(piece.slice(i));
      return elements;
    }
    // The scan keeps its state in locals (written back below): it runs over every character of a delivery,
    // and private fields read in a loop cost several times more in the production build.
    let start = i;
    // Where the piece's next backslash is (-1: none left): found once and reused for every string before it, instead
    // of searched for from each string (without a backslash in the piece, each search read to the piece's end).
    let backslash = i < piece.length ? piece.indexOf("\\", i) : -1;
    let state = this.#state;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    try {
      for (; i < piece.length; i++) {
        if (state === "done") {
          if (!/\s/.test(piece[i]!)) throw new TrackingBodyError(NOT_JSON);
          continue;
        }
        if (inString) {
          if (escaped) {
            escaped = false;
            continue;
          }
          // Straight to the next quote or backslash: a long string is skipped, not walked.
          const quote = piece.indexOf('"', i);
          if (backslash !== -1 && backslash < i) backslash = piece.indexOf("\\", i);
          const next = quote === -1 ? backslash : backslash === -1 ? quote : Math.min(quote, backslash);
          if (next === -1) {
            i = piece.length;
            break;
          }
          i = next;
          if (piece.charCodeAt(i) === BACKSLASH) escaped = true;
          else inString = false;
          continue;
        }
        const c = piece.charCodeAt(i);
        if (c === QUOTE) inString = true;
        else if (c === OPEN_SQUARE || c === OPEN_CURLY) depth++;
        else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) {
          if (--depth === 0) {
            if (c !== CLOSE_SQUARE) throw new TrackingBodyError(NOT_JSON);
            this.#element(elements, piece.slice(start, i), true);
            state = "done";
          }
        } else if (c === COMMA && depth === 1) {
          this.#element(elements, piece.slice(start, i), false);
          start = i + 1;
        }
      }
    } finally {
      this.#state = state;
      this.#depth = depth;
      this.#inString = inString;
      this.#escaped = escaped;
    }
    if (this.#state === "array") {
      this.#carry += piece.slice(start);
      if (this.#carry.length > this.maxElementChars) throw eventTooLong(this.maxElementChars);
    }
    return elements;
  }

  #element(elements: string[], tail: string, closing: boolean) {
    const text = this.#carry + tail;
    this.#carry = "";
    if (text.length > this.maxElementChars) throw eventTooLong(this.maxElementChars);
    if (text.trim() === "") {
      // "[]" is an empty batch; "[1,,2]" or "[1,]" is not JSON.
      if (closing && elements.length === 0 && !this.#sawElement) return;
      throw new TrackingBodyError(NOT_JSON);
    }
    this.#sawElement = true;
    elements.push(text);
  }

  /** The body has ended: a whole non-array body, or nothing more (an unfinished array is not JSON). */
  end(): { kind: "whole"; text: string } | { kind: "array" } {
    if (this.#state === "whole" || this.#state === "start") return { kind: "whole", text: this.#whole.join("") };
    if (this.#state !== "done") throw new TrackingBodyError("the body is not JSON: it ended before its array closed");
    return { kind: "array" };
  }
}
