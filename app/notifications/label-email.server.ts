/**
 * Step 7: the return-label email per country. What the page and the guide
 * read (the countries step 1 offers, each against its template and whether it
 * renders), the sample data of a real synced order of that country, the
 * test send and the hand-over to SEKO with the other submissions (rendered
 * HTML, plain text and the Liquid source, through the on-boarding delivery
 * with its retries).
 */
import { allAnswers, type FormState } from "~/forms/answers";
import { createSubmission, listSubmissions } from "~/outbox/submissions.server";
import { returnSettings } from "~/return-settings/return-settings";
import { type TemplateHandoverFact } from "./handovers";
import { loadFormState } from "~/forms/form-state.server";
import type { StaffDirectory } from "~/utils/staff.server";
import { db } from "~/utils/db.server";
import { DEFAULT_LOCALE, publishedLocales, type Branding } from "./defaults";
import { templateReadability } from "./readability";
import { sampleData, type SampleOrder, type ShopDetails } from "./sample";
import { checkParts, lastTemplateChange, latestTemplates, renderEmail, resolveTemplate, type RenderedEmail, type StoredTemplate } from "./templates.server";
import { submissionFact } from "~/outbox/submission";

export const LABEL_EMAIL_FORM = "label-email";

export type NotificationContext = {
  shop: ShopDetails;
  branding: Branding;
  countries: string[];
  locales: string[];
  currency: string | undefined;
};

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

/** The shop's details, branding, countries and languages from the step-1 answers. */
export function contextFrom(shopDomain: string, onboarding: FormState): NotificationContext {
  const answers = allAnswers(onboarding);
  const website = text(answers.website) || `https://${shopDomain}`;
  return {
    shop: {
      name: text(answers.tradingName) || shopDomain.replace(/\.myshopify\.com$/, ""),
      email: text(answers.contactEmail),
      url: website,
      portalUrl: `${website.replace(/\/$/, "")}/apps/returns`,
    },
    branding: { logoUrl: text(answers.logoUrl), buttonColour: text(answers.buttonColour), textColour: text(answers.textColour) },
    countries: returnSettings(onboarding).countries,
    locales: publishedLocales(answers.locales),
    currency: text(answers.currency) || undefined,
  };
}

export async function notificationContext(shop: string): Promise<NotificationContext> {
  return contextFrom(shop, await loadFormState(shop, "onboarding"));
}

/** The newest synced order shipped to the country, as sample data (null when there is none). */
export async function sampleOrder(shop: string, country: string): Promise<SampleOrder | null> {
  const order = await db.order.findFirst({
    where: { shop, shipCountry: country, test: false },
    orderBy: { processedAt: "desc" },
    select: { name: true, orderCreatedAt: true, processedAt: true, customerName: true, lineItems: { select: { title: true, quantity: true, imageUrl: true }, take: 50 } },
  });
  if (!order) return null;
  return {
    name: order.name,
    createdAt: (order.orderCreatedAt ?? order.processedAt).toISOString(),
    customerName: order.customerName,
    items: order.lineItems.map((item) => ({ title: item.title, quantity: item.quantity, imageUrl: item.imageUrl })),
  };
}

export type CountryCoverage = {
  country: string;
  template: StoredTemplate;
  /** Problems when the template does not check and render cleanly with that country's sample, or a customer could not read its colours. */
  problems: string[];
  sampleOrder: string | null;
};

/** Every offered country against its template (own, the shop's default or the app's), checked with that country's sample. */
export async function labelEmailCoverage(shop: string, context: NotificationContext): Promise<CountryCoverage[]> {
  const countries = context.countries ?? [];
  const [rows, orders] = await Promise.all([latestTemplates(shop, ["label-email"]), Promise.all(countries.map((country) => sampleOrder(shop, country)))]);
  const coverage: CountryCoverage[] = [];
  // One country after another: the shop's renders take one thread at a time anyway (RENDER_SHARE in
  // renderer.server.ts), and all at once would fill its queue with a long list of countries.
  for (const [index, country] of countries.entries()) {
    const template = resolveTemplate(rows, { kind: "label-email", scope: country, locale: DEFAULT_LOCALE }, context.branding);
    const order = orders[index] ?? null;
    const problems = await checkParts(shop, template, sampleData(context.shop, { order }), context.currency);
    coverage.push({
      country,
      template,
      problems: [
        ...Object.values(problems)
          .flat()
          .map((problem) => (problem.line ? `Line ${problem.line}, column ${problem.column}: ${problem.message}` : problem.message)),
        ...templateReadability(template).map((problem) => problem.message),
      ],
      sampleOrder: order?.name ?? null,
    });
  }
  return coverage;
}

