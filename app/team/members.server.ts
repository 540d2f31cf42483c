/**
 * Step 6: team members who need SEKO logins. Each is added as a draft,
 * requested from SEKO (delivered like the forms), then marked created when
 * SEKO's "your account exists" email arrives.
 */
import { db } from "~/utils/db.server";
import { recordActivity } from "~/utils/activity.server";
import { createSubmission } from "~/outbox/submissions.server";
import { DUPLICATE_MEMBER, roleLabel, type MemberStatus, type TeamMemberInput } from "./members";

export type MemberView = {
  id: string;
  name: string;
  email: string;
  omniReturnsRole: string | null;
  omniRpsRole: string | null;
  timeZone: string;
  status: MemberStatus;
  requestedAt: string | null;
  createdInSekoAt: string | null;
};

export async function listMembers(shop: string): Promise<MemberView[]> {
  const rows = await db.teamMemberRequest.findMany({ where: { shop }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    omniReturnsRole: row.omniReturnsRole,
    omniRpsRole: row.omniRpsRole,
    timeZone: row.timeZone,
    status: row.status as MemberStatus,
    requestedAt: row.requestedAt?.toISOString() ?? null,
    createdInSekoAt: row.createdInSekoAt?.toISOString() ?? null,
  }));
}

export type AddResult = { ok: true } | { ok: false; field: "email"; message: string };

export async function addMember(shop: string, input: TeamMemberInput, actor: string): Promise<AddResult> {
  const email = input.email.toLowerCase();
  const existing = await db.teamMemberRequest.findUnique({ where: { shop_email: { shop, email } } });
  if (existing) return { ok: false, field: "email", message: DUPLICATE_MEMBER };
  await db.teamMemberRequest.create({
    data: {
      shop,
      name: input.name,
      email,
      omniReturnsRole: input.omniReturnsRole ?? null,
      omniRpsRole: input.omniRpsRole ?? null,
      timeZone: input.timeZone,
      addedBy: actor,
    },
  });
  await recordActivity(shop, { kind: "onboarding", actor, action: "Added a team member", detail: input.name });
  return { ok: true };
}

/** Only drafts can be removed: SEKO already has the requested ones. */
export async function removeMember(shop: string, id: string, actor: string) {
  const member = await db.teamMemberRequest.findFirst({ where: { id, shop, status: "draft" } });
  if (!member) return false;
  await db.teamMemberRequest.delete({ where: { id: member.id } });
  await recordActivity(shop, { kind: "onboarding", actor, action: "Removed a team member", detail: member.name });
  return true;
}

export async function requestAccess(shop: string, actor: string) {
  const drafts = await db.teamMemberRequest.findMany({ where: { shop, status: "draft" }, orderBy: { createdAt: "asc" } });
  if (drafts.length === 0) return { ok: false as const, message: "Add at least one team member first" };
  const requestedAt = new Date();
  await db.teamMemberRequest.updateMany({ where: { shop, id: { in: drafts.map((member) => member.id) } }, data: { status: "requested", requestedAt } });
  const members = drafts.map((member) => ({
    name: member.name,
    email: member.email,
    omniReturns: member.omniReturnsRole ? roleLabel(member.omniReturnsRole) : null,
    omniRps: member.omniRpsRole ? roleLabel(member.omniRpsRole) : null,
    timeZone: member.timeZone,
  }));
  const result = await createSubmission(shop, "system-access", actor, () => ({
    schema: "seko-returns-system-access/1",
    documentName: "System access request",
    members,
    summaryText: [
      "Please create these OmniReturns / OmniRPS users:",
      ...members.map((member) => `  ${member.name} <${member.email}>: OmniReturns ${member.omniReturns ?? "no access"}; OmniRPS ${member.omniRps ?? "no access"}; time zone ${member.timeZone}`),
    ].join("\n"),
  }));
  await recordActivity(shop, { kind: "onboarding", actor, action: "Requested SEKO logins", detail: members.map((member) => member.name).join(", ") });
  return { ok: true as const, delivered: result.status === "sent", count: members.length };
}

export async function markCreated(shop: string, id: string, actor: string) {
  const member = await db.teamMemberRequest.findFirst({ where: { id, shop, status: "requested" } });
  if (!member) return false;
  await db.teamMemberRequest.update({ where: { id: member.id }, data: { status: "created", createdInSekoAt: new Date() } });
  await recordActivity(shop, { kind: "onboarding", actor, action: "Confirmed a SEKO login was created", detail: member.name });
  return true;
}
