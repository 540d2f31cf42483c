import { delay, http, HttpResponse } from "msw";
import { DEFAULT_AUTH_HEADERS, DEFAULT_BASE_URLS, DEFAULT_OMNIRPS_RETAILER_HEADER } from "../../app/seko/config";
import type { TrackingWebhookEventInput } from "../../app/seko/schemas";
import { SEKO_TEST_KEYS } from "./seko-keys";
import { labelContent, sekoLabelFile } from "./seko-label";

/**
 * A simulated SEKO: OmniParcel, OmniReturns and OmniRPS on their default live
 * and test hosts. Answers follow the public shapes in docs/seko.md 5, including
 * SEKO's habits (errors inside HTTP 200, JSON labelled text/html). Tests pick
 * failures with `sekoFaults` and read what "SEKO" received from `sekoState`.
 * Call `resetSeko()` between tests.
 */

/** The only credentials the fake accepts (./seko-keys.ts); anything else gets SEKO's 401. */
export { SEKO_TEST_KEYS };

export type SekoEndpointName = "omniparcel.printshipment" | "omniparcel.availablerates" | "omniparcel.statusv2" | "omniparcel.delete" | "omnireturns.printshipment" | "omnirps.upload";

export type SekoFault =
  | "http_500"
  | "unauthorized"
  /** Never answers: the client's timeout has to fire. */
  | "hang"
  /** A maintenance page with HTTP 200. */
  | "html_body"
  /** The normal JSON answer, labelled text/html as some SEKO hosts do. */
  | "json_as_html"
  | "errors_in_200"
  /** errors_in_200's body, labelled text/html. */
  | "errors_in_200_as_html"
  | "validation_errors"
  /** Rates only: every carrier Rejected, none Available. */
  | "rejected"
  /** Rates only: no rates, no reasons, no errors. */
  | "no_rates"
  /** HTTP 200 with nothing in the body. */
  | "empty_body"
  /** HTTP 200 with ASP.NET's `{ Message }` refusal, what a .NET host sends with a 401. */
  | "denied_in_200"
  /** HTTP 200 with `{ success: false, message }`. */
  | "failure_flag"
  /** HTTP 200, text/plain, a sentence instead of JSON. */
  | "text_body"
  /** HTTP 200 with a sign-in page, as a proxy or SSO gateway in front of the host answers. */
  | "login_page"
  /** HTTP 302 to a sign-in page on another host. */
  | "redirect_to_login"
  | "rate_limited"
  | "network_error";

/**
 * Answers that look like success on the wire (a 200, or a redirect) but carry no proof SEKO did
 * what was asked. `validation_errors` is kept apart: OmniReturns' connection probe reads it as
 * proof the key was accepted (docs/security.md).
 */
export const FAILURES_LOOKING_LIKE_SUCCESS: readonly SekoFault[] = [
  "errors_in_200",
  "errors_in_200_as_html",
  "denied_in_200",
  "failure_flag",
  "empty_body",
  "text_body",
  "html_body",
  "login_page",
  "redirect_to_login",
];

type FaultEntry = { fault: SekoFault; endpoint?: SekoEndpointName; remaining: number; retryAfterSeconds?: number };

const faults: FaultEntry[] = [];

export const sekoFaults = {
  /** The next `times` (default 1) calls to `endpoint` (default: any SEKO endpoint) fail with `fault`. */
  next(fault: SekoFault, options: { endpoint?: SekoEndpointName; times?: number; retryAfterSeconds?: number } = {}) {
    faults.push({ fault, endpoint: options.endpoint, remaining: options.times ?? 1, retryAfterSeconds: options.retryAfterSeconds });
  },
  /** Every call to `endpoint` (default: any) fails with `fault` until `clear()`. */
  always(fault: SekoFault, options: { endpoint?: SekoEndpointName; retryAfterSeconds?: number } = {}) {
    faults.push({ fault, endpoint: options.endpoint, remaining: Infinity, retryAfterSeconds: options.retryAfterSeconds });
  },
  clear() {
    faults.length = 0;
  },
};

