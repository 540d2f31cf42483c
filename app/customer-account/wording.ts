/**
 * The customer-account extension's own English words (its default locale file), so the admin's
 * preview of the return-status block says exactly what a customer reading English would see.
 */
import en from "../../extensions/customer-account-returns/locales/en.default.json";
import type { ReturnStatusCode } from "~/seko/return-statuses";

function fill(template: string, values: Record<string, string>) {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

export const statusBlockWords = {
  heading: en.status.heading,
  code: (code: ReturnStatusCode) => en.status.code[code],
  /** SEKO's local "YYYY-MM-DD HH:mm:ss" as the block words it: the day, in long form (as StatusBlock.tsx does). */
  updated: (lastEventAt: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(lastEventAt);
    if (!match) return null;
    const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
    return fill(en.status.updated, { date: new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(day) });
  },
  trackingNumber: (number: string) => fill(en.status.tracking_number, { number }),
};
