import { Form, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, ChoiceList, InlineStack, Select, Text } from "@shopify/polaris";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { fieldError } from "~/components/form-errors";
import { typedBeforeHydration } from "~/components/use-typed-before-hydration";
import { RETURN_STATUSES } from "~/seko/return-statuses";
import type { SettingsAnswer } from "./actions.server";
import { useBusy } from "./use-busy";

export const RETURNS_IN_SHOPIFY_INTENT = "returns-in-shopify";

type OnDelivered = "leave" | "restock" | "refund";

export type ReturnsInShopifyView = {
  enabled: boolean;
  onDelivered: OnDelivered;
  restockLocationId: string | null;
  /** The optional scope turning it on needs, and whether Shopify grants it now. */
  scope: string;
  granted: boolean;
  /** The shop's active locations; null when Shopify could not be asked. */
  locations: { id: string; name: string; place: string | null }[] | null;
};

type AppBridgeScopes = { scopes?: { request(scopes: string[]): Promise<unknown> } };

/**
 * Settings' "Returns in Shopify": whether SEKO's live returns are written into Shopify, and what the
 * app does when a parcel is back. Turning it on asks Shopify for the returns scope through App Bridge
 * first (like step 5's access card, app/components/integration/AccessCard.tsx); the server reads the
 * grant again before it saves (app/returns/mirror-settings.server.ts). Native controls, so the form
 * also posts before the page is hydrated, and what was chosen before hydration is kept.
 */
export function ReturnsInShopifyCard({ view, answer }: { view: ReturnsInShopifyView; answer: SettingsAnswer | undefined }) {
  const locations = view.locations ?? [];
  const [enabled, setEnabled] = useState(view.enabled);
  const [onDelivered, setOnDelivered] = useState<OnDelivered>(view.onDelivered);
  const [locationId, setLocationId] = useState(view.restockLocationId ?? locations[0]?.id ?? "");
  const [declined, setDeclined] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  const busy = useBusy(RETURNS_IN_SHOPIFY_INTENT);
  const mine = answer?.intent === RETURNS_IN_SHOPIFY_INTENT ? answer : undefined;
  const result = mine && !mine.ok ? mine.result : undefined;

  // Chosen before hydration (a click on a native control the server rendered) stays chosen (../../components/use-typed-before-hydration.ts).
  const rendered = useRef({ enabled: view.enabled ? "on" : "", onDelivered: view.onDelivered, restockLocationId: locationId });
  useEffect(() => {
    if (!form.current) return;
    const data = new FormData(form.current);
    const typed = typedBeforeHydration(rendered.current, {
      enabled: String(data.get("enabled") ?? ""),
      onDelivered: String(data.get("onDelivered") ?? ""),
      restockLocationId: String(data.get("restockLocationId") ?? ""),
    });
    if ("enabled" in typed) setEnabled(typed.enabled === "on");
    if (typed.onDelivered === "leave" || typed.onDelivered === "restock" || typed.onDelivered === "refund") setOnDelivered(typed.onDelivered);
    if (typed.restockLocationId) setLocationId(typed.restockLocationId);
  }, []);

  // Turning it on without the scope: ask Shopify first, then post; the server checks the grant again.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    setDeclined(null);
    if (!enabled || view.granted) return;
    event.preventDefault();
    const target = event.currentTarget;
    void (async () => {
      const bridge = (window as unknown as { shopify?: AppBridgeScopes }).shopify;
      if (!bridge?.scopes) return setDeclined("Shopify can be asked for access only inside Shopify admin: open the app there and save again.");
      try {
        const reply = (await bridge.scopes.request([view.scope])) as { result?: string } | undefined;
        if (reply?.result === "declined-all") {
          setEnabled(false);
          return setDeclined("Access to returns was not granted, so the setting stays off. To turn it on, check the box, save and allow access when Shopify asks.");
        }
        submit(target, { method: "post" });
      } catch {
        setDeclined("Shopify did not answer the request for access: nothing was saved. Try again.");
      }
    })();
  };

  return (
    <Card>
      <Form method="post" ref={form} onSubmit={onSubmit}>
        <input type="hidden" name="intent" value={RETURNS_IN_SHOPIFY_INTENT} />
        <BlockStack gap="400">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Returns in Shopify
            </Text>
            <Badge tone={view.enabled ? "success" : undefined}>{view.enabled ? "On" : "Off"}</Badge>
          </InlineStack>
          {mine ? <Banner tone={mine.ok ? "success" : "critical"} title={mine.message} /> : null}
          {declined ? (
            <Banner tone="warning" title="Still off">
              <Text as="p">{declined}</Text>
            </Banner>
          ) : null}
          <Checkbox
            label="Show SEKO returns in Shopify"
            name="enabled"
            value="on"
            checked={enabled}
            onChange={setEnabled}
            error={fieldError(result, "enabled")}
            helpText={`Each live SEKO return is added to its Shopify order as a return, with SEKO's tracking, so your team, Shopify's reports and the customer's account see it (test returns never are). ${
              view.granted ? "Shopify already grants the app access to returns." : "Shopify asks you to allow the app access to returns when you turn this on."
            }`}
          />
          <ChoiceList
            title="When a parcel is back with you"
            name="onDelivered"
            choices={[
              { label: "Leave it for your staff (default)", value: "leave", helpText: "The return stays open in Shopify until your team restocks, refunds or closes it." },
              {
                label: "Mark the items received and restock them at a location",
                value: "restock",
                renderChildren: () => (
                  <Select
                    label="Restock at"
                    name="restockLocationId"
                    options={locations.map((location) => ({ label: location.place ? `${location.name} (${location.place})` : location.name, value: location.id }))}
                    value={locationId}
                    onChange={setLocationId}
                    placeholder={locations.length ? undefined : "No active location"}
                    disabled={!locations.length}
                    error={fieldError(result, "restockLocationId")}
                    helpText={view.locations ? "Your active Shopify locations." : "Shopify did not list your locations just now: reload the page to choose one."}
                  />
                ),
              },
              { label: "Process the return and refund the original payment", value: "refund", helpText: "The app issues the refund itself, without anyone checking the items first." },
            ]}
            selected={[onDelivered]}
            onChange={(selected) => setOnDelivered((selected[0] as OnDelivered | undefined) ?? "leave")}
            error={fieldError(result, "onDelivered")}
          />
          {onDelivered === "refund" ? (
            <Banner tone="warning" title="The app will issue refunds">
              <Text as="p">
                When SEKO delivers a parcel back, the app processes the return in Shopify and refunds the returned items to the customer&apos;s original payment. Choose this only if you do not need to
                inspect returns before refunding.
              </Text>
            </Banner>
          ) : null}
          <Text as="p" tone="subdued">
            A rejected return (SEKO&apos;s {RETURN_STATUSES.RR.label}) is always left open in Shopify with SEKO&apos;s reason, for your staff to decline or close. Restocking or refunding applies to
            parcels delivered back after you save it: those already back are left for your staff, who may have handled them by hand.
          </Text>
          <InlineStack align="end">
            <Button submit variant="primary" loading={busy}>
              Save returns in Shopify
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
