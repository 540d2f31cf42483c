import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import { StepPage } from "~/components/StepPage";
import { SubmissionHistory } from "~/components/SubmissionHistory";
import { TemplateEditor } from "~/components/notifications/TemplateEditor";
import { VersionHistory } from "~/components/notifications/VersionHistory";
import { resumeDeliveries } from "~/job-handlers.server";
import { listSubmissions, retrySubmission } from "~/outbox/submissions.server";
import { notificationsFact } from "~/guide/facts";
import { staffDirectory, staffFrom } from "~/utils/staff.server";
import { defaultForm, DEFAULT_LOCALE } from "~/notifications/defaults";
import { editorIntent } from "~/notifications/editor-actions.server";
import { readEditor } from "~/notifications/editor-input";
import { notificationContext } from "~/notifications/label-email.server";
import { problemList } from "~/notifications/preview.server";
import { sampleData } from "~/notifications/sample";
import { handOverNotifications, notificationRecords, NOTIFICATIONS_FORM, setSkipped } from "~/notifications/status-emails.server";
import { isTrackingStatus, TRACKING_STATUSES, type TrackingStatusCode } from "~/notifications/statuses";
import { listVersions, restoreVersion, versionKey } from "~/notifications/templates.server";
import { trackedEmails } from "~/notifications/tracked-emails.server";
import { EmailPreview } from "~/components/notifications/EmailPreview";
import { useState } from "react";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Customer notifications · SEKO Returns" }];

