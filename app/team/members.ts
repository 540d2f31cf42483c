/**
 * System access (step 6): the people who need OmniReturns or OmniRPS logins,
 * and the roles SEKO offers (docs/seko.md 3). Pure, shared by server and browser.
 */
import { z } from "zod";

export const OMNIRETURNS_ROLES = [
  { value: "retailer-manager", label: "Retailer Manager" },
  { value: "retailer-standard", label: "Retailer Standard" },
] as const;

export const OMNIRPS_ROLES = [
  { value: "retailer-admin", label: "Retailer Admin" },
  { value: "retailer-user", label: "Retailer User" },
] as const;

/** The add-member error the page clears once the person is no longer listed. */
export const DUPLICATE_MEMBER = "This person is already on the list";

export type MemberStatus = "draft" | "requested" | "created";

export function roleLabel(value: string | null | undefined): string {
  return [...OMNIRETURNS_ROLES, ...OMNIRPS_ROLES].find((role) => role.value === value)?.label ?? "No access";
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const noAccess = z.literal("none").transform(() => undefined);

export const teamMemberSchema = z
  .object({
    name: z.string({ error: "Enter the person's name" }).trim().min(1, "Enter the person's name").max(200),
    email: z.email({ error: "Enter an email address like name@example.com" }),
    omniReturnsRole: z.union([noAccess, z.enum(["retailer-manager", "retailer-standard"])]).optional(),
    omniRpsRole: z.union([noAccess, z.enum(["retailer-admin", "retailer-user"])]).optional(),
    timeZone: z.string({ error: "Choose a time zone" }).refine(isTimeZone, "Choose a time zone such as Pacific/Auckland"),
  })
  .superRefine((member, context) => {
    if (!member.omniReturnsRole && !member.omniRpsRole) {
      context.addIssue({ code: "custom", path: ["omniReturnsRole"], message: "Give access to OmniReturns, OmniRPS or both" });
    }
  });

export type TeamMemberInput = z.infer<typeof teamMemberSchema>;
