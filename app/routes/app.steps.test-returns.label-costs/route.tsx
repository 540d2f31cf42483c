import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { FormTextField } from "~/components/FormTextField";
import { LabelledDataTable } from "~/components/LabelledDataTable";
import { SubmissionHistory } from "~/components/SubmissionHistory";
import { countryName } from "~/components/test-returns/OrderPicker";
import { listSubmissions } from "~/outbox/submissions.server";
import { staffDirectory, staffFrom } from "~/utils/staff.server";
import { DEFAULT_PARCEL } from "~/test-returns/test-returns";
import { confirmLabelCosts, LABEL_COSTS_FORM } from "~/test-returns/label-costs.server";
import { authenticate } from "~/shopify.server";
import { medianOrderWeightKg } from "~/shopify/order-search.server";
import { readForm, unknownIntent } from "~/utils/form.server";
import { costTable, parcelFrom } from "./label-cost-table.server";

export const meta: MetaFunction = () => [{ title: "Label cost by country · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const medianKg = await medianOrderWeightKg(session.shop);
  const fallback = { ...DEFAULT_PARCEL, kg: medianKg ?? DEFAULT_PARCEL.kg };
  const { parcel, errors } = parcelFrom(url.searchParams, fallback);
  const [{ rows, problem }, submissions, staff] = await Promise.all([costTable(session.shop, admin.graphql, parcel), listSubmissions(session.shop, [LABEL_COSTS_FORM]), staffDirectory(session.shop)]);
  return { parcel, errors, medianKg, rows, problem, submissions: submissions.map((item) => ({ ...item, submittedBy: staff.label(item.submittedBy) })) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  const staff = staffFrom(sessionToken);
  const formData = await readForm(request);
  if (formData.get("intent") !== "confirm") return unknownIntent(formData.get("intent"));
  const { parcel, errors } = parcelFrom(formData, DEFAULT_PARCEL);
  if (Object.keys(errors).length) return data({ ok: false, message: "Fix the parcel size first." }, { status: 400 });
  // The table is quoted again here: what is confirmed is what SEKO answers now, never numbers from the browser.
  const { rows, problem } = await costTable(session.shop, admin.graphql, parcel);
  if (problem || rows.length === 0) return data({ ok: false, message: problem ?? "Nothing to confirm." }, { status: 400 });
  const byLabel = (await staffDirectory(session.shop)).label(staff.id);
  const result = await confirmLabelCosts(session.shop, { parcel, rows }, staff.id, byLabel);
  return data({ ok: true, message: `Label costs confirmed (version ${result.version}).` });
};

/** Every figure with its own currency (a price stored without one says so, never borrowing another's). */
const money = (value: number | null, currency: string) => (value === null ? "-" : `${value.toFixed(2)} ${currency || "(no currency)"}`);

export default function LabelCosts() {
  const { parcel, errors, medianKg, rows, problem, submissions } = useLoaderData<typeof loader>();
  const confirm = useFetcher<{ ok: boolean; message: string }>({ key: "confirm-label-costs" });
  const navigation = useNavigation();
  const warnings = rows.reduce((sum, row) => sum + row.warnings.length, 0);
  return (
    <Page title="Label cost by country" backAction={{ content: "Test returns", url: "/app/steps/test-returns" }}>
      <TitleBar title="Label cost by country" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <Form method="get">
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    A typical return parcel
                  </Text>
                  <Text as="p" tone="subdued">
                    {medianKg ? `The weight starts at your synced orders' median (${medianKg} kg).` : "Your synced orders have no weights yet, so the weight starts at 1 kg."}
                  </Text>
                  <FormLayout>
                    <FormLayout.Group condensed>
                      <FormTextField name="length" label="Length (cm)" type="number" autoComplete="off" initialValue={String(parcel.length)} error={errors.length} />
                      <FormTextField name="width" label="Width (cm)" type="number" autoComplete="off" initialValue={String(parcel.width)} error={errors.width} />
                      <FormTextField name="height" label="Height (cm)" type="number" autoComplete="off" initialValue={String(parcel.height)} error={errors.height} />
                      <FormTextField name="kg" label="Weight (kg)" type="number" autoComplete="off" initialValue={String(parcel.kg)} error={errors.kg} />
                    </FormLayout.Group>
                    <Button submit loading={navigation.state === "loading"}>
                      Get SEKO's rates again
                    </Button>
                  </FormLayout>
                </BlockStack>
              </Form>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Cost per return
                </Text>
                {problem ? <Banner tone="warning">{problem}</Banner> : null}
                {rows.length ? (
                  <LabelledDataTable
                    label="Cost per return by country"
                    columnContentTypes={["text", "text", "text", "numeric", "numeric", "text"]}
                    headings={["Country", "SEKO's rate", "Who pays", "Customer price", "Your cost per return", "Warnings"]}
                    rows={rows.map((row) => [
                      countryName(row.country),
                      row.rate ? `${money(row.rate.cost, row.rateCurrency)} (${row.rate.deliveryType})` : "No rate",
                      row.paidBy === "customer" ? "Customer" : "You (free label)",
                      row.customerPrice === null ? "-" : money(row.customerPrice, row.customerCurrency),
                      money(row.effectiveCost, row.rateCurrency),
                      // A list that wraps: the table's cells never wrap, and a long warning would run out of sight.
                      row.warnings.length ? (
                        <ul
                          key={row.country}
                          aria-label={`Warnings for ${countryName(row.country)}`}
                          style={{ margin: 0, paddingInlineStart: "var(--p-space-400)", whiteSpace: "normal", minWidth: "14rem", maxWidth: "24rem" }}
                        >
                          {row.warnings.map((warning) => (
                            <li key={warning}>
                              <Text as="span" tone="caution">
                                {warning}
                              </Text>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        ""
                      ),
                    ])}
                  />
                ) : null}
                {confirm.data && confirm.state === "idle" ? <Banner tone={confirm.data.ok ? "success" : "critical"}>{confirm.data.message}</Banner> : null}
                {rows.length ? (
                  <confirm.Form method="post">
                    <input type="hidden" name="intent" value="confirm" />
                    {(["length", "width", "height", "kg"] as const).map((field) => (
                      <input key={field} type="hidden" name={field} value={String(parcel[field])} />
                    ))}
                    <InlineStack gap="200" blockAlign="center">
                      <Button submit variant="primary" loading={confirm.state !== "idle"}>
                        Confirm these label costs
                      </Button>
                      {warnings ? <Text as="span" tone="caution">{`${warnings} warning${warnings === 1 ? "" : "s"}: confirm only if that is what you intend.`}</Text> : null}
                    </InlineStack>
                  </confirm.Form>
                ) : null}
                <SubmissionHistory submissions={submissions} title="Confirmed versions" />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
