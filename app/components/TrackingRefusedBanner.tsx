import { Banner, BlockStack, Text } from "@shopify/polaris";
import { useDates } from "./date-setting";
import { DEFAULT_DATE_SETTING, formatDate, type DateSetting } from "~/utils/format-date";

/** SEKO's deliveries to the tracking webhook that the app refused since the last one it accepted (app/seko/tracking-receiver.server.ts). */
export type TrackingRefusalsView = { count: number; reason: string; lastAt: string };

/** The banner's title: how many deliveries, why, and when the last one came (in the app's date setting). */
export function trackingRefusedTitle(refusals: TrackingRefusalsView, dates: DateSetting = DEFAULT_DATE_SETTING) {
  const at = formatDate(refusals.lastAt, "date-time", dates);
  const what = refusals.count === 1 ? "SEKO's last status delivery was refused" : `SEKO's last ${refusals.count} status deliveries were refused`;
  return `${what} (${refusals.reason}), last at ${at}`;
}

/**
 * Shown on Settings, Home and a test return waiting for statuses while SEKO's deliveries are
 * refused: no return status reaches the app, and SEKO turns the webhook off after its retries
 * (docs/seko.md, "OmniRPS tracking webhook"). `settingsUrl`: a link to Settings, where the page is not Settings.
 */
export function TrackingRefusedBanner({ refusals, settingsUrl }: { refusals: TrackingRefusalsView | null; settingsUrl?: string }) {
  const { setting } = useDates();
  if (!refusals) return null;
  const sent = refusals.reason === "no credentials" ? "SEKO sent no username and password with them." : "SEKO sent a username or password that does not match.";
  return (
    <Banner tone="critical" title={trackingRefusedTitle(refusals, setting)} action={settingsUrl ? { content: "Open Settings", url: settingsUrl } : undefined}>
      <BlockStack gap="100">
        <Text as="p">{`${sent} No return status reaches the app until SEKO's deliveries are accepted, and SEKO turns the webhook off after retrying a refused delivery for two days.`}</Text>
        <Text as="p">
          Give SEKO the webhook URL, username and password from Settings (Return tracking webhook) again, for its OmniRPS tracking webhook. If you no longer have the password, rotate the URL and
          credentials there and give SEKO the new ones.
        </Text>
      </BlockStack>
    </Banner>
  );
}
