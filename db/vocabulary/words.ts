/**
 * Times, days and lists in plain English, shared by pages and the demo seed (no data access):
 * "TU,TH" → "Tuesdays and Thursdays", "12:30" → "12:30pm", ["a", "b", "c"] → "a, b and c".
 */

const dayNames: Record<string, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};
/** Day codes in week order, Monday first. */
export const dayCodes = Object.keys(dayNames);
const ordinals: Record<string, string> = { "1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last" };

/** "TU,TH" → "Tuesdays and Thursdays"; "1MO" → "the first Monday of the month". */
export function describeDays(byday: string | null | undefined): string | null {
  if (!byday) return null;
  const parts = byday
    .split(",")
    .map((part) => part.trim().toUpperCase())
    .map((part) => {
      const match = /^(-?\d)?([A-Z]{2})$/.exec(part);
      if (!match || !dayNames[match[2]!]) return null;
      const [, nth, day] = match;
      return nth ? `the ${ordinals[nth] ?? nth} ${dayNames[day!]} of the month` : `${dayNames[day!]}s`;
    });
  if (parts.some((part) => part === null)) return byday;
  return joinWithAnd(parts as string[]);
}

/** "10:00:00" → "10am"; "12:30" → "12:30pm"; "12:00" → "12 noon". */
export function formatTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const [hourText, minuteText = "00"] = value.split(":");
  const hour = Number(hourText);
  const minute = Number(minuteText);
  if (!Number.isFinite(hour) || !Number.isFinite(minute)) return value;
  if (hour === 12 && minute === 0) return "12 noon";
  if (hour === 0 && minute === 0) return "midnight";
  const suffix = hour < 12 ? "am" : "pm";
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${twelve}${suffix}` : `${twelve}:${String(minute).padStart(2, "0")}${suffix}`;
}

export function joinWithAnd(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
