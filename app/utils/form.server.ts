import type { SubmissionResult } from "@conform-to/react";
import { readBodyBytes } from "./request-body.server";

/**
 * Reads a posted HTML form, answering the ways a request can fail to be one
 * with a thrown 4xx Response instead of the TypeError `request.formData()`
 * throws (which Remix turns into a 500). Call it after authenticating, so an
 * anonymous caller learns nothing about what a route accepts.
 */

/**
 * The largest form any page posts is a questionnaire section: a few dozen
 * answers of at most 5,000 characters. 256 KiB leaves room for that many
 * times over and stops a body that is not a form of ours before it is parsed.
 */
export const MAX_FORM_BYTES = 256 * 1024;

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

function fail(status: 400 | 415, message: string): never {
  throw new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export async function readForm(request: Request, options: { maxBytes?: number } = {}): Promise<FormData> {
  const maxBytes = options.maxBytes ?? MAX_FORM_BYTES;
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (!request.body) fail(400, "The request has no form data.");
  if (!FORM_TYPES.includes(mediaType)) {
    fail(415, `Send the form as application/x-www-form-urlencoded or multipart/form-data${mediaType ? `, not ${mediaType}` : ""}.`);
  }
  // Content-Length first, then counted as it arrives (413 either way); a refused body is drained, not cut.
  const bytes = await readBodyBytes(request, maxBytes);
  if (bytes.byteLength === 0) fail(400, "The request has no form data.");
  try {
    return await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    return fail(400, "The form could not be read.");
  }
}

/**
 * The one answer to a form whose `intent` this route does not handle: 400, naming the intent.
 * Every multi-button form posts an `intent` field; anything else is a client error, never a 500.
 */
export function unknownIntent(intent: unknown): never {
  throw new Response(`Unknown intent "${typeof intent === "string" ? intent : String(intent ?? "")}"`, { status: 400 });
}

/**
 * The first message of each field in conform's reply (`submission.reply()`), by field name; an error
 * of the whole form (conform's "") under "form". For answers that carry this flat map beside the
 * reply, for callers reading the answer rather than a page showing it through `fieldError`.
 */
export function firstErrorByField(result: SubmissionResult<string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(result.error ?? {}).flatMap(([field, messages]) => (messages?.[0] ? [[field || "form", messages[0]]] : [])));
}
