import { loadFormState } from "~/forms/form-state.server";
import { returnSettings, type ReturnSettings } from "./return-settings";

/** The shop's return settings as step 1 saved them. */
export async function loadReturnSettings(shop: string): Promise<ReturnSettings> {
  return returnSettings(await loadFormState(shop, "onboarding"));
}
