import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { ensureJobRunner } from "./job-handlers.server";
import { addDocumentResponseHeaders } from "~/shopify.server";
import { env } from "~/utils/env.server";
import { allowFrameAncestors } from "~/utils/headers.server";
import { startKeyRotation } from "~/utils/key-rotation.server";
import { bodyDrained } from "~/utils/request-body.server";
import { logRequestError } from "~/utils/request-errors.server";

export const streamTimeout = 5000;

// Remix's own 4xx refusals (no action, no loader, no route) are answered without a stack trace in the log.
export const handleError = logRequestError;

// The job runner starts with the server, not with the first request that queues work: a restarted
// instance resumes interrupted work at once, and a SIGTERM finds a runner to stop gracefully
// (app/utils/job-runner.server.ts, docs/deployment.md).
ensureJobRunner();
// With ENCRYPTION_KEY_PREVIOUS set, secrets still under it are re-encrypted under ENCRYPTION_KEY in the
// background, by one instance at a time (app/utils/key-rotation.server.ts, docs/security.md).
startKeyRotation();

export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  addDocumentResponseHeaders(request, responseHeaders);
  // Shopify's library always preloads App Bridge from its CDN (a `Link` header); where APP_BRIDGE_URL
  // replaces the script (the offline demo, the browser tests), preload that one instead: offline the CDN
  // fails, and the browser warns that the preloaded script went unused.
  const appBridge = env().APP_BRIDGE_URL;
  if (appBridge && responseHeaders.has("Link")) responseHeaders.set("Link", `<${appBridge}>; rel="preload"; as="script"`);
  allowFrameAncestors(responseHeaders, env().FRAME_ANCESTORS);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  // A page answering a refused body (a form over its cap): the connection closes once that body is drained (app/utils/request-body.server.ts).
  const drained = bodyDrained(request);
  if (drained) responseHeaders.set("Connection", "close");

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        if (!drained) return void pipe(body);
        const html = new PassThrough();
        html.pipe(body, { end: false });
        html.once("end", () => void drained.then(() => body.end()));
        pipe(html);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    // Abort a little after React's own timeout so rejected boundaries can flush.
    setTimeout(abort, streamTimeout + 1000);
  });
}
