import { isRouteErrorResponse } from "@remix-run/react";
import { log } from "./logger.server";

/**
 * Remix's `handleError` (exported by app/entry.server.tsx): what Remix logs by default, less its own
 * refusals of a client's request. A POST to a page that takes none, a GET on a route that takes only
 * POSTs, a path that matches no route: Remix answers these 405 or 404 itself and, by default, logs each
 * with a stack trace, so anyone could fill the log with them. They are the client's mistake and are
 * answered, not logged as errors (one line at debug level). A request the client abandoned is not
 * logged either, as in Remix's default. Everything else is logged as Remix would.
 */
export function logRequestError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) {
    log.debug("request refused", { method: request.method, path: new URL(request.url).pathname, status: error.status });
    return;
  }
  // Remix's own error responses carry the Error behind them (with its stack) in `error`.
  const cause = isRouteErrorResponse(error) && "error" in error ? (error as { error?: unknown }).error : undefined;
  console.error(cause ?? error);
}
