import { describe, expect, test } from "vitest";
import { APP_URL } from "#tests/setup/requests";
import { LOGIN_FORM_MAX_BYTES } from "./login-form.server";
import { action, loader } from "./route";

const args = (request: Request) => ({ request, params: {}, context: {} });

async function answer(promise: Promise<unknown>) {
  try {
    return { value: await promise };
  } catch (thrown) {
    if (thrown instanceof Response) return { response: thrown };
    throw thrown;
  }
}

const post = (body: BodyInit | undefined, headers: Record<string, string> = {}) => new Request(`${APP_URL}/auth/login`, { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("POST /auth/login", () => {
  test("the login form sends the merchant to Shopify's install page", async () => {
    const { response } = await answer(action(args(post(new URLSearchParams({ shop: "alpha-store" })))));
    expect(response?.status).toBe(302);
    expect(response?.headers.get("location")).toMatch(/^https:\/\/admin\.shopify\.com\/store\/alpha-store\/oauth\/install\?client_id=/);
  });

  test("an empty or invalid shop is a message on the form, not an error", async () => {
    expect((await answer(action(args(post(new URLSearchParams({ shop: "" })))))).value).toEqual({ errors: { shop: "Please enter your shop domain to log in" } });
    expect((await answer(action(args(post(new URLSearchParams({ shop: "not a shop!" })))))).value).toEqual({ errors: { shop: "Please enter a valid shop domain to log in" } });
  });

  test.each([
    ["JSON", JSON.stringify({ shop: "alpha-store" }), { "content-type": "application/json" }],
    ["plain text", "shop=alpha-store", { "content-type": "text/plain" }],
    ["no content type", "shop=alpha-store", { "content-type": "" }],
    ["no body", undefined, { "content-type": "application/x-www-form-urlencoded" }],
    ["a broken multipart body", "--x\r\nnot a part", { "content-type": "multipart/form-data; boundary=x" }],
  ])("%s is answered 400, never 500", async (_name, body, headers) => {
    const { response } = await answer(action(args(post(body, headers))));
    expect(response?.status).toBe(400);
  });

  test("a shop sent as a file is answered 400", async () => {
    const form = new FormData();
    form.set("shop", new Blob(["alpha-store"]), "shop.txt");
    const { response } = await answer(action(args(post(form))));
    expect(response?.status).toBe(400);
  });

  test("a form over the cap is answered 413, declared or chunked", async () => {
    const big = `shop=alpha-store&padding=${"x".repeat(LOGIN_FORM_MAX_BYTES)}`;
    const declared = await answer(action(args(post(big, { "content-type": "application/x-www-form-urlencoded", "content-length": String(20 * 1024 * 1024) }))));
    expect(declared.response?.status).toBe(413);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await answer(action(args(post(chunked, { "content-type": "application/x-www-form-urlencoded" }))));
    expect(streamed.response?.status).toBe(413);
  });
});

describe("GET /auth/login", () => {
  test("shows the form, or sends a shop given in the address to Shopify", async () => {
    expect((await answer(loader(args(new Request(`${APP_URL}/auth/login`))))).value).toEqual({ errors: {} });
    const { response } = await answer(loader(args(new Request(`${APP_URL}/auth/login?shop=alpha-store.myshopify.com`))));
    expect(response?.status).toBe(302);
  });
});
