import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Link, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { FormTextField } from "~/components/FormTextField";
import { usePlacement } from "~/components/storefront/PlacementStatus";
import { StepPage } from "~/components/StepPage";
import { allAnswers } from "~/forms/answers";
import { loadFormState } from "~/forms/form-state.server";
import { countdownText, daysUntil, type GateItem } from "~/guide/go-live-gate";
import { acknowledgeProcedure, confirmDate, confirmInput, goLiveRecord, proposeDate, proposeInput, setProcedure, sopInput, storefrontPlacement } from "~/launch/go-live.server";
import { gateFor, goLive } from "~/guide/go-live.server";
import { getGuide } from "~/guide/guide.server";
import { customerAccountPlaced, customerAccountsEditorLink } from "~/customer-account/placement";
import { linkPlaced } from "~/storefront/link";
import { staffDirectory, staffFrom } from "~/utils/staff.server";
import { authenticate } from "~/shopify.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Go live · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const now = new Date();
  const [guide, record, onboarding, staff, storefrontPlaced] = await Promise.all([
    getGuide(shop),
    goLiveRecord(shop),
    loadFormState(shop, "onboarding"),
    staffDirectory(shop),
    storefrontPlacement(shop),
  ]);
  const gate = await gateFor(shop, guide, now);
  const preferred = allAnswers(onboarding).goLiveDate;
  const name = (id: string | null) => (id ? staff.label(id) : null);
  return {
    fact: guide.steps.find((step) => step.id === "go-live")!,
    record: { ...record, proposedBy: name(record.proposedBy), confirmedBy: name(record.confirmedBy), sopAckBy: name(record.sopAckBy), liveBy: name(record.liveBy) },
    gate,
    countdown: countdownText(daysUntil(record.agreedDate, now)),
    suggestedDate: record.proposedDate ?? (typeof preferred === "string" ? preferred : ""),
    customerAccountsLink: customerAccountsEditorLink(shop),
    storefrontPlaced,
  };
};

type Reply = { ok: boolean; message: string; field?: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const shop = session.shop;
  const staff = staffFrom(sessionToken);
  const formData = await readForm(request);
  const fields = Object.fromEntries([...formData.entries()].map(([key, value]) => [key, String(value)]));
  const refuse = (message: string, field?: string) => data<Reply>({ ok: false, message, field }, { status: 400 });
  switch (fields.intent) {
    case "propose": {
      const input = proposeInput.safeParse(fields);
      if (!input.success) return refuse(input.error.issues[0]!.message, "date");
      await proposeDate(shop, input.data.date, staff.id);
      return data<Reply>({ ok: true, message: `Proposed ${input.data.date}. Send it to your SEKO account manager; record their answer here.` });
    }
    case "confirm": {
      const input = confirmInput.safeParse(fields);
      if (!input.success) return refuse(input.error.issues[0]!.message, "confirmDate");
      await confirmDate(shop, input.data.date, input.data.via, staff.id);
      return data<Reply>({ ok: true, message: `Go-live date ${input.data.date} agreed.` });
    }
    case "procedure": {
      const input = sopInput.safeParse(fields);
      if (!input.success) return refuse(input.error.issues[0]!.message, "sopUrl");
      await setProcedure(shop, input.data.sopUrl, staff.id);
      return data<Reply>({ ok: true, message: "Procedure link saved: read it, then acknowledge it." });
    }
    case "acknowledge":
      return (await acknowledgeProcedure(shop, staff.id))
        ? data<Reply>({ ok: true, message: "Procedure acknowledged." })
        : refuse("Add the procedure's link first.");
    case "go-live": {
      // What the admin's App Bridge said about the live theme when "Go live" was pressed (asked only in the browser).
      const storefront = fields.storefront === "placed" ? true : fields.storefront === "missing" ? false : null;
      const result = await goLive(shop, await getGuide(shop), staff.id, storefront);
      return result.ok ? data<Reply>({ ok: true, message: "Returns are live." }) : refuse(`Not yet: ${result.open.map((item) => item.label.toLowerCase()).join("; ")}.`);
    }
    default:
      throw new Response(`Unknown intent "${fields.intent}"`, { status: 400 });
  }
};

