/**
 * The dashboard's forms (shared by server and page): the period and district filter, the monthly
 * target and the programme investment. Money is typed in pounds and kept in whole pence.
 */
import { z } from "zod";
import { isMonth, monthsBetween } from "./dashboard";
import { poundsToPence } from "../../../db/evidence/money";
import { financialYearOf, isFinancialYear } from "../../../db/evidence/price-years";
import { firstOfMonth, isIsoDate } from "../../../db/calendar";
import { district } from "./settings";

export const maxMonths = 120;

/** The 12 months up to and including this one. */
export function defaultPeriod(today: string): { from: string; to: string } {
  return { from: firstOfMonth(today, -11).slice(0, 7), to: today.slice(0, 7) };
}

export function filterSchema(today: string) {
  const fallback = defaultPeriod(today);
  return z
    .object({
      from: z
        .string()
        .trim()
        .optional()
        .transform((value) => value || fallback.from)
        .refine(isMonth, "Enter the first month as a year and month, for example 2026-01"),
      to: z
        .string()
        .trim()
        .optional()
        .transform((value) => value || fallback.to)
        .refine(isMonth, "Enter the last month as a year and month, for example 2026-12"),
      district,
      priceYear: z
        .string()
        .trim()
        .optional()
        .transform((value) => value || financialYearOf(today))
        .refine(isFinancialYear, "Enter the price year as a financial year, for example 2026/27"),
    })
    .superRefine((value, context) => {
      if (!isMonth(value.from) || !isMonth(value.to)) return;
      if (value.to < value.from) context.addIssue({ code: "custom", path: ["to"], message: "The last month must be the same as or after the first month" });
      else if (monthsBetween(value.from, value.to).length > maxMonths) {
        context.addIssue({ code: "custom", path: ["to"], message: `Choose a period of ${maxMonths} months (10 years) or fewer` });
      }
    });
}

export type DashboardFilter = z.output<ReturnType<typeof filterSchema>>;

const pounds = (what: string) =>
  z
    .string({ required_error: `Enter the ${what}` })
    .trim()
    .transform((value) => value.replace(/^£/, "").replace(/,/g, ""))
    .superRefine((value, context) => {
      if (value === "") return void context.addIssue({ code: "custom", message: `Enter the ${what}` });
      if (!/^-?\d+(\.\d{1,2})?$/.test(value)) return void context.addIssue({ code: "custom", message: `Enter the ${what} in pounds, for example 12500 or 12500.50` });
      if (value.startsWith("-")) return void context.addIssue({ code: "custom", message: `The ${what} cannot be negative` });
      if (poundsToPence(value) > 2_000_000_000) context.addIssue({ code: "custom", message: `The ${what} must be £20,000,000 or less` });
    })
    .transform((value) => poundsToPence(value));

export const targetSchema = z.object({
  monthlyTarget: pounds("monthly target"),
  fromMonth: z
    .string({ required_error: "Enter the first month the target applies to" })
    .trim()
    .refine(isMonth, "Enter the first month the target applies to, for example 2026-04"),
  district,
});

export const investmentSchema = z.object({
  amount: pounds("investment"),
  investedOn: z
    .string({ required_error: "Enter the date of the investment" })
    .trim()
    .refine(isIsoDate, "Enter the date of the investment, for example 2026-04-01"),
  description: z
    .string({ required_error: "Say what the investment paid for" })
    .trim()
    .min(1, "Say what the investment paid for")
    .max(200, "Keep the description to 200 characters or fewer"),
  district,
});

/** Reads the filter from a URL's query; on a mistake, the errors and the default filter. */
export function parseFilter(searchParams: URLSearchParams, today: string, priceYears?: readonly string[]) {
  const values = {
    from: searchParams.get("from") ?? "",
    to: searchParams.get("to") ?? "",
    district: searchParams.get("district") ?? "",
    priceYear: searchParams.get("priceYear") ?? "",
  };
  const parsed = filterSchema(today).safeParse(values);
  const fallback = { ...defaultPeriod(today), district: null, priceYear: financialYearOf(today) } as DashboardFilter;
  if (parsed.success) {
    // A year the index does not cover cannot be converted to: say so, and show this year's prices.
    if (priceYears && !priceYears.includes(parsed.data.priceYear)) {
      const message = `There is no price index for ${parsed.data.priceYear}: choose a year from ${priceYears[0]} to ${priceYears.at(-1)}`;
      return { filter: { ...parsed.data, priceYear: fallback.priceYear }, errors: { priceYear: message } as Record<string, string>, values };
    }
    return { filter: parsed.data, errors: {} as Record<string, string>, values: { ...values, from: parsed.data.from, to: parsed.data.to, priceYear: parsed.data.priceYear } };
  }
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "from")] ??= issue.message;
  return { filter: fallback, errors, values };
}

/** The filter as a query string, for links to traces and CSV downloads. */
export function filterQuery(filter: DashboardFilter): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.district) params.set("district", filter.district);
  params.set("priceYear", filter.priceYear);
  return params.toString();
}
