import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, FormLayout, Text, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";
import { signatureSchema, type ShownDocument, type SignatureView } from "~/contracts/documents";
import { useDates } from "./date-setting";
import { useTypedBeforeHydration } from "./use-typed-before-hydration";

type SignedView = Omit<SignatureView, "id" | "document">;

/** One document shown in full, then either the signature evidence or the form to sign it. */
export function SignDocument({ document, current, previous }: { document: ShownDocument; current: SignedView | null; previous: SignedView[] }) {
  const dates = useDates();
  const fetcher = useFetcher<{ intent: "sign"; document: string; result?: SubmissionResult<string[]>; message?: string }>({ key: `sign-${document.id}` });
  const lastResult = fetcher.data?.document === document.id ? fetcher.data.result : undefined;
  const [form, fields] = useForm({
    id: `sign-${document.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signatureSchema }),
    shouldValidate: "onSubmit",
  });
  const [fullName, setFullName] = useState("");
  const [title, setTitle] = useState("");
  const [authority, setAuthority] = useState(false);
  // A name or title typed before the page was hydrated stays (./use-typed-before-hydration.ts).
  const container = useRef<HTMLFormElement>(null);
  useTypedBeforeHydration(container, { [fields.fullName.name]: "", [fields.title.name]: "" }, (typed) => {
    setFullName((current) => typed[fields.fullName.name] ?? current);
    setTitle((current) => typed[fields.title.name] ?? current);
  });

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {document.title}
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          Version {document.version} · fingerprint (SHA-256) {document.hash.slice(0, 16)}…
        </Text>
        <Box padding="300" background="bg-surface-secondary" borderRadius="200" maxWidth="100%">
          <div role="document" aria-label={`${document.title} text`} tabIndex={0} style={{ maxHeight: 320, overflow: "auto" }}>
            <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit", margin: 0 }}>{document.text}</pre>
          </div>
        </Box>
        {current ? (
          <Banner tone="success" title={`Signed by ${current.signerName}, ${current.signerTitle}`}>
            <BlockStack gap="100">
              <Text as="p">
                {dates.date(current.signedAt)} by {current.signedBy}, from IP {current.ip}. A signed document cannot be changed; a new version from SEKO will ask you to sign again.
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                Browser: {current.userAgent}
              </Text>
            </BlockStack>
          </Banner>
        ) : (
          <fetcher.Form ref={container} method="post" {...getFormProps(form)} aria-label={`Sign the ${document.title}`}>
            <input type="hidden" name="intent" value="sign" />
            <input type="hidden" name="document" value={document.id} />
            <input type="hidden" name="version" value={document.version} />
            <input type="hidden" name="hash" value={document.hash} />
            <FormLayout>
              {fetcher.data?.document === document.id && fetcher.data.message ? <Banner tone="critical">{fetcher.data.message}</Banner> : null}
              {previous.length > 0 ? <Banner tone="warning">SEKO has a new version of this document. Your earlier signature is kept as superseded; please sign the new version.</Banner> : null}
              <FormLayout.Group>
                <TextField label="Full name" name={fields.fullName.name} autoComplete="name" value={fullName} onChange={setFullName} error={fields.fullName.errors?.[0]} />
                <TextField label="Job title" name={fields.title.name} autoComplete="organization-title" value={title} onChange={setTitle} error={fields.title.errors?.[0]} />
              </FormLayout.Group>
              <Checkbox label={document.confirmation} name={fields.authority.name} value="on" checked={authority} onChange={setAuthority} error={fields.authority.errors?.[0]} />
              <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                {`Sign the ${document.title}`}
              </Button>
            </FormLayout>
          </fetcher.Form>
        )}
        {previous.length > 0 ? (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              Earlier signatures
            </Text>
            {previous.map((signature) => (
              <Text as="p" tone="subdued" key={`${signature.version}-${signature.signedAt}`}>
                Version {signature.version} signed by {signature.signerName} on {dates.date(signature.signedAt, "date")}
                {signature.supersededAt ? `, superseded ${dates.date(signature.supersededAt, "date")}` : ", no longer current"}
              </Text>
            ))}
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
