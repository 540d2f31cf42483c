import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { ensureJobRunner } from "~/job-handlers.server";
import { queueLiveReturns } from "~/returns/mirror.server";
import { applyMirrorSettings, mirrorSettingsForm } from "~/returns/mirror-settings.server";
import { SEKO_SYSTEM_NAMES } from "~/seko/config";
import { connect, credentialInput, disconnect, recheck, saveSekoSettings, settingsInput } from "~/seko/connection.server";
import { rotateTrackingCredentials } from "~/seko/tracking-receiver.server";
import type { AdminGraphql } from "~/shopify/admin.server";
import { firstErrorByField, unknownIntent } from "~/utils/form.server";

/**
 * What the Settings page's forms get back. A refusal carries conform's reply (`result`, which the
 * cards read through `fieldError`) and the same errors as one message per field (`fieldErrors`).
 */
export type SettingsAnswer =
  | { intent: string; ok: true; message: string; password?: string; username?: string; url?: string; system?: string }
  | { intent: string; ok: false; message: string; result?: SubmissionResult<string[]>; fieldErrors?: Record<string, string>; system?: string };

const systemAndEnvironment = z.object({
  system: z.enum(["omniparcel", "omnireturns", "omnirps"]),
  environment: z.enum(["test", "production"]),
});

/** Keys never travel back to the browser, not even in the reply that redisplays a refused form. */
const SECRET_FIELDS = ["accessKey", "token"];

function refused(intent: string, message: string, result: SubmissionResult<string[]>, system?: string): SettingsAnswer {
  return { intent, ...(system === undefined ? {} : { system }), ok: false, message, result, fieldErrors: firstErrorByField(result) };
}

/** A feature's refusals (one message per field) as conform's reply takes them. */
function listed(fieldErrors: Record<string, string | undefined>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(fieldErrors).flatMap(([field, message]) => (message ? [[field, [message]]] : [])));
}

/** `by`: who did it, for the activity log each change records; `graphql`: the shop's Admin API, for what only Shopify can confirm. */
export async function settingsAction(shop: string, by: string, body: FormData, graphql: AdminGraphql): Promise<SettingsAnswer> {
  const intent = String(body.get("intent") ?? "");
  switch (intent) {
    case "connect": {
      // Answered in the card of the system concerned, at the field SEKO refused when it refused a key.
      const system = String(body.get("system") ?? "");
      const submission = parseWithZod(body, { schema: credentialInput });
      if (submission.status !== "success") return refused(intent, "Check the highlighted fields.", submission.reply({ hideFields: SECRET_FIELDS }), system);
      const result = await connect(shop, submission.value, by);
      const name = SEKO_SYSTEM_NAMES[submission.value.system];
      if (!result.ok) {
        if (!result.fieldErrors) return { intent, system, ok: false, message: result.error.message };
        const reply = submission.reply({ fieldErrors: listed(result.fieldErrors), hideFields: SECRET_FIELDS });
        return refused(intent, `${name} did not accept the key.`, reply, system);
      }
      return { intent, system, ok: true, message: `${name} connected.` };
    }
    case "recheck":
    case "disconnect": {
      const submission = parseWithZod(body, { schema: systemAndEnvironment });
      if (submission.status !== "success") throw new Response("Unknown connection: name a SEKO system and environment", { status: 400 });
      const { system, environment } = submission.value;
      if (intent === "disconnect") {
        await disconnect(shop, system, environment, by);
        return { intent, ok: true, message: `${SEKO_SYSTEM_NAMES[system]} (${environment}) removed.` };
      }
      const result = await recheck(shop, system, environment, by);
      if (!result) return { intent, ok: false, message: "That connection no longer exists." };
      return result.ok ? { intent, ok: true, message: `${SEKO_SYSTEM_NAMES[system]} is connected.` } : { intent, ok: false, message: result.error.message };
    }
    case "save-settings": {
      const submission = parseWithZod(body, { schema: settingsInput });
      if (submission.status !== "success") return refused(intent, "Check the highlighted fields.", submission.reply());
      const saved = await saveSekoSettings(shop, submission.value, by);
      if (!saved.ok) return refused(intent, "Check the highlighted fields.", submission.reply({ fieldErrors: listed(saved.fieldErrors) }));
      return { intent, ok: true, message: "Connection settings saved." };
    }
    case "rotate-tracking": {
      const credentials = await rotateTrackingCredentials(shop, by);
      return { intent, ok: true, message: "New tracking webhook credentials generated.", ...credentials };
    }
    case "returns-in-shopify": {
      const submission = parseWithZod(body, { schema: mirrorSettingsForm });
      if (submission.status !== "success") return refused(intent, "Check the highlighted fields.", submission.reply());
      const saved = await applyMirrorSettings(shop, graphql, submission.value, by);
      if (!saved.ok) return refused(intent, Object.values(saved.fieldErrors)[0]!, submission.reply({ fieldErrors: listed(saved.fieldErrors) }));
      if (!saved.settings.enabled) return { intent, ok: true, message: "Returns in Shopify is off: nothing more is written into Shopify." };
      // Returns SEKO reported before it was on are written too (docs/returns-in-shopify.md).
      const earlier = await queueLiveReturns(shop);
      if (earlier) ensureJobRunner();
      const also = earlier ? ` ${earlier} ${earlier === 1 ? "return" : "returns"} SEKO reported earlier ${earlier === 1 ? "is" : "are"} being written now.` : "";
      return { intent, ok: true, message: `Returns in Shopify is on: SEKO's live returns are written into Shopify.${also}` };
    }
    default:
      return unknownIntent(intent);
  }
}