function takeFault(endpoint: SekoEndpointName): FaultEntry | undefined {
  const entry = faults.find((item) => item.remaining > 0 && (item.endpoint === undefined || item.endpoint === endpoint));
  if (entry) entry.remaining--;
  return entry;
}

export type FakeLabel = {
  connote: string;
  system: "omniparcel" | "omnireturns";
  host: string;
  deliveryReference: string;
  shipType?: string;
  skus: string[];
  deleted: boolean;
  request: Record<string, unknown>;
  /** The Return Tracking-Status codes SEKO has reported for it so far, with their times (statusv2 answers them). */
  events: { code: string; at: string }[];
  /** The codes already posted to the tracking webhook. */
  posted: string[];
};

export type FakeRequest = {
  endpoint: SekoEndpointName;
  url: string;
  correlationId: string | null;
  /** Whether the fake accepted the credentials. */
  authorised: boolean;
  fault?: SekoFault;
  body: unknown;
};

const FIRST_CONNOTE = 1234567;

export const sekoState = {
  labels: [] as FakeLabel[],
  /** OmniRPS order rows, keyed "OrderNumber|SKU": a re-upload replaces, as we assume SEKO does. */
  orders: new Map<string, Record<string, unknown>>(),
  /** Every request any SEKO endpoint received, failed ones included, in order. */
  requests: [] as FakeRequest[],
  nextConnote: FIRST_CONNOTE,
  requestsTo(endpoint: SekoEndpointName) {
    return this.requests.filter((request) => request.endpoint === endpoint);
  },
};

export function resetSeko() {
  stopSekoTimelines();
  sekoWebhook.current = null;
  sekoFaults.clear();
  sekoState.labels.length = 0;
  sekoState.orders.clear();
  sekoState.requests.length = 0;
  sekoState.nextConnote = FIRST_CONNOTE;
}

export const sekoTrackingUrl = (connote: string) => `https://track.omnirps.com/?connote=${connote}`;

// ---------- request plumbing ----------

type Handler = (context: { request: Request; body: unknown; url: URL }) => Response | Promise<Response>;

const HOSTS = {
  omniparcel: [DEFAULT_BASE_URLS.omniparcel.production, DEFAULT_BASE_URLS.omniparcel.test],
  omnireturns: [
    DEFAULT_BASE_URLS.omnireturns.production,
    // SEKO also documents the index.php spelling of the live host.
    DEFAULT_BASE_URLS.omnireturns.production.replace(/\/api$/, "/index.php/api"),
    DEFAULT_BASE_URLS.omnireturns.test,
  ],
  omnirps: [...new Set([DEFAULT_BASE_URLS.omnirps.production, DEFAULT_BASE_URLS.omnirps.test])],
};

function accessKeyOf(request: Request) {
  // Code in the wild spells it three ways (docs/seko.md 5.1); SEKO evidently accepts them all.
  return request.headers.get(DEFAULT_AUTH_HEADERS.omniparcel) ?? request.headers.get("access-key") ?? request.headers.get("authorization");
}

function isAuthorised(system: "omniparcel" | "omnireturns" | "omnirps", request: Request) {
  if (system === "omnirps") {
    return request.headers.get(DEFAULT_AUTH_HEADERS.omnirps) === SEKO_TEST_KEYS.omnirps.token && request.headers.get(DEFAULT_OMNIRPS_RETAILER_HEADER) === SEKO_TEST_KEYS.omnirps.retailerName;
  }
  return accessKeyOf(request) === SEKO_TEST_KEYS[system];
}

function unauthorised(system: "omniparcel" | "omnireturns" | "omnirps") {
  if (system === "omnirps") return HttpResponse.json({ status: false, message: "Invalid token or retailer" }, { status: 401 });
  return HttpResponse.json({ Message: "Authorization has been denied for this request." }, { status: 401 });
}

