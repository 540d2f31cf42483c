import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { roleLabel } from "~/team/members";
import type { MemberView } from "~/team/members.server";

const STATUS: Record<MemberView["status"], [string, "info" | "success" | undefined]> = {
  draft: ["Not requested yet", undefined],
  requested: ["Requested", "info"],
  created: ["Created", "success"],
};

/** One person on the team list: their roles, where their login stands, and what can be done next. */
export function MemberRow({ member }: { member: MemberView }) {
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
