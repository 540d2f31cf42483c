import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Card, ChoiceList, Filters, InlineStack, Layout, Link, Page, Pagination, Text, type FilterInterface } from "@shopify/polaris";
import { z } from "zod";
import { useDates } from "~/components/date-setting";
import { LabelledDataTable } from "~/components/LabelledDataTable";
import { needsAttention } from "~/returns/live-returns.server";
import { retryReturnMirror } from "~/returns/mirror.server";
import { getMirrorSettings } from "~/returns/mirror-settings.server";
import { authenticate } from "~/shopify.server";
import { readForm, unknownIntent } from "~/utils/form.server";
import { staffFrom } from "~/utils/staff.server";
import { returnsPageView, type ReturnsPageRow } from "./view-model.server";

export const meta: MetaFunction = () => [{ title: "Returns · SEKO Returns" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return returnsPageView(session.shop, new URL(request.url));
};

const retryInput = z.object({ intent: z.literal("retry"), consignmentNo: z.string().trim().min(1).max(100) });

type Reply = { ok: boolean; message: string };

/** "Retry" on an unmatched or failed return: writes it into Shopify again now (app/returns/mirror.server.ts). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent !== "retry") return unknownIntent(intent);
  const submission = parseWithZod(formData, { schema: retryInput });
  if (submission.status !== "success") return data<Reply>({ ok: false, message: "Name the consignment to retry." }, { status: 400 });
  const { consignmentNo } = submission.value;
  if (!(await getMirrorSettings(session.shop)).enabled) {
    return data<Reply>({ ok: false, message: "Returns in Shopify is off: turn it on in Settings, then retry." }, { status: 409 });
  }
  if (!(await needsAttention(session.shop, consignmentNo))) {
    return data<Reply>({ ok: false, message: `${consignmentNo} is not waiting for a retry: reload the page to see where it is.` }, { status: 409 });
  }
  await retryReturnMirror(session.shop, consignmentNo, staffFrom(sessionToken).id);
  return data<Reply>({ ok: true, message: `Trying ${consignmentNo} again: this page shows the outcome once Shopify has answered.` });
};

export default function Returns() {
  const view = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params, setParams] = useSearchParams();
  const dates = useDates();
  const change = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("page");
    setParams(next);
  };
  const pageUrl = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next}`;
  };
  const statusLabel = (code: string) => view.statuses.find((status) => status.code === code)?.label ?? code;
  const filters: FilterInterface[] = [
    {
      key: "status",
      label: "SEKO status",
      filter: (
        <ChoiceList
          title="SEKO status"
          titleHidden
          choices={view.statuses.map((status) => ({ label: status.label, value: status.code }))}
          selected={view.filter.status ? [view.filter.status] : []}
          onChange={(selected) => change("status", selected[0])}
        />
      ),
      pinned: true,
    },
    {
      key: "country",
      label: "Country",
      filter: view.countries.length ? (
        <ChoiceList
          title="Country"
          titleHidden
          choices={view.countries.map((country) => ({ label: country, value: country }))}
          selected={view.filter.country ? [view.filter.country] : []}
          onChange={(selected) => change("country", selected[0])}
        />
      ) : (
        <Text as="p">No return has an order with a known country yet.</Text>
      ),
      pinned: true,
    },
    {
      key: "stuck",
      label: "Stuck",
      filter: (
        <ChoiceList
          title="Stuck"
          titleHidden
          allowMultiple
          choices={[{ label: `No news for ${view.stuckDays} days`, value: "1" }]}
          selected={view.filter.stuck ? ["1"] : []}
          onChange={(selected) => change("stuck", selected[0])}
        />
      ),
      pinned: true,
    },
    {
      key: "attention",
      label: "Needs attention",
      filter: (
        <ChoiceList
          title="Needs attention"
          titleHidden
          allowMultiple
          choices={[{ label: "Not matched or failed in Shopify", value: "1" }]}
          selected={view.filter.attention ? ["1"] : []}
          onChange={(selected) => change("attention", selected[0])}
        />
      ),
      pinned: true,
    },
  ];
  const applied = [
    view.filter.status ? { key: "status", label: `SEKO status: ${statusLabel(view.filter.status)}`, onRemove: () => change("status", undefined) } : null,
    view.filter.country ? { key: "country", label: `Country: ${view.filter.country}`, onRemove: () => change("country", undefined) } : null,
    view.filter.stuck ? { key: "stuck", label: `No news for ${view.stuckDays} days`, onRemove: () => change("stuck", undefined) } : null,
    view.filter.attention ? { key: "attention", label: "Needs attention", onRemove: () => change("attention", undefined) } : null,
  ].filter((item) => item !== null);
  const filtered = applied.length > 0;
  return (
    <Page title="Returns">
      <TitleBar title="Returns" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p">
              {`Live SEKO returns (test returns are never listed), with SEKO's status and ${view.enabled ? "the return in Shopify" : "Shopify's side: Off"}. `}
              <Link url="/app/settings">{view.enabled ? "Returns in Shopify settings" : "Turn on Returns in Shopify in Settings"}</Link>
            </Text>
            {reply ? <Banner tone={reply.ok ? "success" : "critical"} title={reply.message} /> : null}
            <Card padding="0">
              <Filters
                queryValue=""
                hideQueryField
                onQueryChange={() => undefined}
                onQueryClear={() => undefined}
                filters={filters}
                appliedFilters={applied}
                onClearAll={() => setParams(new URLSearchParams())}
              />
              {view.rows.length ? (
                <ReturnsTable rows={view.rows} sekoTime={dates.sekoTime} />
              ) : (
                <Box padding="600">
                  <BlockStack gap="200" inlineAlign="center">
                    <Text as="h2" variant="headingMd">
                      {filtered ? "No returns match these filters" : "No live returns yet"}
                    </Text>
                    <Text as="p" tone="subdued">
                      {filtered ? "Remove a filter to see more returns." : "Returns your customers start in SEKO's portal appear here as soon as SEKO sends their first status."}
                    </Text>
                    {filtered ? <Button onClick={() => setParams(new URLSearchParams())}>Clear filters</Button> : null}
                  </BlockStack>
                </Box>
              )}
            </Card>
            <InlineStack align="space-between" blockAlign="center">
              <Text as="p" tone="subdued">
                {`${view.total} ${view.total === 1 ? "return" : "returns"}${filtered ? " match" : ""} · page ${view.page} of ${view.pages}`}
              </Text>
              <Pagination
                hasPrevious={view.page > 1}
                previousURL={view.page > 1 ? pageUrl(view.page - 1) : undefined}
                hasNext={view.page < view.pages}
                nextURL={view.page < view.pages ? pageUrl(view.page + 1) : undefined}
                accessibilityLabels={{ previous: "Previous page of returns", next: "Next page of returns" }}
              />
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function ReturnsTable({ rows, sekoTime }: { rows: ReturnsPageRow[]; sekoTime: (value: string | null) => string }) {
  const retrying = useNavigation().formData?.get("consignmentNo");
  return (
    <LabelledDataTable
      label="Live returns"
      columnContentTypes={["text", "text", "text", "text", "text", "text"]}
      headings={["Consignment", "Order", "Country", "SEKO status", "Last event", "In Shopify"]}
      rows={rows.map((row) => [
        row.consignmentNo,
        row.orderUrl ? (
          <Link url={row.orderUrl} accessibilityLabel={`Order ${row.order ?? ""} in Shopify`}>
            {row.order ?? "Order"}
          </Link>
        ) : (
          (row.order ?? "")
        ),
        row.country ?? "",
        row.seko,
        sekoTime(row.lastEventAt),
        <BlockStack key={row.consignmentNo} gap="100">
          <Text as="span">{row.shopify}</Text>
          {row.reason ? (
            <Text as="span" tone={row.attention ? "critical" : "subdued"}>
              {row.reason}
            </Text>
          ) : null}
          {row.attention ? (
            <Form method="post">
              <input type="hidden" name="intent" value="retry" />
              <input type="hidden" name="consignmentNo" value={row.consignmentNo} />
              <Button submit size="slim" loading={retrying === row.consignmentNo} accessibilityLabel={`Retry ${row.consignmentNo}`}>
                Retry
              </Button>
            </Form>
          ) : null}
        </BlockStack>,
      ])}
    />
  );
}