function route(endpoint: SekoEndpointName, path: string, handler: Handler) {
  const system = endpoint.split(".")[0] as "omniparcel" | "omnireturns" | "omnirps";
  return HOSTS[system].map((base) =>
    http.post(`${base}${path}`, async ({ request }) => {
      const text = await request.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // Kept as text: the handler answers it like SEKO answers garbage.
      }
      const authorised = isAuthorised(system, request);
      const entry = takeFault(endpoint);
      sekoState.requests.push({
        endpoint,
        url: request.url,
        correlationId: request.headers.get("x-correlation-id"),
        authorised,
        fault: entry?.fault,
        body,
      });
      if (entry) {
        const faulty = await faultResponse(entry, endpoint);
        if (faulty) return faulty;
      }
      if (!authorised) return unauthorised(system);
      const response = await handler({ request, body, url: new URL(request.url) });
      if (entry?.fault === "json_as_html") {
        return new HttpResponse(await response.text(), {
          status: response.status,
          headers: { "Content-Type": "text/html; charset=UTF-8" },
        });
      }
      return response;
    }),
  );
}

/** Where redirect_to_login points: a host the app must never send a key to. */
export const SIGN_IN_URL = "https://login.seko-sso.example/signin";

/** The body the sign-in page and redirect_to_login show; tests check it never reaches the merchant. */
export const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post" action="/signin">' +
  '<label>Email <input name="email"></label><label>Password <input type="password" name="password"></label>' +
  "<button>Sign in</button></form></body></html>";

function errorsIn200(endpoint: SekoEndpointName) {
  if (endpoint === "omnirps.upload") return HttpResponse.json({ status: false, message: "Invalid date format for DateDespatched" });
  return HttpResponse.json({
    Consignments: [],
    Errors: [{ Property: "Destination.Address.PostCode", Message: "PostCode is not valid for the destination country", Key: "PostCode", Value: "ABC" }],
  });
}

async function faultResponse(entry: FaultEntry, endpoint: SekoEndpointName): Promise<Response | undefined> {
  switch (entry.fault) {
    case "http_500":
      return HttpResponse.json({ Message: "An error has occurred." }, { status: 500 });
    case "unauthorized":
      return unauthorised(endpoint.startsWith("omnirps") ? "omnirps" : "omniparcel");
    case "hang":
      await delay("infinite");
      return undefined;
    case "html_body":
      return HttpResponse.html("<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We'll be back soon</h1></body></html>", { status: 200 });
    case "errors_in_200":
      return errorsIn200(endpoint);
    case "errors_in_200_as_html":
      return new HttpResponse(await errorsIn200(endpoint).text(), { status: 200, headers: { "Content-Type": "text/html; charset=UTF-8" } });
    case "no_rates":
      return HttpResponse.json({ Available: [], Rejected: [], ValidationErrors: null });
    case "empty_body":
      return new HttpResponse(null, { status: 200, headers: { "Content-Type": "application/json" } });
    case "denied_in_200":
      return HttpResponse.json({ Message: "Authorization has been denied for this request." });
    case "failure_flag":
      return HttpResponse.json({ success: false, message: "Something went wrong, please contact support" });
    case "text_body":
      return HttpResponse.text("Service temporarily unavailable");
    case "login_page":
      return HttpResponse.html(SIGN_IN_PAGE, { status: 200 });
    case "redirect_to_login":
      return new HttpResponse(null, { status: 302, headers: { Location: `${SIGN_IN_URL}?returnUrl=%2Fapi` } });
    case "validation_errors":
      return HttpResponse.json({
        Available: [],
        Rejected: [],
        ValidationErrors: { Property: "Destination.Address.CountryCode", Message: "CountryCode is required", Key: "CountryCode", Value: "" },
      });
    case "rejected":
      return HttpResponse.json({
        Available: [],
        Rejected: [{ CarrierName: "NZ Post", DeliveryType: "Economy Return", Reason: "Destination not serviced" }],
        ValidationErrors: null,
      });
    case "rate_limited":
      return HttpResponse.json({ Message: "API calls quota exceeded! maximum admitted 100 per 1m." }, { status: 429, headers: { "Retry-After": String(entry.retryAfterSeconds ?? 1) } });
    case "network_error":
      return HttpResponse.error();
    case "json_as_html":
      return undefined;
  }
}

