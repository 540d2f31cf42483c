import { describe, expect, test } from "vitest";
import { labelEmailFact, notificationsFact } from "./facts";
import { type TemplateHandoverFact } from "~/notifications/handovers";

const handover: TemplateHandoverFact = {
  version: 1,
  submittedAt: "2026-11-20T10:00:00.000Z",
  submittedBy: "Ana Returns (ana@demo.test)",
  deliveryStatus: "sent",
  deliveredAt: "2026-11-20T10:00:04.000Z",
  deliveryError: null,
  covered: ["AU", "GB"],
};

describe("step 7: return label email", () => {
  test("waits for step 1's countries, then for every offered country to render and the set to reach SEKO", () => {
    expect(labelEmailFact({ countries: [], rendering: [], lastChangeAt: null }).status).toBe("not_started");
    expect(labelEmailFact({ countries: ["AU", "GB"], rendering: ["AU", "GB"], lastChangeAt: null })).toMatchObject({ status: "not_started" });
    expect(labelEmailFact({ countries: ["AU", "GB"], rendering: ["AU"], lastChangeAt: "2026-11-19T00:00:00.000Z" })).toMatchObject({
      status: "in_progress",
      note: expect.stringContaining("GB does not render"),
    });
    expect(labelEmailFact({ countries: ["AU", "GB"], rendering: ["AU", "GB"], lastChangeAt: "2026-11-19T00:00:00.000Z", handover })).toEqual({
      status: "done",
      completedBy: "Ana Returns (ana@demo.test)",
      completedAt: "2026-11-20T10:00:04.000Z",
      note: "2 countries covered.",
    });
  });

  test("a change after the hand-over, or a country step 1 added since, reopens the step", () => {
    expect(labelEmailFact({ countries: ["AU", "GB"], rendering: ["AU", "GB"], lastChangeAt: "2026-11-21T00:00:00.000Z", handover })).toMatchObject({
      status: "in_progress",
      reopened: "a template changed after the last hand-over",
    });
    expect(labelEmailFact({ countries: ["AU", "GB", "NZ"], rendering: ["AU", "GB", "NZ"], lastChangeAt: null, handover })).toMatchObject({
      status: "in_progress",
      reopened: "NZ was not in the set SEKO has",
    });
  });

  test("submitted while the email to SEKO is still on its way or failing", () => {
    const failing = { ...handover, deliveryStatus: "failed" as const, deliveredAt: null, deliveryError: "connection refused" };
    expect(labelEmailFact({ countries: ["AU"], rendering: ["AU"], lastChangeAt: null, handover: failing })).toMatchObject({
      status: "submitted",
      since: handover.submittedAt,
      note: expect.stringContaining("connection refused"),
    });
  });
});

describe("step 7: why an email does not render, in the note Home shows", () => {
  test("the reasons of the countries that fail, each said once, at most two", () => {
    const white = "Text colour #FFFFFF on the background #FFFFFF has a contrast of 1:1; WCAG AA asks for 4.5:1. Change the text colour in step 1's Branding section, or in this email's form.";
    expect(labelEmailFact({ countries: ["AU", "GB"], rendering: [], lastChangeAt: null, problems: { AU: [white], GB: [white] } }).note).toBe(
      `The label email for AU and GB does not render: fix it before handing the set over. ${white}`,
    );
    expect(labelEmailFact({ countries: ["AU", "GB"], rendering: ["GB"], lastChangeAt: null, problems: { AU: ["One.", "Two.", "Three."], GB: [] } }).note).toBe(
      "The label email for AU does not render: fix it before handing the set over. One. Two. (1 more on the step's page)",
    );
  });
});

describe("step 8: customer notifications", () => {
  const statuses = { ...handover, covered: ["RC", "RT"] };
  test("skipped explicitly counts as complete, with who skipped it", () => {
    expect(notificationsFact({ skipped: { at: "2026-11-22T00:00:00.000Z", by: "Ana" }, enabled: ["RC"], lastChangeAt: null })).toMatchObject({
      status: "skipped",
      completedBy: "Ana",
    });
  });

  test("done when every enabled status was handed over after the last change", () => {
    expect(notificationsFact({ enabled: [], lastChangeAt: null }).status).toBe("not_started");
    expect(notificationsFact({ enabled: ["RC"], lastChangeAt: "2026-11-19T00:00:00.000Z" }).status).toBe("in_progress");
    expect(notificationsFact({ enabled: ["RC", "RT"], lastChangeAt: "2026-11-19T00:00:00.000Z", handover: statuses })).toMatchObject({ status: "done" });
    expect(notificationsFact({ enabled: ["RC", "RT", "RR"], lastChangeAt: "2026-11-19T00:00:00.000Z", handover: statuses })).toMatchObject({
      status: "in_progress",
      reopened: "SEKO has no template for RR",
    });
    expect(notificationsFact({ enabled: ["RC"], lastChangeAt: "2026-11-21T00:00:00.000Z", handover: statuses })).toMatchObject({
      status: "in_progress",
      reopened: "a template changed after the last hand-over",
    });
  });
});

describe("step 8: an email customers cannot read", () => {
  const statuses = { ...handover, covered: ["RT"] };
  const whiteOnWhite = "Text colour #FFFFFF on the background #FFFFFF has a contrast of 1:1; WCAG AA asks for 4.5:1. Change the text colour in this email's form.";
  const unreadable = [{ label: "Return in Transit", problems: [whiteOnWhite] }];

  test("a status switched on whose email is unreadable keeps the step open, with the colour to change", () => {
    expect(notificationsFact({ enabled: ["RT"], lastChangeAt: "2026-11-19T00:00:00.000Z", unreadable })).toEqual({
      status: "in_progress",
      note: `The Return in Transit email is hard to read: ${whiteOnWhite}`,
      reopened: undefined,
    });
  });

  test("handed over before: the step reopens, naming the email; readable again, it is done", () => {
    expect(notificationsFact({ enabled: ["RT"], lastChangeAt: "2026-11-19T00:00:00.000Z", handover: statuses, unreadable })).toMatchObject({
      status: "in_progress",
      reopened: "customers cannot read the Return in Transit email",
      note: expect.stringContaining("Change the text colour"),
    });
    expect(notificationsFact({ enabled: ["RT"], lastChangeAt: "2026-11-19T00:00:00.000Z", handover: statuses, unreadable: [{ label: "Return in Transit", problems: [] }] })).toMatchObject({
      status: "done",
    });
  });

  test("skipping still completes the step: no email goes to customers", () => {
    expect(notificationsFact({ skipped: { at: "2026-11-22T00:00:00.000Z", by: "Ana" }, enabled: ["RT"], lastChangeAt: null, unreadable }).status).toBe("skipped");
  });
});
