import { useNavigation } from "@remix-run/react";

/** Whether this page's form for `intent` (and `system`, when named) is being submitted now. */
export function useBusy(intent: string, system?: string) {
  const navigation = useNavigation();
  return navigation.state === "submitting" && navigation.formData?.get("intent") === intent && (system === undefined || navigation.formData?.get("system") === system);
}
