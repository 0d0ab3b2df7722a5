/**
 * The public "ask for help" form (a call back from the council's locality team): its fields and
 * the checks the server makes whatever the browser did. Messages are locale keys (askHelp.errors.*)
 * because the page is in English or Polish. No data access: shared by the page and the server.
 */
import { z } from "zod";

export const maxAskedForLength = 1000;
export const maxWhereLength = 100;
export const whoChoices = ["me", "someone"] as const;

/** The fields the form sends back to the page when it is refused, so nothing typed is lost. */
export const askHelpFields = ["who", "contactName", "contactEmail", "contactPhone", "contactTimes", "askedFor", "where", "theyAgree", "consent"] as const;
export type AskHelpValues = Partial<Record<(typeof askHelpFields)[number], string>>;

/**
 * A UK phone number as digits, spaced as it is usually written ("01632 960001", "020 7946 0000",
 * "07700 900123"), or null when it is not one: 10 or 11 digits from 0, or +44 / 0044 first.
 */
export function ukPhone(typed: string): string | null {
  let digits = typed.replace(/[\s().-]/g, "");
  if (!/^\+?[0-9]+$/.test(digits)) return null;
  if (digits.startsWith("+44")) digits = `0${digits.slice(3).replace(/^0/, "")}`;
  else if (digits.startsWith("0044")) digits = `0${digits.slice(4).replace(/^0/, "")}`;
  if (!/^0[1-9][0-9]{8,9}$/.test(digits)) return null;
  if (digits.length === 10) return `${digits.slice(0, 5)} ${digits.slice(5)}`;
  if (digits.startsWith("02")) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  return `${digits.slice(0, 5)} ${digits.slice(5)}`;
}

const optional = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((value) => (value ? value : null));

export const askHelpSchema = z
  .object({
    // Refinements, not z.enum or z.literal: those stop the checks below, and every error shows at once.
    who: z
      .string()
      .optional()
      // No transform after it: a failed transform would stop the checks below too.
      .refine((value): value is (typeof whoChoices)[number] => (whoChoices as readonly unknown[]).includes(value), "askHelp.errors.who"),
    contactName: z.string().trim().min(1, "askHelp.errors.name").max(120, "askHelp.errors.nameLong"),
    contactEmail: optional(254, "askHelp.errors.emailLong").refine((value) => value === null || z.string().email().safeParse(value).success, "askHelp.errors.email"),
    contactPhone: optional(30, "askHelp.errors.phone").transform((value, context) => {
      if (value === null) return null;
      const phone = ukPhone(value);
      if (!phone) context.addIssue({ code: "custom", message: "askHelp.errors.phone" });
      return phone;
    }),
    contactTimes: optional(200, "askHelp.errors.timesLong"),
    askedFor: z.string().trim().min(1, "askHelp.errors.askedFor").max(maxAskedForLength, "askHelp.errors.askedForLong"),
    where: optional(maxWhereLength, "askHelp.errors.whereLong"),
    theyAgree: z.string().optional(),
    consent: z
      .string()
      .optional()
      .refine((value) => value === "yes", "askHelp.errors.consent"),
  })
  .superRefine((value, context) => {
    if (!value.contactPhone && !value.contactEmail) {
      // Only when neither was typed: a phone or email typed wrongly has its own message.
      context.addIssue({ code: "custom", path: ["contactPhone"], message: "askHelp.errors.noContact" });
    }
    if (value.who === "someone" && value.theyAgree !== "yes") {
      context.addIssue({ code: "custom", path: ["theyAgree"], message: "askHelp.errors.theyAgree" });
    }
  });
export type AskHelpInput = z.output<typeof askHelpSchema>;

/** The page's fields from a posted form, as strings (anything else dropped), for showing again. */
export function askHelpValues(form: Record<string, unknown>): AskHelpValues {
  const values: AskHelpValues = {};
  for (const field of askHelpFields) {
    const value = form[field];
    // A very long message comes back cut to a little over the limit, so the page stays small.
    if (typeof value === "string") values[field] = value.slice(0, maxAskedForLength * 2);
  }
  return values;
}

/** A link to the form: who it is for and where (from the guided path), and the page to go back to. */
export function askForHelpHref(from: { for?: string; where?: string; back?: string } = {}): string {
  const query = new URLSearchParams(Object.entries(from).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const rest = query.toString();
  return `/ask-for-help${rest ? `?${rest}` : ""}`;
}
