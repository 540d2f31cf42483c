import { createContext, useContext } from "react";
import type { CodeLists } from "~/forms/validation";

/** The currency and country options the page's loader sent (app/forms/validation.ts `codeLists`). */
export const CodeListsContext = createContext<CodeLists | null>(null);

export function useCodeList(kind: keyof CodeLists): CodeLists[keyof CodeLists] {
  const lists = useContext(CodeListsContext);
  if (!lists) throw new Error("A questionnaire renders inside CodeListsContext: its loader sends the code lists");
  return lists[kind];
}
