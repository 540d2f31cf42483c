import { createContext, useContext, type ReactNode } from "react";
import { DEFAULT_DATE_SETTING, formatDate, formatDateRange, formatSekoTime, type DateSetting, type DateShown } from "~/utils/format-date";

const DateSettingContext = createContext<DateSetting>(DEFAULT_DATE_SETTING);

/** Gives every page below it the locale and time zone app/routes/app.tsx read for the shop. */
export function DateSettingProvider({ setting, children }: { setting: DateSetting; children: ReactNode }) {
  return <DateSettingContext.Provider value={setting}>{children}</DateSettingContext.Provider>;
}

/** formatDate and formatDateRange in the app's one locale and time zone, for components. */
export function useDates() {
  const setting = useContext(DateSettingContext);
  return {
    setting,
    date: (value: string | Date | null | undefined, shown: DateShown = "date-time") => formatDate(value, shown, setting),
    range: (start: string | Date, end: string | Date) => formatDateRange(start, end, setting),
    /** A time as SEKO reported it (the hub's local time), in the app's locale and without a zone. */
    sekoTime: (value: string | null | undefined) => formatSekoTime(value, setting),
  };
}
