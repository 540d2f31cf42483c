import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { ONBOARDING_FORM } from "~/forms/questions";
import { CodeListsContext } from "./code-lists";
import { FeeEditor } from "./FeeEditor";

const feesQuestion = ONBOARDING_FORM.sections.flatMap((section) => section.questions).find((question) => question.type === "country-fees")!;

/** The fee editor as step 1 renders it: inside the code lists its loader sent. */
function render(currencies: string[], countries = [{ value: "AU", label: "Australia" }]) {
  const lists = { currency: currencies.map((code) => ({ value: code, label: code })), country: countries };
  return renderToStaticMarkup(
    <AppProvider i18n={en}>
      <CodeListsContext.Provider value={lists}>
        <FeeEditor question={feesQuestion} rows={[{ country: "AU", offered: true, paidBy: "customer", amount: "5", currency: "AUD" }]} onChange={() => {}} errors={undefined} />
      </CodeListsContext.Provider>
    </AppProvider>,
  );
}

test("the customer-paid fee's currency options are the loader's list, not this runtime's, so the server and the browser render the same options", () => {
  const html = render(["AUD", "NZD"]);
  const options = [...html.matchAll(/<option value="([A-Z]{3})"/g)].map((match) => match[1]);
  // Every runtime knows dozens of currencies; only the two sent may be offered.
  expect(options).toEqual(["AUD", "NZD"]);
});

test("country names come from the loader's list too, so a name the two runtimes spell differently cannot differ", () => {
  const html = render(["AUD"], [{ value: "AU", label: "Australia (as the server names it)" }]);
  expect(html).toContain("Australia (as the server names it)");
});
