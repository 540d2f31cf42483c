import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { StepPage } from "~/components/StepPage";
import { SubmissionHistory } from "~/components/SubmissionHistory";
import { allAnswers } from "~/forms/answers";
import { listSubmissions, retrySubmission } from "~/outbox/submissions.server";
import { systemAccessFact } from "~/guide/facts";
import { loadFormState } from "~/forms/form-state.server";
import { readPrefill } from "~/forms/prefill.server";
import { staffFrom, staffLabel } from "~/utils/staff.server";
import { DUPLICATE_MEMBER as DUPLICATE, OMNIRETURNS_ROLES, OMNIRPS_ROLES, roleLabel, teamMemberSchema } from "~/team/members";
import { addMember, listMembers, markCreated, removeMember, requestAccess, type MemberView } from "~/team/members.server";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";
import { resumeDeliveries } from "~/job-handlers.server";

export const meta: MetaFunction = () => [{ title: "System access · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  await resumeDeliveries(session.shop);
  const [members, submissions, onboarding, prefill] = await Promise.all([
    listMembers(session.shop),
    listSubmissions(session.shop, ["system-access"]),
    loadFormState(session.shop, "onboarding"),
    readPrefill(admin.graphql),
  ]);
  const answers = allAnswers(onboarding);
  const known = new Set(members.map((member) => member.email));
  const email = typeof answers.contactEmail === "string" ? answers.contactEmail : "";
  return {
    members,
    fact: systemAccessFact(members),
    submissions: submissions.map((submission) => ({ ...submission, submittedBy: staffLabel(submission.submittedBy) })),
    // Offline sessions carry no staff name or email, so the suggestion is the main contact from step 1.
    suggestion:
      email && !known.has(email.toLowerCase())
        ? { name: typeof answers.contactName === "string" ? answers.contactName : "", email, timeZone: prefill.timeZone }
        : null,
    defaultTimeZone: prefill.timeZone,
    timeZones: Intl.supportedValuesOf("timeZone"),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = staffFrom(sessionToken);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const id = String(formData.get("id") ?? "");
  switch (intent) {
    case "add": {
      const submission = parseWithZod(formData, { schema: teamMemberSchema });
      if (submission.status !== "success") return data({ intent, ok: false, result: submission.reply() }, { status: 400 });
      const added = await addMember(session.shop, submission.value, staff.id);
      if (!added.ok) return data({ intent, ok: false, result: submission.reply({ fieldErrors: { [added.field]: [added.message] } }) }, { status: 400 });
      // conform's reset reply carries no status: `ok` is what tells the page the person was added.
      return data({ intent, ok: true, result: submission.reply({ resetForm: true }) });
    }
    case "remove":
      if (!(await removeMember(session.shop, id, staff.id))) throw new Response("No team member waiting to be requested has this id", { status: 404 });
      return data({ intent, ok: true });
    case "request": {
      const result = await requestAccess(session.shop, staff.id);
      return data({ intent, ...result }, { status: result.ok ? 200 : 400 });
    }
    case "created":
      if (!(await markCreated(session.shop, id, staff.id))) throw new Response("No requested team member has this id", { status: 404 });
      return data({ intent, ok: true });
    case "retry": {
      const status = await retrySubmission(session.shop, String(formData.get("submissionId") ?? ""));
      if (!status) throw new Response("No such submission", { status: 404 });
      return data({ intent, ok: status === "sent" });
    }
    default:
      throw new Response(`Unknown intent "${intent}"`, { status: 400 });
  }
};

const STATUS: Record<MemberView["status"], [string, "info" | "success" | undefined]> = {
  draft: ["Not requested yet", undefined],
  requested: ["Requested", "info"],
  created: ["Created", "success"],
};

export default function SystemAccess() {
  const { members, fact, submissions, suggestion, defaultTimeZone, timeZones } = useLoaderData<typeof loader>();
  const drafts = members.filter((member) => member.status === "draft");
  const request = useFetcher<{ intent: "request"; ok: boolean; message?: string; delivered?: boolean; count?: number }>({ key: "request-access" });
  return (
    <StepPage
      number={6}
      title="System access"
      fact={fact}
      intro="List everyone who handles returns. The app asks SEKO to create their OmniReturns and OmniRPS logins; when SEKO's email says a login exists, mark it created here."
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Team members
                </Text>
                {members.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No one yet. Add the first team member below.
                  </Text>
                ) : (
                  <ul aria-label="Team members" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                    {members.map((member) => (
                      <MemberRow key={member.id} member={member} />
                    ))}
                  </ul>
                )}
                {request.data && !request.data.ok ? <Banner tone="critical">{request.data.message}</Banner> : null}
                {request.data?.ok && request.state === "idle" ? (
                  <Banner tone={request.data.delivered ? "success" : "warning"}>
                    {request.data.delivered
                      ? `Requested ${request.data.count} login${request.data.count === 1 ? "" : "s"} from SEKO.`
                      : "Requested, but the email to SEKO has not gone yet. The app keeps retrying."}
                  </Banner>
                ) : null}
                {drafts.length > 0 ? (
                  <request.Form method="post">
                    <input type="hidden" name="intent" value="request" />
                    <Button submit variant="primary" loading={request.state !== "idle"}>
                      {`Request access for ${drafts.length} team member${drafts.length === 1 ? "" : "s"}`}
                    </Button>
                  </request.Form>
                ) : null}
              </BlockStack>
            </Card>
            <AddMember
              suggestion={suggestion}
              defaultTimeZone={defaultTimeZone}
              timeZones={timeZones}
              listed={members.map((member) => member.email.toLowerCase())}
            />
            {submissions.length > 0 ? (
              <Card>
                <SubmissionHistory submissions={submissions} title="Requests sent to SEKO" />
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </StepPage>
  );
}

function MemberRow({ member }: { member: MemberView }) {
  const fetcher = useFetcher({ key: `member-${member.id}` });
  const [label, tone] = STATUS[member.status];
  return (
    <li style={{ borderTop: "var(--p-border-width-025) solid var(--p-color-border-secondary)", padding: "var(--p-space-200) 0" }}>
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <BlockStack gap="050">
          <Text as="p" fontWeight="semibold">
            {member.name} ({member.email})
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            OmniReturns: {roleLabel(member.omniReturnsRole)} · OmniRPS: {roleLabel(member.omniRpsRole)} · {member.timeZone}
          </Text>
        </BlockStack>
        <InlineStack gap="200" blockAlign="center">
          <Badge tone={tone}>{label}</Badge>
          {member.status === "draft" ? (
            <fetcher.Form method="post">
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="id" value={member.id} />
              <Button submit size="slim" variant="plain" tone="critical" accessibilityLabel={`Remove ${member.name}`}>
                Remove
              </Button>
            </fetcher.Form>
          ) : null}
          {member.status === "requested" ? (
            <fetcher.Form method="post">
              <input type="hidden" name="intent" value="created" />
              <input type="hidden" name="id" value={member.id} />
              <Button submit size="slim" loading={fetcher.state !== "idle"} accessibilityLabel={`Mark ${member.name}'s login as created`}>
                Mark login created
              </Button>
            </fetcher.Form>
          ) : null}
        </InlineStack>
      </InlineStack>
    </li>
  );
}

type Suggestion = { name: string; email: string; timeZone: string } | null;

function AddMember({
  suggestion,
  defaultTimeZone,
  timeZones,
  listed,
}: {
  suggestion: Suggestion;
  defaultTimeZone: string;
  timeZones: string[];
  /** Emails on the list now: "already on the list" lasts only while it is true. */
  listed: string[];
}) {
  const fetcher = useFetcher<{ intent: "add"; ok: boolean; result: SubmissionResult<string[]> }>({ key: "add-member" });
  const [form, fields] = useForm({
    id: "add-member",
    lastResult: fetcher.data?.intent === "add" ? fetcher.data.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: teamMemberSchema }),
    shouldValidate: "onSubmit",
  });
  const empty = { name: "", email: "", omniReturnsRole: "retailer-manager", omniRpsRole: "retailer-admin", timeZone: defaultTimeZone };
  const [values, setValues] = useState(empty);
  const set = (key: keyof typeof empty) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  // What was on screen when "Add" was pressed: an error shows only while its field still holds that value.
  const [checked, setChecked] = useState<typeof empty | null>(null);
  const added = fetcher.state === "idle" && fetcher.data?.ok === true;
  useEffect(() => {
    if (added) {
      setValues(empty);
      setChecked(null);
    }
  }, [added, fetcher.data]); // eslint-disable-line react-hooks/exhaustive-deps
  const errorFor = (key: keyof typeof empty) => {
    if (fetcher.state !== "idle" || !checked || checked[key] !== values[key]) return undefined;
    const message = fields[key].errors?.[0];
    if (key === "email" && message === DUPLICATE && !listed.includes(values.email.trim().toLowerCase())) return undefined;
    return message;
  };

  return (
    <Card>
      <fetcher.Form
        method="post"
        {...getFormProps(form)}
        onSubmit={(event) => {
          setChecked(values);
          form.onSubmit(event);
        }}
        aria-label="Add a team member"
      >
        <input type="hidden" name="intent" value="add" />
        <FormLayout>
          <Text as="h2" variant="headingMd">
            Add a team member
          </Text>
          {suggestion ? (
            <InlineStack gap="200" blockAlign="center">
              <Text as="p" tone="subdued">
                Suggested from your on-boarding form: {suggestion.name || suggestion.email}
              </Text>
              <Button size="slim" onClick={() => setValues((current) => ({ ...current, ...suggestion }))}>
                Use suggestion
              </Button>
            </InlineStack>
          ) : null}
          <FormLayout.Group>
            <TextField label="Name" name={fields.name.name} autoComplete="off" value={values.name} onChange={set("name")} error={errorFor("name")} />
            <TextField
              label="Email"
              type="email"
              name={fields.email.name}
              autoComplete="off"
              value={values.email}
              onChange={set("email")}
              error={errorFor("email")}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <Select
              label="OmniReturns role"
              name={fields.omniReturnsRole.name}
              options={[...OMNIRETURNS_ROLES, { value: "none", label: "No access" }]}
              value={values.omniReturnsRole}
              onChange={set("omniReturnsRole")}
              error={errorFor("omniReturnsRole")}
            />
            <Select
              label="OmniRPS role"
              name={fields.omniRpsRole.name}
              options={[...OMNIRPS_ROLES, { value: "none", label: "No access" }]}
              value={values.omniRpsRole}
              onChange={set("omniRpsRole")}
              error={errorFor("omniRpsRole")}
            />
          </FormLayout.Group>
          <Select
            label="Time zone"
            name={fields.timeZone.name}
            options={timeZones}
            value={values.timeZone}
            onChange={set("timeZone")}
            error={errorFor("timeZone")}
          />
          <Button submit loading={fetcher.state !== "idle"}>
            Add team member
          </Button>
        </FormLayout>
      </fetcher.Form>
    </Card>
  );
}