// ---------- SEKO's behaviour ----------

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {});
const get = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((node, key) => asRecord(node)[key], value);

function shipmentProblems(body: unknown, system: "omniparcel" | "omnireturns") {
  const problems: { Property: string; Message: string }[] = [];
  const require = (property: string, present: boolean) => {
    if (!present) problems.push({ Property: property, Message: `${property.split(".").pop()} is required` });
  };
  require("DeliveryReference", typeof get(body, "DeliveryReference") === "string" && get(body, "DeliveryReference") !== "");
  require("Destination.Address.CountryCode", typeof get(body, "Destination", "Address", "CountryCode") === "string");
  require("Packages", Array.isArray(get(body, "Packages")) && (get(body, "Packages") as unknown[]).length > 0);
  if (system === "omnireturns" && problems.length === 0 && get(body, "ShipType") !== "INBOUND") {
    problems.push({ Property: "ShipType", Message: "Return labels must be INBOUND" });
  }
  return problems;
}

function printShipment(system: "omniparcel" | "omnireturns"): Handler {
  return async ({ body, url }) => {
    const problems = shipmentProblems(body, system);
    if (problems.length > 0) {
      // OmniReturns reports these as ValidationErrors, OmniParcel as Errors[]; both with HTTP 200.
      return system === "omnireturns" ? HttpResponse.json({ Consignments: [], ValidationErrors: problems }) : HttpResponse.json({ Consignments: [], Errors: problems });
    }
    const connote = `SEKO${sekoState.nextConnote++}`;
    const packages = get(body, "Packages") as unknown[];
    const outputs = (get(body, "Outputs") as string[] | undefined) ?? ["LABEL_PDF_100X150"];
    const commodities = (get(body, "Commodities") as unknown[] | undefined) ?? [];
    sekoState.labels.push({
      connote,
      system,
      host: url.host,
      deliveryReference: String(get(body, "DeliveryReference")),
      shipType: get(body, "ShipType") as string | undefined,
      skus: commodities.map((item) => String(get(item, "SKU") ?? get(item, "itemSKU") ?? "")).filter(Boolean),
      deleted: false,
      request: asRecord(body),
      events: [{ code: "RC", at: sekoEventTime() }],
      posted: [],
    });
    if (get(body, "ShipType") === "INBOUND") scheduleTimeline(connote);
    // One file per package in each output asked for: a real 100 × 150 label (./seko-label.ts).
    const files = await Promise.all(outputs.map(async (output) => [output, await Promise.all(packages.map((_, index) => sekoLabelFile(output, labelContent(body, connote, index))))] as const));
    return HttpResponse.json({
      CarrierName: "SEKO Returns",
      Message: "Connote created and print queued.",
      Errors: [],
      Consignments: [
        {
          Connote: connote,
          TrackingUrl: sekoTrackingUrl(connote),
          Cost: 12.5,
          ConsignmentId: 5473000 + sekoState.labels.length,
          OutputFiles: Object.fromEntries(files),
          Items: packages.map((_, index) => ({ PartNo: index + 1, TrackingNo: `${connote}${String(index + 1).padStart(2, "0")}` })),
        },
      ],
    });
  };
}