/** The latest hand-over of a template set, as the completion rules read it. */
export async function latestHandover(shop: string, form: string, staff: StaffDirectory): Promise<TemplateHandoverFact | undefined> {
  const [latest] = await listSubmissions(shop, [form]);
  if (!latest) return undefined;
  const row = await db.onboardingSubmission.findFirst({ where: { shop, id: latest.id }, select: { payload: true } });
  const payload = row ? (JSON.parse(row.payload) as { covered?: unknown }) : {};
  return {
    ...submissionFact(latest, staff.label),
    covered: Array.isArray(payload.covered) ? payload.covered.filter((item): item is string => typeof item === "string") : [],
  };
}

/** What step 7's rule reads. */
export async function labelEmailRecords(shop: string, staff: StaffDirectory, context?: NotificationContext) {
  const ctx = context ?? (await notificationContext(shop));
  const [coverage, lastChangeAt, handover] = await Promise.all([labelEmailCoverage(shop, ctx), lastTemplateChange(shop, ["label-email"]), latestHandover(shop, LABEL_EMAIL_FORM, staff)]);
  return {
    countries: ctx.countries,
    rendering: coverage.filter((entry) => entry.problems.length === 0).map((entry) => entry.country),
    problems: Object.fromEntries(coverage.map((entry) => [entry.country, entry.problems])),
    lastChangeAt,
    handover,
    coverage,
  };
}

type HandedOverTemplate = {
  country: string;
  locale: string;
  origin: StoredTemplate["origin"];
  version: number | null;
  source: { subject: string; html: string; text: string };
  rendered: RenderedEmail;
};

/**
 * Hands the label emails to SEKO: for every offered country and each of the
 * shop's languages, the Liquid source and the email it renders with that
 * country's sample. Stored as a submission first, then emailed (retried).
 */
export async function handOverLabelEmails(shop: string, staffId: string, staffName: string) {
  const context = await notificationContext(shop);
  const countries = context.countries ?? [];
  if (!countries.length) return { ok: false as const, message: "Step 1 lists no return countries yet." };
  const rows = await latestTemplates(shop, ["label-email"]);
  const templates: HandedOverTemplate[] = [];
  for (const country of countries) {
    const sample = sampleData(context.shop, { order: await sampleOrder(shop, country) });
    for (const locale of [DEFAULT_LOCALE, ...context.locales]) {
      const template = resolveTemplate(rows, { kind: "label-email", scope: country, locale }, context.branding);
      const rendered = await renderEmail(shop, template, sample, context.currency);
      if (!rendered.ok) return { ok: false as const, message: `The label email for ${country} does not render: fix it first.` };
      const unreadable = templateReadability(template);
      if (unreadable.length)
        return {
          ok: false as const,
          message: `The label email for ${country}${locale === DEFAULT_LOCALE ? "" : ` (${locale})`} is hard to read: ${unreadable.map((problem) => problem.message).join(" ")}`,
        };
      templates.push({
        country,
        locale,
        origin: template.origin,
        version: template.version,
        source: { subject: template.subject, html: template.html, text: template.text },
        rendered: rendered.email,
      });
    }
  }
  const summaryText = [
    `Return label emails for ${countries.join(", ")} (${[DEFAULT_LOCALE, ...context.locales].join(", ")}), handed over by ${staffName}.`,
    "Each entry in the attached JSON has the Liquid source (subject, HTML, plain text) and the email it renders with sample data.",
    "",
    ...templates
      .filter((entry) => entry.locale === DEFAULT_LOCALE)
      .map(
        (entry) =>
          `${entry.country}: ${entry.origin === "own" ? `own template, version ${entry.version}` : entry.origin === "shop-default" ? "the shop's default template" : "the app's default template"} — "${entry.rendered.subject}"`,
      ),
  ].join("\n");
  const result = await createSubmission(shop, LABEL_EMAIL_FORM, staffId, (version, submittedAt) => ({
    documentName: "Return label emails",
    summaryText,
    form: LABEL_EMAIL_FORM,
    version,
    submittedAt: submittedAt.toISOString(),
    submittedBy: staffName,
    covered: countries,
    templates,
  }));
  return { ok: true as const, ...result };
}
