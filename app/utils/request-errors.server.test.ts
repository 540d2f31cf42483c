import { afterEach, describe, expect, test, vi } from "vitest";
import { logRequestError } from "./request-errors.server";

// The shape of Remix's own error responses (what `isRouteErrorResponse` recognises), with the Error behind them.
const routerRefusal = (status: number) => ({ status, statusText: "", internal: true, data: "", error: new Error(`router ${status}`) });
const request = () => ({ request: new Request("https://seko-returns.test/healthz", { method: "POST" }) });

afterEach(() => vi.restoreAllMocks());

describe("logRequestError", () => {
  test("Remix's 4xx refusals are not logged as errors", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    logRequestError(routerRefusal(405), request());
    logRequestError(routerRefusal(404), request());
    expect(errors).not.toHaveBeenCalled();
  });

  test("a real failure is still logged, with the Error behind a 5xx", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const failure = new Error("database unreachable");
    logRequestError(failure, request());
    const refusal = routerRefusal(500);
    logRequestError(refusal, request());
    expect(errors.mock.calls).toEqual([[failure], [refusal.error]]);
  });

  test("a request the client abandoned is not logged", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const controller = new AbortController();
    controller.abort();
    logRequestError(new Error("aborted"), { request: new Request("https://seko-returns.test/", { signal: controller.signal }) });
    expect(errors).not.toHaveBeenCalled();
  });
});
