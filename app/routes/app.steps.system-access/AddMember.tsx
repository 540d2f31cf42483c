import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useFetcher } from "@remix-run/react";
import { Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useTypedBeforeHydration } from "~/components/use-typed-before-hydration";
import { DUPLICATE_MEMBER as DUPLICATE, OMNIRETURNS_ROLES, OMNIRPS_ROLES, teamMemberSchema } from "~/team/members";

type Suggestion = { name: string; email: string; timeZone: string } | null;

/** The form that puts a person on the team list, checked in the browser and again by the action. */
export function AddMember({
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
  // A name or email typed before the page was hydrated stays (app/components/use-typed-before-hydration.ts).
  const container = useRef<HTMLFormElement>(null);
  useTypedBeforeHydration(container, { [fields.name.name]: empty.name, [fields.email.name]: empty.email }, (typed) =>
    setValues((current) => ({ ...current, name: typed[fields.name.name] ?? current.name, email: typed[fields.email.name] ?? current.email })),
  );
  const errorFor = (key: keyof typeof empty) => {
    if (fetcher.state !== "idle" || !checked || checked[key] !== values[key]) return undefined;
    const message = fields[key].errors?.[0];
    if (key === "email" && message === DUPLICATE && !listed.includes(values.email.trim().toLowerCase())) return undefined;
    return message;
  };

  return (
    <Card>
      <fetcher.Form
        ref={container}
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
            <TextField label="Email" type="email" name={fields.email.name} autoComplete="off" value={values.email} onChange={set("email")} error={errorFor("email")} />
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
          <Select label="Time zone" name={fields.timeZone.name} options={timeZones} value={values.timeZone} onChange={set("timeZone")} error={errorFor("timeZone")} />
          <Button submit loading={fetcher.state !== "idle"}>
            Add team member
          </Button>
        </FormLayout>
      </fetcher.Form>
    </Card>
  );
}
