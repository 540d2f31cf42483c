/**
 * The countries customers can return from, each with who pays for the label
 * (and how much, when the customer does), posted as `<question>[i].<field>`
 * for the offered countries only.
 */
import { BlockStack, Box, Checkbox, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { countryName } from "~/forms/answers";
import type { Question } from "~/forms/questions";
import { useCodeList } from "./code-lists";
import type { FeeUi } from "./ui-state";

export function FeeEditor({
  question,
  rows,
  onChange,
  errors,
  error,
}: {
  question: Question;
  rows: FeeUi[];
  onChange(rows: FeeUi[]): void;
  errors: Record<string, string[]> | undefined;
  error?: string;
}) {
  // The loader's list, never this runtime's: Node and the browser know different currencies, and differing options fail hydration.
  const currencies = useCodeList("currency").map((option) => option.value);
  const countryNames = new Map(useCodeList("country").map((option) => [option.value, option.label]));
  const update = (index: number, patch: Partial<FeeUi>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  let offeredIndex = -1;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {question.label}
      </Text>
      <Text as="p" tone="subdued" variant="bodySm">
        Tick each country customers can return from, then say who pays for the label. Countries come from where your store ships.
      </Text>
      {error ? (
        <Text as="p" tone="critical">
          {error}
        </Text>
      ) : null}
      {rows.map((row, index) => {
        const name = countryNames.get(row.country) ?? countryName(row.country);
        if (row.offered) offeredIndex += 1;
        const at = row.offered ? offeredIndex : -1;
        const fieldError = (field: string) => (at >= 0 ? errors?.[`${question.id}[${at}].${field}`]?.[0] : undefined);
        return (
          <Box key={row.country} paddingBlockEnd="100">
            <InlineGrid columns={{ xs: 1, md: ["oneThird", "oneThird", "oneThird"] }} gap="200" alignItems="start">
              <Checkbox label={`Returns from ${name}`} checked={row.offered} onChange={(checked) => update(index, { offered: checked })} />
              {row.offered ? (
                <>
                  <Select
                    label={`Label for ${name} paid by`}
                    labelHidden
                    options={[
                      { label: "Retailer (free for the customer)", value: "retailer" },
                      { label: "Customer", value: "customer" },
                    ]}
                    value={row.paidBy}
                    onChange={(paidBy) => update(index, { paidBy })}
                    error={fieldError("paidBy")}
                  />
                  {row.paidBy === "customer" ? (
                    <InlineStack gap="100" wrap={false}>
                      <TextField
                        label={`Amount the customer pays in ${name}`}
                        labelHidden
                        autoComplete="off"
                        inputMode="decimal"
                        placeholder="Amount"
                        value={row.amount}
                        onChange={(amount) => update(index, { amount })}
                        error={fieldError("amount")}
                      />
                      <Select
                        label={`Currency for ${name}`}
                        labelHidden
                        options={currencies}
                        value={row.currency}
                        onChange={(currency) => update(index, { currency })}
                        error={fieldError("currency")}
                      />
                    </InlineStack>
                  ) : null}
                  <input type="hidden" name={`${question.id}[${at}].country`} value={row.country} />
                  <input type="hidden" name={`${question.id}[${at}].paidBy`} value={row.paidBy} />
                  <input type="hidden" name={`${question.id}[${at}].currency`} value={row.currency} />
                  {row.paidBy === "customer" ? <input type="hidden" name={`${question.id}[${at}].amount`} value={row.amount} /> : null}
                </>
              ) : null}
            </InlineGrid>
          </Box>
        );
      })}
    </BlockStack>
  );
}