/** Statuses for which Shopify itself may already email the customer (its own return notifications). */
const SHOPIFY_SENDS: Partial<Record<TrackingStatusCode, string>> = {
  RC: "Shopify's own return notifications (Settings › Notifications › Returns) may already email the customer when a return is created",
  RDBTC: "Shopify's refund notification may already tell the customer when you refund the returned items",
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  await resumeDeliveries(session.shop);
  const staff = await staffDirectory(session.shop);
  const context = await notificationContext(session.shop);
  const records = await notificationRecords(session.shop, staff, context);
  const requested = new URL(request.url).searchParams.get("status") ?? "RC";
  const code: TrackingStatusCode = isTrackingStatus(requested) ? requested : "RC";
  const selected = records.emails.find((email) => email.code === code)!;
  const [versions, submissions, tracked] = await Promise.all([
    listVersions(session.shop, { kind: code, scope: "default", locale: DEFAULT_LOCALE }),
    listSubmissions(session.shop, [NOTIFICATIONS_FORM]),
    trackedEmails(session.shop, context),
  ]);
  return {
    fact: notificationsFact(records),
    skipped: records.skipped ?? null,
    statuses: records.emails.map((email) => ({ code: email.code, label: email.label, omniRpsOnly: email.omniRpsOnly, enabled: email.template.enabled, origin: email.template.origin, duplicates: SHOPIFY_SENDS[email.code] ?? null })),
    code,
    template: { ...selected.template, fallbackForm: defaultForm(code, DEFAULT_LOCALE, context.branding) },
    versions: versions.map((version) => ({ ...version, savedBy: staff.label(version.savedBy) })),
    submissions: submissions.map((submission) => ({ ...submission, submittedBy: staff.label(submission.submittedBy) })),
    tracked,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const shop = session.shop;
  const actor = staffFrom(sessionToken);
  const formData = await readForm(request, { maxBytes: 400 * 1024 });
  const intent = String(formData.get("intent") ?? "");
  const context = await notificationContext(shop);
  switch (intent) {
    case "preview":
    case "save":
    case "test": {
      const kind = String(formData.get("kind") ?? "");
      if (!isTrackingStatus(kind)) return data({ intent, ok: false, message: "Unknown tracking status", problems: [] }, { status: 400 });
      const editor = readEditor(formData);
      if (!editor.ok) return data({ intent, ok: false, message: editor.message, problems: [editor.message] }, { status: 400 });
      if (editor.scope !== "default") return data({ intent, ok: false, message: "Notifications are the same for every country", problems: [] }, { status: 400 });
      const sample = sampleData(context.shop, { status: kind });
      return editorIntent(intent, { shop, actorId: actor.id, kind, editor, sample, currency: context.currency, fallbackEmail: context.shop.email });
    }
    case "restore": {
      const id = String(formData.get("id") ?? "");
      const key = await versionKey(shop, id);
      if (!key || !isTrackingStatus(key.kind)) throw new Response("No such version", { status: 404 });
      const restored = await restoreVersion(shop, id, actor.id, sampleData(context.shop, { status: key.kind }));
      if (!restored) throw new Response("No such version", { status: 404 });
      return data(restored.ok ? { ok: true, message: `Restored as version ${restored.version}.` } : { ok: false, message: `That version no longer renders: ${problemList(restored.problems).join("; ")}` }, { status: restored.ok ? 200 : 400 });
    }
    case "skip":
    case "unskip":
      await setSkipped(shop, intent === "skip", actor.id);
      return data({ intent, ok: true, message: intent === "skip" ? "Step skipped: SEKO sends no tracking emails." : "Step reopened." });
    case "handover": {
      const staff = await staffDirectory(shop);
      const result = await handOverNotifications(shop, actor.id, staff.label(actor.id));
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

export default function Notifications() {
  const { fact, skipped, statuses, code, template, versions, submissions, tracked } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  // A restore replaces what the editor holds; a save keeps it (what was typed is what was saved).
  const restores = versions.filter((version) => version.restoredFrom).length;
  const handover = useFetcher<{ ok: boolean; message: string }>({ key: "handover-notifications" });
  const skip = useFetcher<{ ok: boolean; message: string }>({ key: "skip-notifications" });
  const current = statuses.find((status) => status.code === code)!;
  const firstOmniRps = TRACKING_STATUSES.findIndex((status) => status.omniRpsOnly);
  return (
    <StepPage
      number={8}
      title="Customer notifications"
      fact={fact}
      intro="Optional: SEKO can email your customers when their return reaches a new tracking status. These are transactional emails, so they carry no unsubscribe link."
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Tracking statuses
                  </Text>
                  <skip.Form method="post">
                    <input type="hidden" name="intent" value={skipped ? "unskip" : "skip"} />
                    <Button submit loading={skip.state !== "idle"}>
                      {skipped ? "Don't skip this step" : "Skip: no tracking emails"}
                    </Button>
                  </skip.Form>
                </InlineStack>
                {skipped ? <Banner tone="info">{`Skipped by ${skipped.by}. SEKO sends no tracking emails to your customers.`}</Banner> : null}
                <ul aria-label="Tracking statuses" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                  {statuses.map((status, index) => (
                    <li key={status.code} style={{ padding: "6px 0", borderTop: "1px solid var(--p-color-border-secondary)" }}>
                      {index === firstOmniRps ? (
                        <Text as="p" variant="bodySm" tone="subdued">
                          The statuses below apply only to returns processed through OmniRPS: for other returns tracking ends at Transferred to processing facility.
                        </Text>
                      ) : null}
                      <InlineStack align="space-between" blockAlign="center" gap="200">
                        <InlineStack gap="200" blockAlign="center">
                          <Text as="span" fontWeight={status.code === code ? "bold" : "regular"}>{`${status.label} (${status.code})`}</Text>
                          <Badge tone={status.enabled ? "success" : undefined}>{status.enabled ? "On" : "Off"}</Badge>
                          {status.omniRpsOnly ? <Badge>OmniRPS only</Badge> : null}
                        </InlineStack>
                        <Button size="slim" onClick={() => navigate(`?status=${status.code}`, { preventScrollReset: true })} accessibilityLabel={`Edit the ${status.label} email`}>
                          Edit
                        </Button>
                      </InlineStack>
                      {status.enabled && status.duplicates ? (
                        <Text as="p" variant="bodySm" tone="caution">{`Possible duplicate: ${status.duplicates}. Switch one of them off.`}</Text>
                      ) : null}
                    </li>
                  ))}
                </ul>
                <InlineStack gap="200" blockAlign="center">
                  <handover.Form method="post">
                    <input type="hidden" name="intent" value="handover" />
                    <Button submit variant="primary" loading={handover.state !== "idle"}>
                      Hand over to SEKO
                    </Button>
                  </handover.Form>
                  {handover.data && handover.state === "idle" ? <Text as="span" tone={handover.data.ok ? "success" : "critical"}>{handover.data.message}</Text> : null}
                  {skip.data && skip.state === "idle" ? <Text as="span">{skip.data.message}</Text> : null}
                </InlineStack>
              </BlockStack>
            </Card>
            {current.omniRpsOnly ? <Banner tone="info">{`${current.label} applies only to returns processed through OmniRPS.`}</Banner> : null}
            <TemplateEditor key={`${code}-${restores}`} template={template} hidden={{ kind: code, scope: "default", locale: DEFAULT_LOCALE }} label={`${current.label} (${code})`} showEnabled />
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Versions
                </Text>
                <VersionHistory versions={versions} />
              </BlockStack>
            </Card>
            <TrackedEmails tracked={tracked} />
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

type Tracked = ReturnType<typeof useLoaderData<typeof loader>>["tracked"][number];

/** The emails the tracking events of test returns would have sent, each status as it is set up now. */
function TrackedEmails({ tracked }: { tracked: Tracked[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const shown = tracked.find((entry) => entry.eventId === open);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          What your customers would have received
        </Text>
        {tracked.length === 0 ? (
          <Text as="p" tone="subdued">
            No tracking events for test returns yet. Once SEKO tracks one (step 9), each status shows here with the email it would send.
          </Text>
        ) : (
          <ul aria-label="Tracking events of test returns" style={{ listStyle: "none", margin: 0, padding: 0 }}>
            {tracked.map((entry) => (
              <li key={entry.eventId} style={{ padding: "6px 0", borderTop: "1px solid var(--p-color-border-secondary)" }}>
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span">{`${entry.eventAt} · ${entry.label} · ${entry.orderName ?? entry.connote}`}</Text>
                    <Badge tone={entry.enabled ? "success" : undefined}>{entry.enabled ? "Would send" : "Off: nothing sent"}</Badge>
                  </InlineStack>
                  {entry.email ? (
                    <Button size="slim" pressed={open === entry.eventId} onClick={() => setOpen(open === entry.eventId ? null : entry.eventId)} accessibilityLabel={`Show the ${entry.label} email`}>
                      {entry.email.subject}
                    </Button>
                  ) : (
                    <Text as="span" tone="critical">{`Does not render: ${entry.problem}`}</Text>
                  )}
                </InlineStack>
              </li>
            ))}
          </ul>
        )}
        {shown?.email ? <EmailPreview subject={shown.email.subject} html={shown.email.html} loading={false} /> : null}
      </BlockStack>
    </Card>
  );
}
