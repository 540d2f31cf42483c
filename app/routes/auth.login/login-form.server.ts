import { readForm } from "~/utils/form.server";

/**
 * The login form holds one field, the shop domain: a few hundred bytes at most. 8 KiB leaves room for
 * a browser's multipart boundary and stops anything bigger before it is read whole.
 */
export const LOGIN_FORM_MAX_BYTES = 8 * 1024;

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

function badRequest(message: string): never {
  throw new Response(message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/**
 * The posted login form, read with a cap, as a request Shopify's `login()` can read: it calls
 * `request.formData()` on whatever it is given and throws (a 500) on anything that is not a form, and
 * on a shop that is a file rather than text. Here those are a 400 and an oversized form a 413, so
 * `login()` only ever sees a small form whose `shop` is text.
 */
export async function loginFormRequest(request: Request): Promise<Request> {
  // A shop in the address is all `login()` reads then; the body is never touched.
  if (new URL(request.url).searchParams.get("shop")) return request;
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(mediaType)) badRequest("Send the shop domain from the login form.");
  const form = await readForm(request, { maxBytes: LOGIN_FORM_MAX_BYTES });
  const shop = form.get("shop") ?? "";
  if (typeof shop !== "string") badRequest("Send the shop domain as text.");
  return new Request(request.url, { method: "POST", body: new URLSearchParams({ shop }) });
}
