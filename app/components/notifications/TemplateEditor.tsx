import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, ButtonGroup, Card, Checkbox, FormLayout, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useRef, useState } from "react";
import { buildFromForm, type TemplateForm, type TemplateSource } from "~/notifications/layout";
import { PUBLISHED_VARIABLES } from "~/notifications/variables";
import { useTypedBeforeHydration } from "../use-typed-before-hydration";
import { EmailPreview } from "./EmailPreview";

export type EditorTemplate = TemplateSource & { mode: "form" | "raw"; form: TemplateForm | null; fallbackForm: TemplateForm; enabled: boolean };

type Readability = { field: "textColour" | "buttonColour"; message: string }[];
export type PreviewReply =
  { intent: "preview"; ok: true; subject: string; html: string; problems: string[]; readability: Readability } | { intent: "preview"; ok: false; problems: string[]; readability: Readability };
export type SaveReply = { intent: "save" | "test"; ok: boolean; message: string; problems?: string[] };

/**
 * Edits one template two ways, like OmniRPS: the structured form (writes the
 * Liquid) or the raw HTML/Liquid. Both are kept while switching: the raw mode
 * starts from what the form writes, and edits to it stay until the merchant
 * saves from the form. The preview re-renders on the server as they type.
 */
export function TemplateEditor({ template, hidden, label, showEnabled = false }: { template: EditorTemplate; hidden: Record<string, string>; label: string; showEnabled?: boolean }) {
  const [mode, setMode] = useState(template.mode);
  const [form, setForm] = useState<TemplateForm>(template.form ?? template.fallbackForm);
  const [raw, setRaw] = useState<TemplateSource>({ subject: template.subject, html: template.html, text: template.text });
  const [rawEdited, setRawEdited] = useState(template.mode === "raw");
  const [enabled, setEnabled] = useState(template.enabled);
  const built = useMemo(() => buildFromForm(form), [form]);
  const source = mode === "form" ? built : raw;
  const preview = useFetcher<PreviewReply>({ key: `preview-${label}` });
  // Keyed: a save re-mounts the editor with the stored version, and its message must survive that.
  const save = useFetcher<SaveReply>({ key: `save-${label}` });
  const test = useFetcher<SaveReply>({ key: `test-${label}` });
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const fields = { intent: "save", ...hidden, mode, form: JSON.stringify(form), subject: source.subject, html: source.html, text: source.text, enabled: enabled ? "on" : "off" };

  useEffect(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      preview.submit({ ...fields, intent: "preview" }, { method: "post" });
    }, 300);
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, source.subject, source.html, source.text, hidden.scope, hidden.locale, hidden.kind]);

  const switchTo = (next: "form" | "raw") => {
    if (next === "raw" && !rawEdited) setRaw(built);
    setMode(next);
  };
  const field =
    <K extends keyof TemplateForm>(key: K) =>
    (value: TemplateForm[K]) =>
      setForm((current) => ({ ...current, [key]: value }));
  // What was typed before the page was hydrated stays (../use-typed-before-hydration.ts), in the mode the page opened in.
  const editor = useRef<HTMLDivElement>(null);
  useTypedBeforeHydration(
    editor,
    mode === "form"
      ? { subject: form.subject, heading: form.heading, body: form.body, buttonLabel: form.buttonLabel, buttonColour: form.buttonColour, textColour: form.textColour, logoUrl: form.logoUrl }
      : { rawSubject: raw.subject, rawHtml: raw.html, rawText: raw.text },
    (typed) => {
      if (mode === "form") {
        setForm((current) => ({ ...current, ...typed }));
        return;
      }
      setRawEdited(true);
      setRaw((current) => ({ subject: typed.rawSubject ?? current.subject, html: typed.rawHtml ?? current.html, text: typed.rawText ?? current.text }));
    },
  );
  const problems = preview.data?.problems ?? [];
  // Colours a customer could not read: the field is marked here, the preview says why.
  const readability = mode === "form" ? (preview.data?.readability ?? []) : [];
  const unreadable = (name: "textColour" | "buttonColour") => readability.some((problem) => problem.field === name);

  return (
    <div ref={editor} style={{ display: "contents" }}>
      <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {label}
              </Text>
              <ButtonGroup variant="segmented">
                <Button pressed={mode === "form"} onClick={() => switchTo("form")}>
                  Form
                </Button>
                <Button pressed={mode === "raw"} onClick={() => switchTo("raw")}>
                  HTML / Liquid
                </Button>
              </ButtonGroup>
            </InlineStack>
            {showEnabled ? <Checkbox label="Send this email" checked={enabled} onChange={setEnabled} /> : null}
            {mode === "form" ? (
              <FormLayout>
                {rawEdited ? <Banner tone="warning">Your HTML edits are kept in the HTML / Liquid mode. Saving from the form replaces them with what the form writes.</Banner> : null}
                <TextField label="Subject" name="subject" value={form.subject} onChange={field("subject")} autoComplete="off" />
                <TextField label="Heading" name="heading" value={form.heading} onChange={field("heading")} autoComplete="off" />
                <TextField
                  label="Message"
                  name="body"
                  value={form.body}
                  onChange={field("body")}
                  multiline={6}
                  autoComplete="off"
                  helpText="Blank lines start new paragraphs. Variables such as {{ customer.first_name }} work here."
                />
                <FormLayout.Group>
                  <TextField label="Button label" name="buttonLabel" value={form.buttonLabel} onChange={field("buttonLabel")} autoComplete="off" helpText="Empty: no button." />
                  <Select
                    label="Button links to"
                    value={form.buttonUrl}
                    onChange={(value) => field("buttonUrl")(value as TemplateForm["buttonUrl"])}
                    options={[
                      { label: "The return label", value: "return.label_url" },
                      { label: "The return's tracking page", value: "return.tracking_url" },
                      { label: "The returns portal", value: "portal_url" },
                    ]}
                  />
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField label="Button colour" name="buttonColour" value={form.buttonColour} onChange={field("buttonColour")} autoComplete="off" error={unreadable("buttonColour")} />
                  <TextField label="Text colour" name="textColour" value={form.textColour} onChange={field("textColour")} autoComplete="off" error={unreadable("textColour")} />
                </FormLayout.Group>
                <TextField label="Logo URL" name="logoUrl" value={form.logoUrl} onChange={field("logoUrl")} autoComplete="off" helpText="From your step 1 branding; https only." />
                <Checkbox label="List the returned items" checked={form.showItems} onChange={field("showItems")} />
              </FormLayout>
            ) : (
              <FormLayout>
                <TextField
                  label="Subject"
                  name="rawSubject"
                  value={raw.subject}
                  onChange={(value) => {
                    setRawEdited(true);
                    setRaw((current) => ({ ...current, subject: value }));
                  }}
                  autoComplete="off"
                />
                <TextField
                  label="HTML"
                  name="rawHtml"
                  value={raw.html}
                  onChange={(value) => {
                    setRawEdited(true);
                    setRaw((current) => ({ ...current, html: value }));
                  }}
                  multiline={14}
                  monospaced
                  autoComplete="off"
                  spellCheck={false}
                />
                <TextField
                  label="Plain text"
                  name="rawText"
                  value={raw.text}
                  onChange={(value) => {
                    setRawEdited(true);
                    setRaw((current) => ({ ...current, text: value }));
                  }}
                  multiline={6}
                  monospaced
                  autoComplete="off"
                  spellCheck={false}
                />
                <details>
                  <summary>Variables you can use</summary>
                  <Box paddingBlockStart="200">
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {PUBLISHED_VARIABLES.map((variable) => (
                        <li key={variable.name}>
                          <code>{`{{ ${variable.name} }}`}</code> {variable.description}
                        </li>
                      ))}
                    </ul>
                    <Text as="p" variant="bodySm" tone="subdued">
                      Filters: money, date, escape, default. Every value is HTML-escaped in the email.
                    </Text>
                  </Box>
                </details>
              </FormLayout>
            )}
            {problems.length ? (
              <Banner tone="critical" title="This template cannot be saved yet">
                <ul style={{ margin: 0, paddingInlineStart: 20 }} aria-label="Template problems">
                  {problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              </Banner>
            ) : null}
            {save.data && save.state === "idle" ? (
              <Banner tone={save.data.ok ? "success" : "critical"}>
                {save.data.message}
                {save.data.problems?.length ? (
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {save.data.problems.map((problem) => (
                      <li key={problem}>{problem}</li>
                    ))}
                  </ul>
                ) : null}
              </Banner>
            ) : null}
            {test.data && test.state === "idle" ? <Banner tone={test.data.ok ? "success" : "critical"}>{test.data.message}</Banner> : null}
            <InlineStack gap="200">
              <Button variant="primary" loading={save.state !== "idle"} onClick={() => save.submit(fields, { method: "post" })}>
                Save
              </Button>
              <Button loading={test.state !== "idle"} onClick={() => test.submit({ ...fields, intent: "test" }, { method: "post" })}>
                Send a test to me
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
        <Card>
          <EmailPreview
            subject={preview.data?.ok ? preview.data.subject : null}
            html={preview.data?.ok ? preview.data.html : null}
            loading={preview.state !== "idle"}
            readability={readability.map((problem) => problem.message)}
          />
        </Card>
      </InlineGrid>
    </div>
  );
}