const availableRates: Handler = ({ body }) => {
  if (typeof get(body, "Destination", "Address", "CountryCode") !== "string") {
    return HttpResponse.json({
      Available: [],
      Rejected: [],
      ValidationErrors: { Property: "Destination.Address.CountryCode", Message: "CountryCode is required", Key: "CountryCode", Value: "" },
    });
  }
  return HttpResponse.json({
    Available: [
      { QuoteId: "b0e3f0b2-5d0a-4c43-9f57-0d6c2f1b6a01", CarrierId: 604, CarrierName: "SEKO Returns", DeliveryType: "ECONOMY RETURN", Cost: 9.8, ServiceStandard: "3-5 days" },
      { QuoteId: "b0e3f0b2-5d0a-4c43-9f57-0d6c2f1b6a02", CarrierId: 605, CarrierName: "SEKO Returns", DeliveryType: "EXPRESS RETURN", Cost: 14.2, ServiceStandard: "1-2 days" },
    ],
    Rejected: [],
    ValidationErrors: null,
  });
};

const statusV2: Handler = ({ body }) => {
  const connotes = Array.isArray(body) ? body.map(String) : [];
  return HttpResponse.json(
    connotes.map((connote) => {
      const label = sekoState.labels.find((item) => item.connote === connote && !item.deleted);
      if (!label) return { ConsignmentNo: connote, Status: "Not Found", Events: [] };
      return {
        ConsignmentNo: connote,
        Status: STATUS_TEXT[label.events[label.events.length - 1]?.code ?? "RC"] ?? "Return Created",
        Tracking: sekoTrackingUrl(connote),
        Reference1: label.deliveryReference,
        Picked: null,
        Delivered: null,
        Events: label.events.map((event, index) => ({ EventDT: event.at, Code: event.code, OmniCode: `OP-${index + 1}`, Description: STATUS_TEXT[event.code] ?? event.code, Location: "", Part: 1 })),
      };
    }),
  );
};

const deleteLabels: Handler = ({ body }) => {
  const connotes = Array.isArray(body) ? body.map(String) : [];
  const missing: string[] = [];
  for (const connote of connotes) {
    const label = sekoState.labels.find((item) => item.connote === connote && !item.deleted);
    if (label) label.deleted = true;
    else missing.push(connote);
  }
  return HttpResponse.json({
    Errors: missing.map((connote) => ({ Property: "Connote", Message: `Connote ${connote} was not found`, Key: "Connote", Value: connote })),
  });
};

const REQUIRED_ROW_FIELDS = ["OrderNumber", "SKU", "Quantity", "ProductName", "CustomerEmail", "DeliveryCountry", "DateDespatched"];

const uploadOrders: Handler = ({ body }) => {
  if (!Array.isArray(body)) return HttpResponse.json({ status: false, message: "Expected a list of order rows" });
  for (const [index, row] of body.entries()) {
    const missing = REQUIRED_ROW_FIELDS.find((field) => get(row, field) === undefined || get(row, field) === "");
    if (missing) return HttpResponse.json({ status: false, message: `Row ${index + 1}: ${missing} is required` });
  }
  for (const row of body) sekoState.orders.set(`${get(row, "OrderNumber")}|${get(row, "SKU")}`, asRecord(row));
  return HttpResponse.json({ status: true, message: `${body.length} order lines saved` });
};

export const sekoHandlers = [
  ...route("omniparcel.printshipment", "/labels/printshipment", printShipment("omniparcel")),
  ...route("omniparcel.availablerates", "/ratesqueryv1/availablerates", availableRates),
  ...route("omniparcel.statusv2", "/labels/statusv2", statusV2),
  ...route("omniparcel.delete", "/labels/delete", deleteLabels),
  ...route("omnireturns.printshipment", "/labels/printshipment", printShipment("omnireturns")),
  ...route("omnirps.upload", "/app/ftp_return/add_ftp_order_details", uploadOrders),
];

// ---------- SEKO as the caller: the tracking webhook ----------

