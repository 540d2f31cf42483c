/**
 * Body caps over a real HTTP connection, through the server layer production runs: remix-serve is
 * Express with @remix-run/express's request handler (package.json "start"), here the same two around
 * the app's own route modules, on an ephemeral port. What only a socket shows: a chunked body refused
 * part way must still get its 413, not a reset connection (cancelling the body destroys the socket,
 * app/utils/request-body.server.ts); a GET on a POST-only route must log nothing.
 */
import { once } from "node:events";
import type http from "node:http";
import net, { type AddressInfo } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import { WEBHOOK_MAX_BYTES } from "~/shopify/webhooks.server";
import { db } from "~/utils/db.server";
import { MAX_FORM_BYTES } from "~/utils/form.server";
import * as entry from "~/entry.server";
import * as root from "~/root";
import * as login from "./auth.login/route";
import { LOGIN_FORM_MAX_BYTES } from "./auth.login/login-form.server";
import * as customerAccountReturns from "./customer-account.returns";
import * as handover from "./handover";
import * as healthz from "./healthz";
import * as tracking from "./seko.tracking.$token";

const route = (id: string, path: string, module: object) => ({ id, parentId: "root", path, module });

// Every webhook route, at the path its file name gives it (webhooks.orders.create.tsx: /webhooks/orders/create).
const webhookModules = import.meta.glob<object>("./webhooks.*.tsx", { eager: true });
const webhookPaths = Object.keys(webhookModules).map((file) => `/${file.slice(2, -4).replaceAll(".", "/")}`);
const webhookRoutes = Object.fromEntries(
  Object.entries(webhookModules).map(([file, module]) => [`routes/${file.slice(2, -4)}`, route(`routes/${file.slice(2, -4)}`, file.slice(2, -4).replaceAll(".", "/"), module)]),
);

// The app's route modules, root and document renderer (app/entry.server.tsx, with its handleError).
const build = {
  mode: "production",
  entry: { module: entry },
  routes: {
    root: { id: "root", path: "", module: root },
    ...webhookRoutes,
    "routes/customer-account.returns": route("routes/customer-account.returns", "customer-account/returns", customerAccountReturns),
    "routes/auth.login": route("routes/auth.login", "auth/login", login),
    "routes/handover": route("routes/handover", "handover", handover),
    "routes/healthz": route("routes/healthz", "healthz", healthz),
    "routes/seko.tracking.$token": route("routes/seko.tracking.$token", "seko/tracking/:token", tracking),
  },
  assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
  publicPath: "/",
  assetsBuildDirectory: "",
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true, v3_routeConfig: true },
  isSpaMode: false,
} as unknown as ServerBuild;
// The manifest the renderer reads (which routes have a loader, an action, an error boundary).
build.assets.routes = Object.fromEntries(
  Object.values(build.routes).map(({ id, parentId, path, module }) => {
    const has = (name: string) => name in (module as object);
    return [id, { id, parentId, path, module: "", hasLoader: has("loader"), hasAction: has("action"), hasErrorBoundary: has("ErrorBoundary"), hasClientAction: false, hasClientLoader: false }];
  }),
) as ServerBuild["assets"]["routes"];

let server: http.Server;
let port: number;

