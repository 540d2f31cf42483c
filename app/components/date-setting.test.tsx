import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { buildGuide, type StepFact } from "~/guide/progress";
import { STEPS, type StepId } from "~/guide/steps";
import type { DateSetting } from "~/utils/format-date";
import { DateSettingProvider } from "./date-setting";
import { SetupGuide } from "./SetupGuide";

const everyStepDone = Object.fromEntries(STEPS.map((step) => [step.id, { status: "done" }])) as Record<StepId, StepFact>;

/** Home's setup guide as the app layout (app/routes/app.tsx) hands it a date setting, or none. */
function render(setting?: DateSetting) {
  const guide = <SetupGuide guide={buildGuide({ ...everyStepDone, "go-live": { status: "waiting_on_seko", since: "2026-12-05T23:40:00.000Z" } })} />;
  return renderToStaticMarkup(<AppProvider i18n={en}>{setting ? <DateSettingProvider setting={setting}>{guide}</DateSettingProvider> : guide}</AppProvider>);
}

test("the page writes dates in the setting the app layout passes down, in its time zone", () => {
  const html = render({ locale: "de", timeZone: "Europe/Berlin" });
  expect(html).toContain("Waiting on SEKO since 6. Dez. 2026.");
  expect(html).not.toContain("2026-12-05");
});

test("without a setting the page writes the app's default (en-GB, UTC), never the runtime's own", () => {
  const html = render();
  expect(html).toContain("Waiting on SEKO since 5 Dec 2026.");
});
