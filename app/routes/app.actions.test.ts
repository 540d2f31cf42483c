import { describe, expect, test } from "vitest";
import { DEMO_SHOP } from "#tests/setup/config";
import { APP_URL, adminRequest } from "#tests/setup/requests";
import * as integration from "./app.integration/route";
import * as settings from "./app.settings/route";
import * as australia from "./app.steps.australia-returns";
import * as contracts from "./app.steps.contracts";
import * as onboarding from "./app.steps.onboarding-form";
import * as systemAccess from "./app.steps.system-access/route";

/**
 * Every admin page that accepts a POST answers a request it cannot act on
 * with a 4xx that says why, never a 500.
 */
type Action = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

const ROUTES: { name: string; path: string; action: Action; unknownIds: [string, string][][] }[] = [
  { name: "Shopify integration", path: "/app/integration", action: integration.action as Action, unknownIds: [] },
  {
    name: "settings",
    path: "/app/settings",
    action: settings.action as Action,
    unknownIds: [
      [
        ["intent", "recheck"],
        ["system", "no-such-system"],
        ["environment", "test"],
      ],
      [
        ["intent", "disconnect"],
        ["system", "omniparcel"],
        ["environment", "no-such-environment"],
      ],
    ],
  },
  {
    name: "on-boarding form",
    path: "/app/steps/onboarding-form",
    action: onboarding.action as Action,
    unknownIds: [
      [
        ["intent", "save-section"],
        ["section", "no-such-section"],
      ],
      [
        ["intent", "retry"],
        ["submissionId", "no-such-submission"],
      ],
    ],
  },
  {
    name: "contracts",
    path: "/app/steps/contracts",
    action: contracts.action as Action,
    unknownIds: [
      [
        ["intent", "save-section"],
        ["section", "no-such-section"],
      ],
      [
        ["intent", "retry"],
        ["submissionId", "no-such-submission"],
      ],
      [
        ["intent", "sign"],
        ["document", "no-such-document"],
        ["version", "1"],
        ["hash", "0".repeat(64)],
        ["fullName", "Ana Returns"],
        ["title", "Director"],
        ["authority", "on"],
      ],
    ],
  },
  {
    name: "Australia returns",
    path: "/app/steps/australia-returns",
    action: australia.action as Action,
    unknownIds: [
      [
        ["intent", "save-section"],
        ["section", "no-such-section"],
      ],
      [
        ["intent", "retry"],
        ["submissionId", "no-such-submission"],
      ],
    ],
  },
  {
    name: "system access",
    path: "/app/steps/system-access",
    action: systemAccess.action as Action,
    unknownIds: [
      [
        ["intent", "remove"],
        ["id", "no-such-member"],
      ],
      [
        ["intent", "created"],
        ["id", "no-such-member"],
      ],
      [
        ["intent", "retry"],
        ["submissionId", "no-such-submission"],
      ],
    ],
  },
];

/** The status the client gets, whether the action returned data or threw a Response. */
async function statusOf(action: Action, request: Request): Promise<{ status: number; text: string }> {
  try {
    const result = await action({ request, params: {}, context: {} });
    if (result instanceof Response) return { status: result.status, text: await result.text() };
    if (result && typeof result === "object" && "init" in result) {
      const { init, data } = result as { init?: { status?: number }; data: unknown };
      return { status: init?.status ?? 200, text: JSON.stringify(data) };
    }
    return { status: 200, text: JSON.stringify(result) };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, text: await error.text() };
    throw error;
  }
}

const post = (path: string, body: BodyInit | undefined, headers: Record<string, string>) => adminRequest(path, { shop: DEMO_SHOP, init: { method: "POST", body, headers } });

const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const FORM_TYPE = { "content-type": "application/x-www-form-urlencoded" };

describe.each(ROUTES)("the $name action", ({ path, action, unknownIds }) => {
  const cases: { name: string; request: () => Request; status: number; says: RegExp }[] = [
    { name: "a JSON body", request: () => post(path, JSON.stringify({ intent: "submit" }), { "content-type": "application/json" }), status: 415, says: /application\/x-www-form-urlencoded/ },
    { name: "plain text", request: () => post(path, "intent=submit", { "content-type": "text/plain" }), status: 415, says: /not text\/plain/ },
    { name: "an empty body", request: () => post(path, "", FORM_TYPE), status: 400, says: /no form data/ },
    { name: "no body at all", request: () => post(path, undefined, {}), status: 400, says: /no form data/ },
    { name: "a malformed multipart body", request: () => post(path, "--x\r\nnot a part", { "content-type": "multipart/form-data; boundary=zzz" }), status: 400, says: /could not be read/ },
    {
      name: "an oversized form",
      request: () =>
        post(
          path,
          form([
            ["intent", "submit"],
            ["padding", "x".repeat(300 * 1024)],
          ]),
          FORM_TYPE,
        ),
      status: 413,
      says: /too large/,
    },
    { name: "an unknown intent", request: () => post(path, form([["intent", "launch-rockets"]]), FORM_TYPE), status: 400, says: /Unknown intent "launch-rockets"/ },
    { name: "no intent", request: () => post(path, form([["nothing", "here"]]), FORM_TYPE), status: 400, says: /Unknown intent ""/ },
    ...unknownIds.map((fields) => ({
      name: `an unknown id (${fields.map(([name, value]) => `${name}=${value.slice(0, 20)}`).join(" ")})`,
      request: () => post(path, form(fields), FORM_TYPE),
      status: fields.some(([name]) => name === "id" || name === "submissionId") ? 404 : 400,
      says: /./,
    })),
  ];

  test.each(cases)("answers $name with $status", async ({ request, status, says }) => {
    const answer = await statusOf(action, request());
    expect(answer.status).toBe(status);
    expect(answer.text).toMatch(says);
  });

  test("authenticates before reading the body: an anonymous JSON post learns nothing about the form", async () => {
    const request = new Request(`${APP_URL}${path}`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    const answer = await statusOf(action, request);
    expect(answer.status).not.toBe(415);
    expect(answer.status).toBeGreaterThanOrEqual(300);
    expect(answer.status).toBeLessThan(500);
  });
});
