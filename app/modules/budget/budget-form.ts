/**
 * The budget planner's question: a weekly budget, the needs, where, and (optionally) hours of
 * paid help. A GET form, so the address holds the question and the plan can be printed, shared
 * or handed to a practitioner. Shared by client and server; nothing here is stored.
 */
import { z } from "zod";
import { needs as needTaxonomy } from "../../../db/vocabulary/needs";
import { plannerLimits } from "./planner";

const needCodes = needTaxonomy.map((need) => need.code) as [string, ...string[]];

/** "£150", "150.50", "1,000" → pence; anything else is refused with a reason. */
export function parseWeeklyBudget(typed: string): { pence: number } | { error: string } {
  const text = typed.trim().replace(/^£/, "").replace(/,/g, "").trim();
  if (text === "") return { error: "Enter your weekly budget in pounds, like 150" };
  if (/^[-−]/.test(text)) return { error: "Enter a budget of more than £0 a week" };
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(text)) return { error: "Enter your weekly budget in pounds, like 150 or 150.50" };
  const [pounds, pence = ""] = text.split(".");
  const total = Number(pounds) * 100 + Number(pence.padEnd(2, "0"));
  if (total < plannerLimits.minBudgetPence) return { error: "Enter a budget of more than £0 a week" };
  if (total > plannerLimits.maxBudgetPence) {
    return { error: "Enter a weekly budget of £2,000 or less. Check the amount: it should be what you have each week, not each year" };
  }
  return { pence: total };
}

export const budgetFormSchema = z.object({
  budget: z
    .string()
    .optional()
    .transform((value, context) => {
      const parsed = parseWeeklyBudget(value ?? "");
      if ("error" in parsed) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error });
        return z.NEVER;
      }
      return parsed.pence;
    }),
  need: z
    .array(z.string())
    .transform((values) => values.filter((value): value is (typeof needCodes)[number] => needCodes.includes(value)))
    .pipe(z.array(z.string()).min(1, "Choose at least one thing the support should help with")),
  place: z
    .string()
    .optional()
    .transform((value) => value?.trim() ?? "")
    .pipe(z.string().min(1, "Enter a postcode or a town or village, like CB7 5AA or Soham").max(60, "Enter a postcode or a town or village name of 60 characters or fewer")),
  hours: z
    .string()
    .optional()
    .transform((value) => value?.trim() ?? "")
    .refine((value) => value === "" || /^\d{1,3}$/.test(value), "Enter hours as a whole number, like 6, or leave it empty")
    .transform((value) => (value === "" ? null : Number(value)))
    .refine((value) => value === null || (value >= 1 && value <= plannerLimits.maxHoursWanted), `Enter between 1 and ${plannerLimits.maxHoursWanted} hours a week, or leave it empty`),
});

export type BudgetQuestion = z.output<typeof budgetFormSchema>;

/** The form's raw values from the address: what the page puts back in the boxes. */
export function budgetFormValues(params: URLSearchParams) {
  return {
    budget: (params.get("budget") ?? "").slice(0, 40),
    need: params.getAll("need").slice(0, 20),
    place: (params.get("place") ?? "").slice(0, 60),
    hours: (params.get("hours") ?? "").slice(0, 10),
  };
}