/** SEKO's "YYYY-MM-DD HH:mm:ss", in this machine's local time. */
export function sekoEventTime(date = new Date()) {
  const pad = (part: number) => String(part).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * How SEKO writes an order number back in tracking events. It stores what the
 * order upload sent (the bare number) and may add the retailer's prefix
 * configured in OmniRPS, or keep a "#" typed into the returns portal, with
 * stray spaces or another case.
 */
export type OrderNoEcho = "bare" | "hash" | "spaced" | { prefix: string };

export function sekoOrderNo(orderNumber: string, echo: OrderNoEcho) {
  const bare = orderNumber.trim().replace(/^#/, "");
  if (echo === "bare") return bare;
  if (echo === "hash") return `#${bare}`;
  if (echo === "spaced") return `  # ${bare} `;
  return `${echo.prefix}${bare}`;
}

/** A realistic OmniRPS tracking event; override what the test is about, `echo` to spell OrderNo SEKO's way. */
export function trackingEvent(overrides: Partial<TrackingWebhookEventInput> = {}, options: { echo?: OrderNoEcho } = {}): TrackingWebhookEventInput {
  const event = trackingEventBase(overrides);
  if (options.echo && typeof event.OrderNo === "string") event.OrderNo = sekoOrderNo(event.OrderNo, options.echo);
  return event;
}

function trackingEventBase(overrides: Partial<TrackingWebhookEventInput>): TrackingWebhookEventInput {
  return {
    ConsignmentNo: "SEKO1234567",
    OmniRPSTrackingNo: "RPS000123456",
    OrderNo: "#1001",
    Code: "RC",
    Status: "Return Created",
    Carrier: "SEKO Returns",
    EventDT: "2026-02-03 09:15:00",
    ItemNo: "TSHIRT-BLK-M",
    ReturnReason: "Too small",
    ReturnAction: "Refund",
    ...overrides,
  };
}

export type WebhookAuth = { username: string; password: string };

/** The request SEKO sends: for calling a route action directly. */
export function trackingEventsRequest(url: string, events: unknown[], auth?: WebhookAuth) {
  return new Request(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(auth ? { Username: auth.username, Password: auth.password } : {}),
    },
    body: JSON.stringify(events),
  });
}

/**
 * Plays SEKO delivering tracking events to a receiver over HTTP. SEKO only
 * counts a 200 as delivered; anything else is retried after 60 min, 24 h and
 * 48 h, and then the webhook is disabled.
 */
export async function postTrackingEvents(url: string, events: unknown[], auth?: WebhookAuth) {
  const response = await fetch(trackingEventsRequest(url, events, auth));
  return { status: response.status, delivered: response.status === 200, body: await response.text() };
}

// ---------- SEKO playing a return's timeline through the merchant's webhook ----------

/** SEKO's name for each tracking code, as its tracking payloads write it. */
export const STATUS_TEXT: Record<string, string> = {
  RC: "Return Created",
  RT: "Return in Transit",
  RDTPF: "Transferred to Sorting Facility",
  DS: "Depot Scan",
  RP: "Return Processed",
  RE: "Return Exported",
  RDBTC: "Delivered Back To Retailer",
  RR: "Return Rejected",
};

/** The happy path a return's label goes through at SEKO (docs/seko.md, "Tracking statuses"). */
export const RETURN_TIMELINE = ["RC", "RT", "RDTPF", "DS", "RP", "RE", "RDBTC"] as const;

/**
 * The tracking webhook as the merchant configured it in OmniRPS: where SEKO
 * posts and the Username/Password headers it sends. `stepMs` is how long SEKO
 * takes between statuses once a return label exists (null: SEKO plays nothing
 * by itself; a test calls `playReturnTimeline`).
 */
export const sekoWebhook = {
  current: null as (WebhookAuth & { url: string; stepMs: number | null }) | null,
};

export function configureSekoWebhook(config: (WebhookAuth & { url: string; stepMs?: number | null }) | null) {
  sekoWebhook.current = config ? { ...config, stepMs: config.stepMs ?? null } : null;
}

const timers = new Set<ReturnType<typeof setTimeout>>();

export function stopSekoTimelines() {
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
}

