import { Form } from "@remix-run/react";
import { Button, Card, FormLayout, InlineStack, Select } from "@shopify/polaris";
import { useState } from "react";
import { fieldError } from "~/components/form-errors";
import { FormTextField } from "~/components/FormTextField";
import { SEKO_SYSTEM_NAMES, type SekoEnvironment } from "~/seko/config";
import { SEKO_DOMAINS } from "~/seko/hosts";
import type { SettingsAnswer } from "./actions.server";
import { useBusy } from "./use-busy";

/** The SEKO environment the keys are for, and the host and header overrides SEKO may ask for. */
export function EnvironmentCard({ environment, overrides, answer }: { environment: SekoEnvironment; overrides: Record<string, string>; answer: SettingsAnswer | undefined }) {
  const [value, setValue] = useState<string>(environment);
  const [advanced, setAdvanced] = useState(false);
  const result = answer && !answer.ok && answer.intent === "save-settings" ? answer.result : undefined;
  const busy = useBusy("save-settings");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="save-settings" />
        <FormLayout>
          <Select
            label="SEKO environment"
            name="environment"
            options={[
              { label: "Test (SEKO's test and staging hosts)", value: "test" },
              { label: "Production", value: "production" },
            ]}
            value={value}
            onChange={setValue}
            helpText="Keys are kept per environment; switch to production when SEKO says your live accounts are ready."
          />
          <Button variant="plain" onClick={() => setAdvanced(!advanced)} ariaExpanded={advanced} ariaControls="seko-advanced">
            {advanced ? "Hide host and header overrides" : "Host and header overrides (only if SEKO asks)"}
          </Button>
          {advanced ? (
            <div id="seko-advanced">
              <FormLayout>
                {(["omnireturns", "omnirps", "omniparcel"] as const).map((system) => (
                  <FormLayout.Group key={system}>
                    <FormTextField
                      label={`${SEKO_SYSTEM_NAMES[system]} base URL`}
                      name={`${system}BaseUrl`}
                      initialValue={overrides[`${system}BaseUrl`]}
                      autoComplete="off"
                      helpText={`https:// on ${SEKO_DOMAINS.join(", ")} or their subdomains`}
                      error={fieldError(result, `${system}BaseUrl`)}
                    />
                    <FormTextField
                      label={`${SEKO_SYSTEM_NAMES[system]} key header`}
                      name={`${system}AuthHeader`}
                      initialValue={overrides[`${system}AuthHeader`]}
                      autoComplete="off"
                      error={fieldError(result, `${system}AuthHeader`)}
                    />
                  </FormLayout.Group>
                ))}
              </FormLayout>
            </div>
          ) : null}
          <InlineStack align="end">
            <Button submit loading={busy}>
              Save connection settings
            </Button>
          </InlineStack>
        </FormLayout>
      </Form>
    </Card>
  );
}
