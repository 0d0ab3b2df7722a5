/** The administrators' form for a new unit-cost figure (shared by server and page). */
import { z } from "zod";
import { poundsToPence } from "../../../db/evidence/money";
import { fromDay, isIsoDate, toDay } from "../../../db/calendar";

export const unitCostFormSchema = z
  .object({
    service: z.string({ required_error: "Choose the service" }).trim().min(1, "Choose the service"),
    amount: z
      .string({ required_error: "Enter the amount" })
      .trim()
      .transform((value) => value.replace(/^£/, "").replace(/,/g, ""))
      .superRefine((value, context) => {
        if (value === "") return void context.addIssue({ code: "custom", message: "Enter the amount" });
        if (!/^-?\d+(\.\d{1,2})?$/.test(value)) return void context.addIssue({ code: "custom", message: "Enter the amount in pounds and pence, for example 19.25" });
        if (value.startsWith("-")) return void context.addIssue({ code: "custom", message: "The amount cannot be negative" });
        const pence = poundsToPence(value);
        if (pence === 0) context.addIssue({ code: "custom", message: "The amount must be more than £0" });
        if (pence > 2_000_000_00) context.addIssue({ code: "custom", message: "The amount must be £2,000,000 or less" });
      })
      .transform((value) => poundsToPence(value)),
    priceYear: z
      .string({ required_error: "Enter the price year" })
      .trim()
      .refine((value) => /^\d{4}\/\d{2}$/.test(value), "Enter the price year like 2026/27")
      .refine((value) => !/^\d{4}\/\d{2}$/.test(value) || (Number(value.slice(0, 4)) + 1) % 100 === Number(value.slice(5)), "The price year must be two years in a row, like 2026/27"),
    source: z.string({ required_error: "Say where the figure comes from" }).trim().min(1, "Say where the figure comes from").max(300, "Keep the source to 300 characters or fewer"),
    validFrom: z
      .string({ required_error: "Enter the date the figure starts" })
      .trim()
      .refine(isIsoDate, "Enter the date the figure starts, for example 2027-04-01"),
    validTo: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : null))
      .refine((value) => value === null || isIsoDate(value), "Enter the last day the figure applies, for example 2028-03-31, or leave it empty"),
    notes: z
      .string()
      .trim()
      .max(500, "Keep the notes to 500 characters or fewer")
      .optional()
      .transform((value) => (value ? value : null)),
  })
  .superRefine((value, context) => {
    if (value.validTo && isIsoDate(value.validFrom) && value.validTo < value.validFrom) {
      context.addIssue({ code: "custom", path: ["validTo"], message: "The last day must be on or after the date the figure starts: a figure cannot end before it starts" });
    }
  })
  // The form asks for the last day; the table keeps the day after it (validity is half-open).
  .transform((value) => ({ ...value, validTo: value.validTo ? fromDay(toDay(value.validTo) + 1) : null }));

export function longDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return `${day} ${months[month - 1]} ${year}`;
}