beforeAll(async () => {
  const app = express();
  app.all("*", createRequestHandler({ build, mode: "production" }));
  server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Answer = { status: number; headers: Record<string, string>; sent: number } | { error: string; sent: number };

/**
 * Writes an HTTP/1.1 request on a plain socket (no client library, nothing buffered or intercepted):
 * `total` body bytes in 64 KiB chunks, chunked unless the headers declare a Content-Length, stopping
 * once the answer's head has come. Reports that head, or how the connection failed without one.
 */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string; total?: number; keepSending?: boolean }): Promise<Answer> {
  const body = Buffer.from(options.body ?? "");
  const total = options.body === undefined ? (options.total ?? 0) : body.length;
  const chunked = options.headers?.["content-length"] === undefined && total > 0;
  const head = [`${options.method ?? "POST"} ${path} HTTP/1.1`, `host: 127.0.0.1:${port}`, ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`)];
  if (chunked) head.push("transfer-encoding: chunked");
  const socket = net.connect(port, "127.0.0.1");
  return new Promise((resolve) => {
    let sent = 0;
    let answer: Answer | undefined;
    let received = "";
    let writing = true;
    const finish = (result: Answer) => {
      answer ??= result;
      // `keepSending`: a client that sends its whole body whatever comes back (as curl or a proxy does) and
      // reads the answer as it goes; it closes once it has sent everything or the server cut it off.
      if (options.keepSending && writing && "status" in answer && !socket.destroyed) return;
      socket.destroy();
      resolve(answer);
    };
    socket.on("data", (data: Buffer) => {
      received += data.toString("latin1");
      const end = received.indexOf("\r\n\r\n");
      if (end === -1) return;
      const [statusLine, ...lines] = received.slice(0, end).split("\r\n");
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      finish({ status: Number(statusLine!.split(" ")[1]), headers, sent });
    });
    socket.on("error", (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message, sent }));
    socket.on("close", () => finish({ error: "closed without an answer", sent }));
    const write = async (bytes: Buffer | string) => {
      if (!socket.write(bytes)) await Promise.race([once(socket, "drain"), once(socket, "close")]);
    };
    void (async () => {
      await write(`${head.join("\r\n")}\r\n\r\n`);
      const chunk = options.body === undefined ? Buffer.alloc(64 * 1024, "a") : body;
      while (sent < total && (!answer || options.keepSending) && !socket.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        await write(chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece);
      }
      if (chunked && (!answer || options.keepSending) && !socket.destroyed) await write("0\r\n\r\n");
    })()
      .catch(() => {})
      .finally(() => {
        writing = false;
        if (answer && "status" in answer) finish((answer = { ...answer, sent }));
      });
  });
}

const webhookHeaders = {
  "content-type": "application/json",
  "x-shopify-topic": "orders/create",
  "x-shopify-shop-domain": "alpha-store.myshopify.com",
  "x-shopify-hmac-sha256": "not-checked-before-the-cap",
  "x-shopify-api-version": "2026-10",
  "x-shopify-event-id": "event-1",
};

describe("body caps over HTTP (Express and Remix's request handler, as remix-serve runs them)", () => {
  const capped: [string, Record<string, string>, number][] = [
    ...webhookPaths.map((path): [string, Record<string, string>, number] => [path, { ...webhookHeaders, "x-shopify-topic": path.slice("/webhooks/".length) }, WEBHOOK_MAX_BYTES]),
    ["/auth/login", { "content-type": "application/x-www-form-urlencoded" }, LOGIN_FORM_MAX_BYTES],
    ["/handover", { "content-type": "application/x-www-form-urlencoded" }, MAX_FORM_BYTES],
  ];
  test.each(capped)("%s: a chunked body over the cap gets a 413, not a reset connection, and nothing is logged as an error", async (path, headers, cap) => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const answer = await send(path, { headers, total: cap + 2 * 1024 * 1024 });
      expect(answer).toMatchObject({ status: 413 });
      // The same refusal by its declared length.
      expect(await send(path, { headers: { ...headers, "content-length": String(cap + 1) }, total: cap + 1 })).toMatchObject({ status: 413 });
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  test.each([
    ["/webhooks/orders/create", webhookHeaders],
    ["/auth/login", { "content-type": "application/x-www-form-urlencoded" }],
  ])(
    "%s: a 40 MB chunked body sent as fast as possible gets its 413 in 20 of 20 tries, with Connection: close",
    async (path, headers) => {
      const answers: Answer[] = [];
      for (let i = 0; i < 20; i++) answers.push(await send(path, { headers, total: 40 * 1024 * 1024, keepSending: true }));
      // Sent whole: the server read to the end rather than cutting the connection (a reset the client may see before the answer).
      const described = answers.map(
        (answer) => `${"status" in answer ? `${answer.status} ${answer.headers.connection}` : answer.error}, ${answer.sent === 40 * 1024 * 1024 ? "sent whole" : "cut off"}`,
      );
      expect(described).toEqual(Array(20).fill("413 close, sent whole"));
    },
    120_000,
  );

  test("an authenticated tracking delivery refused part way (an element over its limit) gets its 413 with Connection: close, the rest drained", async () => {
    const credentials = await rotateTrackingCredentials("alpha-store.myshopify.com", "72015740983");
    const headers = { "content-type": "application/json", username: credentials.username, password: credentials.password };
    for (let i = 0; i < 5; i++) {
      const answer = await send(new URL(credentials.url).pathname, { headers, total: 40 * 1024 * 1024, keepSending: true });
      expect(answer).toMatchObject({ status: 413, headers: { connection: "close" }, sent: 40 * 1024 * 1024 });
    }
  }, 60_000);

  test("a tracking delivery refused before its body is read (wrong password, unknown token) gets its 401 with Connection: close, the body drained rather than cut", async () => {
    const credentials = await rotateTrackingCredentials("alpha-store.myshopify.com", "72015740983");
    const wrong = { "content-type": "application/json", username: credentials.username, password: "not-the-password" };
    const described: string[] = [];
    for (let i = 0; i < 3; i++) {
      for (const path of [new URL(credentials.url).pathname, "/seko/tracking/not-a-token-of-ours"]) {
        const answer = await send(path, { headers: wrong, total: 40 * 1024 * 1024, keepSending: true });
        described.push(`${"status" in answer ? `${answer.status} ${answer.headers.connection}` : answer.error}, ${answer.sent === 40 * 1024 * 1024 ? "sent whole" : "cut off"}`);
      }
    }
    expect(described).toEqual(Array(6).fill("401 close, sent whole"));
  }, 60_000);

  test("a declared Content-Length over the cap gets a 413 before the body is sent", async () => {
    const answer = await send("/auth/login", { headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(20 * 1024 * 1024) }, total: 20 * 1024 * 1024 });
    // What the client sends anyway is drained, not cut (a lingering close, as for a body refused part way).
    expect(answer).toMatchObject({ status: 413, headers: { connection: "close" } });
  });

  test("the SEKO tracking route caps an authenticated delivery too", async () => {
    const credentials = await rotateTrackingCredentials("alpha-store.myshopify.com", "72015740983");
    const answer = await send(new URL(credentials.url).pathname, {
      headers: { "content-type": "application/json", username: credentials.username, password: credentials.password, "content-length": String(64 * 1024 * 1024) },
      total: 64 * 1024 * 1024,
    });
    expect(answer).toMatchObject({ status: 413 });
    expect(await db.trackingEvent.count()).toBe(0);
  });

  test("an authenticated tracking delivery whose JSON stops part way is a 400 with its reason, over a limit a 413, and neither is logged as an error", async () => {
    const credentials = await rotateTrackingCredentials("alpha-store.myshopify.com", "72015740983");
    const headers = { "content-type": "application/json", username: credentials.username, password: credentials.password };
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const [body, status] of [
        ['[{"ConsignmentNo":"SEKO1","Code":', 400],
        ['[{"ConsignmentNo":"SEKO1","Code":RC}]', 400],
        [`[{"ConsignmentNo":"SEKO1","Code":"RC","Status":"${"x".repeat(70 * 1024)}"}]`, 413],
      ] as const) {
        const answer = await send(new URL(credentials.url).pathname, { headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, body });
        expect(answer, body.slice(0, 40)).toMatchObject({ status });
      }
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  test("a GET on a POST-only route is a 405 naming POST, and nothing is logged as an error", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const path of ["/webhooks/orders/create", "/webhooks/app/uninstalled", "/seko/tracking/unknown-token"]) {
        const answer = await send(path, { method: "GET" });
        expect(answer, path).toMatchObject({ status: 405, headers: { allow: "POST" } });
      }
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  test("Remix's own refusals (a POST where no action is, a path that matches no route) log no error either", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await send("/healthz", { headers: { "content-type": "application/json" }, body: "{}" })).toMatchObject({ status: 405 });
      expect(await send("/no-such-page", { method: "GET" })).toMatchObject({ status: 404 });
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  test("no public route answers a malformed body with a 5xx", async () => {
    const malformed: { headers: Record<string, string>; body: string }[] = [
      { headers: { "content-type": "application/json" }, body: '{"id": 1, "line_items": [' },
      { headers: { "content-type": "application/json" }, body: '["not", "an", "object"]' },
      { headers: { "content-type": "application/octet-stream" }, body: "\u0000\u00ff\u00fe binary" },
      { headers: { "content-type": "multipart/form-data; boundary=x" }, body: "--x\r\ncontent-disposition: form-data; name=shop\r\n\r\nunterminated" },
      { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "%%%=%ZZ&shop" },
      { headers: {}, body: "" },
    ];
    const paths = [...webhookPaths, "/auth/login", "/handover", "/seko/tracking/unknown-token", "/customer-account/returns", "/healthz"];
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const path of paths) {
        for (const { headers, body } of malformed) {
          const answer = await send(path, { headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, body });
          expect(answer, `${path} ${headers["content-type"] ?? "no type"}`).toMatchObject({ status: expect.any(Number) });
          expect("status" in answer && answer.status < 500, `${path} ${headers["content-type"] ?? "no type"}: ${JSON.stringify(answer)}`).toBe(true);
        }
      }
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  test("a small body still goes through: a login form is answered with Shopify's install redirect", async () => {
    const body = "shop=alpha-store";
    const answer = await send("/auth/login", { headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(body.length) }, body });
    expect(answer).toMatchObject({ status: 302, headers: { location: expect.stringMatching(/^https:\/\/admin\.shopify\.com\/store\/alpha-store\/oauth\/install\?client_id=/) } });
  });
});
