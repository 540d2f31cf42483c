import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Select, Text } from "@shopify/polaris";
import { StepPage } from "~/components/StepPage";
import { SubmissionHistory } from "~/components/SubmissionHistory";
import { TemplateEditor } from "~/components/notifications/TemplateEditor";
import { VersionHistory } from "~/components/notifications/VersionHistory";
import { resumeDeliveries } from "~/job-handlers.server";
import { listSubmissions, retrySubmission } from "~/outbox/submissions.server";
import { labelEmailFact } from "~/guide/facts";
import { staffDirectory, staffFrom } from "~/utils/staff.server";
import { defaultForm, DEFAULT_LOCALE } from "~/notifications/defaults";
import { readEditor } from "~/notifications/editor-input";
import { handOverLabelEmails, LABEL_EMAIL_FORM, labelEmailRecords, notificationContext, sampleOrder } from "~/notifications/label-email.server";
import { editorIntent } from "~/notifications/editor-actions.server";
import { problemList } from "~/notifications/preview.server";
import { sampleData } from "~/notifications/sample";
import { getTemplate, listVersions, restoreVersion, versionKey } from "~/notifications/templates.server";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Return label email · SEKO Returns" }];

function selection(url: URL, countries: string[], locales: string[]) {
  const country = url.searchParams.get("country") ?? "default";
  const locale = url.searchParams.get("locale") ?? DEFAULT_LOCALE;
  return {
    scope: country === "default" || countries.includes(country) ? country : "default",
    locale: locale === DEFAULT_LOCALE || locales.includes(locale) ? locale : DEFAULT_LOCALE,
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  await resumeDeliveries(session.shop);
  const staff = await staffDirectory(session.shop);
  const context = await notificationContext(session.shop);
  const records = await labelEmailRecords(session.shop, staff, context);
  const selected = selection(new URL(request.url), context.countries ?? [], context.locales);
  const key = { kind: "label-email" as const, ...selected };
  const [template, versions, submissions] = await Promise.all([
    getTemplate(session.shop, key, context.branding),
    listVersions(session.shop, key),
    listSubmissions(session.shop, [LABEL_EMAIL_FORM]),
  ]);
  return {
    fact: labelEmailFact(records),
    countries: context.countries,
    locales: context.locales,
    selected,
    coverage: records.coverage.map((entry) => ({ country: entry.country, origin: entry.template.origin, version: entry.template.version, problems: entry.problems, sampleOrder: entry.sampleOrder })),
    template: { ...template, fallbackForm: defaultForm("label-email", selected.locale, context.branding) },
    versions: versions.map((version) => ({ ...version, savedBy: staff.label(version.savedBy) })),
    submissions: submissions.map((submission) => ({ ...submission, submittedBy: staff.label(submission.submittedBy) })),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const shop = session.shop;
  const actor = staffFrom(sessionToken);
  const formData = await readForm(request, { maxBytes: 400 * 1024 });
  const intent = String(formData.get("intent") ?? "");
  const context = await notificationContext(shop);
  const sampleFor = async (scope: string) => sampleData(context.shop, { order: scope === "default" ? null : await sampleOrder(shop, scope) });
  switch (intent) {
    case "preview":
    case "save":
    case "test": {
      const editor = readEditor(formData);
      if (!editor.ok) return data({ intent, ok: false, message: editor.message, problems: [editor.message] }, { status: 400 });
      if (editor.scope !== "default" && !(context.countries ?? []).includes(editor.scope)) {
        return data({ intent, ok: false, message: `Step 1 does not offer returns from ${editor.scope}.`, problems: [] }, { status: 400 });
      }
      const sample = await sampleFor(editor.scope);
      return editorIntent(intent, { shop, actorId: actor.id, kind: "label-email", editor, sample, currency: context.currency, fallbackEmail: context.shop.email });
    }
    case "restore": {
      const id = String(formData.get("id") ?? "");
      const row = await versionKey(shop, id);
      if (!row || row.kind !== "label-email") throw new Response("No such version", { status: 404 });
      const restored = await restoreVersion(shop, id, actor.id, await sampleFor(row.scope));
      if (!restored) throw new Response("No such version", { status: 404 });
      return data(restored.ok ? { ok: true, message: `Restored as version ${restored.version}.` } : { ok: false, message: `That version no longer renders: ${problemList(restored.problems).join("; ")}` }, { status: restored.ok ? 200 : 400 });
    }
    case "handover": {
      const staff = await staffDirectory(shop);
      const result = await handOverLabelEmails(shop, actor.id, staff.label(actor.id));
      if (!result.ok) return data({ intent, ok: false, message: result.message }, { status: 400 });
      return data({ intent, ok: true, message: result.status === "sent" ? `Handed over to SEKO (version ${result.version}).` : "Handed over; the email to SEKO has not gone yet. The app keeps retrying." });
    }
    case "retry": {
      const status = await retrySubmission(shop, String(formData.get("submissionId") ?? ""));
      if (!status) throw new Response("No such submission", { status: 404 });
      return data({ intent, ok: status === "sent" });
    }
    default:
      throw new Response(`Unknown intent "${intent}"`, { status: 400 });
  }
};

const ORIGIN: Record<string, string> = { own: "Own template", "shop-default": "Your default", "built-in": "App default" };

export default function LabelEmail() {
  const { fact, countries, locales, selected, coverage, template, versions, submissions } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  // A restore replaces what the editor holds; a save keeps it (what was typed is what was saved).
  const restores = versions.filter((version) => version.restoredFrom).length;
  const handover = useFetcher<{ ok: boolean; message: string }>({ key: "handover" });
  const go = (scope: string, locale: string) => navigate(`?country=${scope}&locale=${locale}`, { preventScrollReset: true });
  const label = `${selected.scope === "default" ? "Default (every country without its own)" : selected.scope}${selected.locale === DEFAULT_LOCALE ? "" : ` · ${selected.locale}`}`;
  return (
    <StepPage number={7} title="Return label email" fact={fact} intro="SEKO emails customers their return label. Check the email for every country you offer returns from, edit it if you like, and hand the set over to SEKO.">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {!countries ? (
              <Banner tone="warning">
                Step 1 does not list the countries you offer returns from yet. <RemixLink to="/app/steps/onboarding-form">Answer it first.</RemixLink>
              </Banner>
            ) : (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Countries and their email
                  </Text>
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text", "text"]}
                    headings={["Country", "Template", "Renders", "Sample data", ""]}
                    rows={coverage.map((entry) => [
                      entry.country,
                      `${ORIGIN[entry.origin]}${entry.version ? ` (version ${entry.version})` : ""}`,
                      entry.problems.length ? <Badge tone="critical">{`${entry.problems.length} problem${entry.problems.length === 1 ? "" : "s"}`}</Badge> : <Badge tone="success">Yes</Badge>,
                      entry.sampleOrder ? `Order ${entry.sampleOrder}` : "Sample order",
                      <Button key={entry.country} size="slim" onClick={() => go(entry.country, DEFAULT_LOCALE)} accessibilityLabel={`Edit the email for ${entry.country}`}>
                        Edit
                      </Button>,
                    ])}
                  />
                  <InlineStack gap="200" blockAlign="center">
                    <Button onClick={() => go("default", DEFAULT_LOCALE)}>Edit the default email</Button>
                    {handover.data && handover.state === "idle" ? <Text as="span" tone={handover.data.ok ? "success" : "critical"}>{handover.data.message}</Text> : null}
                    <handover.Form method="post">
                      <input type="hidden" name="intent" value="handover" />
                      <Button submit variant="primary" loading={handover.state !== "idle"}>
                        Hand over to SEKO
                      </Button>
                    </handover.Form>
                  </InlineStack>
                </BlockStack>
              </Card>
            )}
            <InlineStack gap="200" blockAlign="end">
              <Text as="h2" variant="headingMd">
                {`Editing: ${label}`}
              </Text>
              {locales.length ? (
                <Select
                  label="Language"
                  labelInline
                  value={selected.locale}
                  onChange={(locale) => go(selected.scope, locale)}
                  options={[{ label: "Default (English)", value: DEFAULT_LOCALE }, ...locales.map((locale) => ({ label: locale, value: locale }))]}
                />
              ) : null}
            </InlineStack>
            {template.origin !== "own" ? (
              <Text as="p" tone="subdued">
                {template.origin === "built-in" ? "This is the app's default email, branded from step 1. Saving makes it this one's own." : "This uses your default email. Saving gives it its own."}
              </Text>
            ) : null}
            <TemplateEditor key={`${selected.scope}-${selected.locale}-${restores}`} template={template} hidden={{ kind: "label-email", scope: selected.scope, locale: selected.locale }} label={label} />
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Versions
                </Text>
                <VersionHistory versions={versions} />
              </BlockStack>
            </Card>
            {submissions.length ? (
              <Card>
                <SubmissionHistory submissions={submissions} title="Handed over to SEKO" />
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </StepPage>
  );
}