export default function GoLive() {
  const { fact, record, gate, countdown, suggestedDate, customerAccountsLink, storefrontPlaced } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<Reply>({ key: "go-live" });
  const [via, setVia] = useState("seko");
  const busy = fetcher.state !== "idle";
  const error = (field: string) => (fetcher.data && !fetcher.data.ok && fetcher.data.field === field ? fetcher.data.message : undefined);
  const { state: placement } = usePlacement({ known: storefrontPlaced });
  // The theme is only visible to App Bridge in the browser: the storefront item is decided here and posted with "Go live".
  const storefront = placement.status === "ok" ? (linkPlaced(placement.placement) ? "placed" : "missing") : "unknown";
  const items: GateItem[] = gate.map((item) =>
    item.id !== "storefront"
      ? item
      : storefront === "placed"
        ? { ...item, done: true, missing: undefined }
        : storefront === "missing"
          ? { ...item, missing: "Your live theme has no returns link: switch the app embed on or add the block." }
          : { ...item, missing: placement.status === "error" ? placement.message : "Checking your live theme…" },
  );
  // Customer accounts (issue 16): shown, and linked to the editor, but advisory: stores on legacy
  // customer accounts cannot have the extension, and the storefront link already reaches the portal.
  if (placement.status === "ok") {
    const placed = customerAccountPlaced(placement.customerAccount);
    items.push({
      id: "customer-accounts",
      label: "Return status in customer accounts (recommended)",
      done: placed,
      missing: placed ? undefined : "Add the return-status block to the order status page in the customer accounts editor.",
      url: customerAccountsLink,
      advisory: true,
    });
  }
  const open = items.filter((item) => !item.done && !item.advisory);
  return (
    <StepPage number={10} title="Go live" fact={fact} intro="Agree the start date with SEKO, check everything is in place, then go live.">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {fetcher.data && !busy && !fetcher.data.field ? <Banner tone={fetcher.data.ok ? "success" : "critical"}>{fetcher.data.message}</Banner> : null}
            {record.liveAt ? (
              <Banner tone="success" title="Returns are live">
                <p>{`Since ${new Date(record.liveAt).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" })}, by ${record.liveBy ?? "someone"}.`}</p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd" id="date">
                    Go-live date
                  </Text>
                  {countdown ? <Badge tone="info">{countdown}</Badge> : null}
                </InlineStack>
                {record.agreedDate ? (
                  <Text as="p">{`Agreed: ${record.agreedDate} (${record.confirmedVia === "seko" ? "confirmed by SEKO" : "recorded on SEKO's word"} by ${record.confirmedBy ?? "someone"}).`}</Text>
                ) : record.proposedDate ? (
                  <Text as="p">{`Proposed ${record.proposedDate} by ${record.proposedBy ?? "someone"}: waiting for SEKO.`}</Text>
                ) : null}
                <fetcher.Form method="post">
                  <input type="hidden" name="intent" value="propose" />
                  <FormLayout>
                    <FormTextField name="date" label="Proposed date" type="date" autoComplete="off" initialValue={suggestedDate} error={error("date")} />
                    <Button submit loading={busy}>
                      Propose this date
                    </Button>
                  </FormLayout>
                </fetcher.Form>
                {record.proposedDate ? (
                  <fetcher.Form method="post">
                    <input type="hidden" name="intent" value="confirm" />
                    <FormLayout>
                      <FormLayout.Group condensed>
                        <FormTextField name="date" label="Agreed date" type="date" autoComplete="off" initialValue={record.agreedDate ?? record.proposedDate} error={error("confirmDate")} />
                        <Select
                          label="Confirmed by"
                          name="via"
                          value={via}
                          onChange={setVia}
                          options={[
                            { label: "SEKO (their email or call)", value: "seko" },
                            { label: "Me, on SEKO's word", value: "merchant" },
                          ]}
                        />
                      </FormLayout.Group>
                      <Button submit loading={busy}>
                        Record the agreed date
                      </Button>
                    </FormLayout>
                  </fetcher.Form>
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd" id="procedure">
                  Customer-service procedure
                </Text>
                {record.sopUrl ? (
                  <Text as="p">
                    <Link url={record.sopUrl} target="_blank">
                      SEKO&apos;s customer-service procedure
                    </Link>
                    {record.sopAckAt ? ` · acknowledged by ${record.sopAckBy ?? "someone"}` : ""}
                  </Text>
                ) : null}
                <fetcher.Form method="post">
                  <input type="hidden" name="intent" value="procedure" />
                  <FormLayout>
                    <FormTextField name="sopUrl" label="Procedure link" type="url" autoComplete="off" initialValue={record.sopUrl ?? ""} error={error("sopUrl")} helpText="The document SEKO sent you." />
                    <Button submit loading={busy}>
                      Save link
                    </Button>
                  </FormLayout>
                </fetcher.Form>
                {record.sopUrl && !record.sopAckAt ? (
                  <fetcher.Form method="post">
                    <input type="hidden" name="intent" value="acknowledge" />
                    <Button submit loading={busy}>
                      I have read it and our team will follow it
                    </Button>
                  </fetcher.Form>
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Before going live
                </Text>
                <ul aria-label="Go-live checks" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                  {items.map((item) => (
                    <li key={item.id} style={{ padding: "6px 0" }}>
                      <InlineStack gap="200" blockAlign="start" wrap={false}>
                        <Badge tone={item.done ? "success" : item.advisory ? "info" : undefined}>{item.done ? "Done" : item.advisory ? "Recommended" : "To do"}</Badge>
                        <BlockStack gap="050">
                          <Text as="span" fontWeight="semibold">
                            {item.label}
                          </Text>
                          {item.missing ? (
                            <Text as="span" tone="subdued">
                              {item.missing}{" "}
                              {item.advisory ? (
                                <Link url={item.url} target="_blank">
                                  Open the customer accounts editor
                                </Link>
                              ) : (
                                <Link url={item.url}>Go there</Link>
                              )}
                            </Text>
                          ) : null}
                        </BlockStack>
                      </InlineStack>
                    </li>
                  ))}
                </ul>
                {record.liveAt ? null : (
                  <fetcher.Form method="post">
                    <input type="hidden" name="intent" value="go-live" />
                    <input type="hidden" name="storefront" value={storefront} />
                    <Button submit variant="primary" disabled={open.length > 0} loading={busy}>
                      Go live
                    </Button>
                  </fetcher.Form>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </StepPage>
  );
}