/** The events SEKO sends when a label reaches `code`: one per item on RC and RP, one for the parcel otherwise. */
export function timelineEvents(label: FakeLabel, code: string, at = sekoEventTime()) {
  const commodities = (get(label.request, "Commodities") as unknown[] | undefined) ?? [];
  const base = {
    ConsignmentNo: label.connote,
    OmniRPSTrackingNo: `RPS${label.connote.replace(/\D/g, "")}`,
    OrderNo: label.deliveryReference,
    Code: code,
    Status: STATUS_TEXT[code] ?? code,
    Carrier: "SEKO Returns",
    EventDT: at,
  };
  if ((code === "RC" || code === "RP") && commodities.length) {
    return commodities.map((item) => ({
      ...base,
      ItemNo: String(get(item, "SKU") ?? get(item, "itemSKU") ?? ""),
      ReturnReason: get(item, "Reason") as string | undefined,
      ReturnAction: get(item, "ReturnAction") as string | undefined,
    }));
  }
  return [base];
}

/**
 * SEKO moving a label to its next status and posting it to the configured
 * webhook over HTTP. Returns what the receiver answered, or null when the
 * label is unknown, voided, finished, or no webhook is configured.
 */
export async function advanceReturn(connote: string, code?: string) {
  const label = sekoState.labels.find((item) => item.connote === connote);
  const webhook = sekoWebhook.current;
  if (!label || label.deleted || !webhook) return null;
  const next = code ?? RETURN_TIMELINE.find((candidate) => !label.posted.includes(candidate));
  if (!next) return null;
  if (!label.events.some((event) => event.code === next)) label.events.push({ code: next, at: sekoEventTime() });
  if (!label.posted.includes(next)) label.posted.push(next);
  const at = label.events.find((event) => event.code === next)!.at;
  return postTrackingEvents(webhook.url, timelineEvents(label, next, at), { username: webhook.username, password: webhook.password });
}

/** Plays the rest of a label's timeline, one status per call to the webhook; the receiver's answers in order. */
export async function playReturnTimeline(connote: string, codes: readonly string[] = RETURN_TIMELINE) {
  const answers = [];
  for (const code of codes) answers.push(await advanceReturn(connote, code));
  return answers;
}

/** How often SEKO re-sends a status the receiver did not take (SEKO: after 60 min, 24 h and 48 h, then it disables the webhook). */
export const SEKO_DELIVERY_RETRIES = 3;

/**
 * SEKO playing a label's timeline by itself, one status every `stepMs`. A
 * delivery the receiver does not answer 200 is sent again, as SEKO does, but
 * `stepMs` later instead of an hour; what went wrong is printed, so a demo or
 * browser test that waits for a status shows why it never came.
 */
function scheduleTimeline(connote: string) {
  const stepMs = sekoWebhook.current?.stepMs;
  if (!stepMs) return;
  const tick = (retry?: { code: string; attempt: number }) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const label = sekoState.labels.find((item) => item.connote === connote);
      const code = retry?.code ?? RETURN_TIMELINE.find((candidate) => !label?.posted.includes(candidate));
      if (!code) return;
      const attempt = retry?.attempt ?? 0;
      advanceReturn(connote, code).then(
        (answer) => {
          if (!answer) return;
          if (answer.delivered) return tick();
          console.warn(`simulated SEKO: the tracking webhook answered ${answer.status} to ${code} for ${connote}: ${answer.body.slice(0, 300)}`);
          if (attempt < SEKO_DELIVERY_RETRIES) tick({ code, attempt: attempt + 1 });
        },
        (error: unknown) => {
          console.warn(`simulated SEKO: could not deliver ${code} for ${connote} to the tracking webhook: ${String(error)}`);
          if (attempt < SEKO_DELIVERY_RETRIES) tick({ code, attempt: attempt + 1 });
        },
      );
    }, stepMs);
    timers.add(timer);
  };
  tick();
}
