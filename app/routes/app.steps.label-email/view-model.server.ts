/**
 * What step 7's page shows: every offered country against its label email,
 * the template chosen by `?country=` and `?locale=` with its versions, and
 * the hand-overs to SEKO.
 */
import { labelEmailFact } from "~/guide/facts";
import { defaultForm, DEFAULT_LOCALE } from "~/notifications/defaults";
import { LABEL_EMAIL_FORM, labelEmailRecords, notificationContext } from "~/notifications/label-email.server";
import { templateHistory } from "~/notifications/template-step.server";
import { getTemplate } from "~/notifications/templates.server";
import { staffDirectory } from "~/utils/staff.server";

/** The country (scope) and language asked for, when the shop offers them; the default otherwise. */
function selection(url: URL, countries: string[], locales: string[]) {
  const country = url.searchParams.get("country") ?? "default";
  const locale = url.searchParams.get("locale") ?? DEFAULT_LOCALE;
  return {
    scope: country === "default" || countries.includes(country) ? country : "default",
    locale: locale === DEFAULT_LOCALE || locales.includes(locale) ? locale : DEFAULT_LOCALE,
  };
}

export async function labelEmailView(shop: string, url: URL) {
  const staff = await staffDirectory(shop);
  const context = await notificationContext(shop);
  const records = await labelEmailRecords(shop, staff, context);
  const selected = selection(url, context.countries ?? [], context.locales);
  const key = { kind: "label-email" as const, ...selected };
  const [template, history] = await Promise.all([getTemplate(shop, key, context.branding), templateHistory(shop, key, LABEL_EMAIL_FORM, staff)]);
  return {
    fact: labelEmailFact(records),
    countries: context.countries,
    locales: context.locales,
    selected,
    coverage: records.coverage.map((entry) => ({ country: entry.country, origin: entry.template.origin, version: entry.template.version, problems: entry.problems, sampleOrder: entry.sampleOrder })),
    template: { ...template, fallbackForm: defaultForm("label-email", selected.locale, context.branding) },
    ...history,
  };
}
