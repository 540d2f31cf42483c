import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { AppProvider, Banner, BlockStack, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json" with { type: "json" };
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { useTypedBeforeHydration } from "~/components/use-typed-before-hydration";
import { revealHandover } from "~/handover/secret-handover.server";
import { clientIp } from "~/utils/client-ip.server";
import { env } from "~/utils/env.server";
import { readForm } from "~/utils/form.server";

/**
 * SEKO's account manager opens the one-time link to the Australia Post keys
 * here (docs/decisions/008). Public: the token is the credential. It arrives
 * in the URL fragment, which is never sent to a server, and is posted back
 * only when a person asks to see the keys, so a mail scanner that fetches the
 * link cannot use it up.
 */
export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const meta: MetaFunction = () => [{ title: "Australia Post keys · SEKO Returns" }, { name: "robots", content: "noindex" }];

const PRIVATE_HEADERS = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex",
};

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const merged = new Headers(PRIVATE_HEADERS);
  for (const source of [loaderHeaders, actionHeaders]) source?.forEach((value, key) => merged.set(key, value));
  return merged;
};

export const loader = () => data(null, { headers: PRIVATE_HEADERS });

const schema = z.object({
  token: z.string({ error: "Open the link from the email again: it is incomplete" }).regex(/^[A-Za-z0-9_-]{20,100}$/, "Open the link from the email again: it is incomplete"),
  name: z.string({ error: "Type your name" }).trim().min(2, "Type your name").max(200),
});

const REFUSED = {
  unknown: { status: 404, message: "This link is not valid. Check that you copied all of it, or ask the retailer to send a new one." },
  used: { status: 410, message: "This link has already been used or was replaced by a newer one. Ask the retailer to send a new link from the app." },
  expired: { status: 410, message: "This link has expired. Ask the retailer to send a new link from the app." },
} as const;

export const action = async ({ request }: ActionFunctionArgs) => {
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") {
    return data({ ok: false as const, result: submission.reply({ hideFields: ["token"] }) }, { status: 400, headers: PRIVATE_HEADERS });
  }
  const revealed = await revealHandover(submission.value.token, {
    name: submission.value.name,
    ip: clientIp(request, env().TRUSTED_PROXY_HOPS),
    userAgent: request.headers.get("user-agent") ?? "unknown",
  });
  if (!revealed.ok) {
    const refused = REFUSED[revealed.reason];
    return data({ ok: false as const, message: refused.message }, { status: refused.status, headers: PRIVATE_HEADERS });
  }
  return data({ ok: true as const, shop: revealed.shop, secrets: revealed.secrets }, { headers: PRIVATE_HEADERS });
};

export default function Handover() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [token, setToken] = useState("");
  const [name, setName] = useState("");
  const [form, fields] = useForm({
    lastResult: result && "result" in result ? result.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
  });

  // A name typed before the page was hydrated stays (app/components/use-typed-before-hydration.ts).
  const container = useRef<HTMLFormElement>(null);
  useTypedBeforeHydration(container, { name: "" }, (typed) => setName(typed.name ?? ""));

  useEffect(() => {
    setToken(window.location.hash.slice(1));
    // Out of the address bar and the history once read.
    window.history.replaceState(null, "", window.location.pathname);
  }, []);

  return (
    <AppProvider i18n={polarisTranslations}>
      <Page narrowWidth title="Australia Post API keys">
        <Card>
          {result?.ok ? (
            <BlockStack gap="300">
              <Banner tone="warning">Copy these now. This page will not show them again; the link no longer works.</Banner>
              <Text as="p">Australia Post eParcel API access for {result.shop}:</Text>
              <dl>
                {result.secrets.map((secret) => (
                  <div key={secret.label}>
                    <dt>
                      <Text as="span" fontWeight="semibold">
                        {secret.label}
                      </Text>
                    </dt>
                    <dd>
                      <code>{secret.value}</code>
                    </dd>
                  </div>
                ))}
              </dl>
            </BlockStack>
          ) : (
            <Form ref={container} method="post" {...getFormProps(form)} aria-label="Show the keys">
              <FormLayout>
                <Text as="p">
                  A retailer sent you its Australia Post API key and secret. They can be shown once: have somewhere safe to store them ready. Your name is recorded with the time, so the retailer can
                  see who received them.
                </Text>
                {result && "message" in result ? <Banner tone="critical">{result.message}</Banner> : null}
                {fields.token.errors ? <Banner tone="critical">{fields.token.errors[0]}</Banner> : null}
                <input type="hidden" name="token" value={token} />
                <TextField label="Your name" name="name" autoComplete="name" value={name} onChange={setName} error={fields.name.errors?.[0]} />
                <Button submit variant="primary" loading={navigation.state !== "idle"}>
                  Show the keys once
                </Button>
              </FormLayout>
            </Form>
          )}
        </Card>
      </Page>
    </AppProvider>
  );
}
