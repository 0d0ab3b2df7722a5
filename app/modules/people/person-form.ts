/**
 * A person's record: the one form schema, shared by the page and the server (no data access).
 * The record is minimal and pseudonymous: a reference, not a name, unless the practitioner must
 * contact the person. Values arrive as strings from a plain HTML form (checkboxes as arrays).
 */
import { z } from "zod";
import { needCodes, riskFactors } from "../../../db/vocabulary/needs";

export const ageBands = ["18-24", "25-44", "45-64", "65-74", "75-84", "85+"] as const;
export type AgeBand = (typeof ageBands)[number];

/** The youngest and oldest age in a band ("85+" runs to 120). */
export function ageBandRange(band: AgeBand): { from: number; to: number } {
  if (band === "85+") return { from: 85, to: 120 };
  const [from, to] = band.split("-").map(Number) as [number, number];
  return { from, to };
}

export const weekdays = [
  { code: "MO", name: "Monday" },
  { code: "TU", name: "Tuesday" },
  { code: "WE", name: "Wednesday" },
  { code: "TH", name: "Thursday" },
  { code: "FR", name: "Friday" },
  { code: "SA", name: "Saturday" },
  { code: "SU", name: "Sunday" },
] as const;
export type Weekday = (typeof weekdays)[number]["code"];

/** Parts of the day, as 24-hour windows [from, to) in minutes after midnight. */
export const timesOfDay = [
  { code: "morning", name: "Morning (before 12 noon)", from: 0, to: 12 * 60 },
  { code: "afternoon", name: "Afternoon (12 noon to 5pm)", from: 12 * 60, to: 17 * 60 },
  { code: "evening", name: "Evening (after 5pm)", from: 17 * 60, to: 24 * 60 },
] as const;
export type TimeOfDay = (typeof timesOfDay)[number]["code"];

export const lawfulBases = [
  { code: "consent", name: "Consent (UK GDPR article 6(1)(a))" },
  { code: "public_task", name: "Public task: the council's Care Act duties (article 6(1)(e))" },
  { code: "vital_interests", name: "Vital interests: to protect their life (article 6(1)(d))" },
  { code: "legal_obligation", name: "Legal obligation (article 6(1)(c))" },
] as const;

export const budgetChoices = [
  { code: "any", name: "Cost does not matter, or not discussed" },
  { code: "free", name: "Free only" },
  { code: "up-to", name: "Up to an amount an hour" },
] as const;

const riskFactorCodes = riskFactors.map((factor) => factor.code) as [string, ...string[]];
const weekdayCodes = weekdays.map((day) => day.code) as [Weekday, ...Weekday[]];
const timeCodes = timesOfDay.map((time) => time.code) as [TimeOfDay, ...TimeOfDay[]];

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((value) => (value ? value : null));

const choices = <T extends [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.enum(values, { errorMap: () => ({ message }) })).max(values.length))
    .transform((list) => values.filter((value) => list.includes(value)));

const postcodeShape = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/;

export const personSchema = z
  .object({
    reference: z
      .string({ required_error: "Enter a reference for this person" })
      .trim()
      .min(1, "Enter a reference for this person")
      .max(40, "The reference must be 40 characters or fewer")
      .refine(
        (value) => value === "" || /^[A-Za-z0-9][A-Za-z0-9 _/-]*$/.test(value),
        "Use letters, numbers, spaces, hyphens and slashes in the reference, like SOH-0142",
      )
      .transform((value) => value.toUpperCase()),
    contactName: optionalText(120, "The name"),
    contactPhone: optionalText(30, "The phone number").refine(
      (value) => value === null || /^\+?[0-9 ()-]{6,30}$/.test(value),
      "Enter a phone number, like 01632 960 001",
    ),
    ageBand: z.enum(ageBands, { errorMap: () => ({ message: "Choose their age band" }) }),
    postcode: z
      .string({ required_error: "Enter their postcode" })
      .trim()
      .min(1, "Enter their postcode")
      .transform((value) => value.toUpperCase().replace(/\s+/g, " "))
      .refine((value) => postcodeShape.test(value), "Enter a full postcode, like CB7 5AA")
      .transform((value) => {
        const compact = value.replace(/ /g, "");
        return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
      }),
    involved: optionalText(500, "Who is involved"),
    whatMatters: z.string().trim().max(2000, "What matters to them must be 2,000 characters or fewer").default(""),
    needs: choices(needCodes, "Choose needs from the list").refine(
      (list) => list.length > 0,
      "Choose at least one thing they need help with, so we can find support that fits",
    ),
    riskFactors: choices(riskFactorCodes, "Choose risk factors from the list"),
    preferredDays: choices(weekdayCodes, "Choose days from the list"),
    preferredTimes: choices(timeCodes, "Choose times of day from the list"),
    maxTravelMiles: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : null))
      .pipe(
        z.coerce
          .number({ invalid_type_error: "Enter the furthest they can travel as a number of miles, like 3" })
          // At least 0.1: it is kept to one decimal place, and 0.04 would round to nothing.
          .min(0.1, "The furthest they can travel must be at least 0.1 miles")
          .max(100, "The furthest they can travel must be 100 miles or fewer")
          .transform((miles) => Math.round(miles * 10) / 10)
          .nullable(),
      ),
    budget: z.enum(["any", "free", "up-to"], { errorMap: () => ({ message: "Say what they can pay" }) }).default("any"),
    maxHourlyRate: z.string().trim().optional().default(""),
    hasDirectPayment: z.enum(["yes", "no"], { errorMap: () => ({ message: "Say whether they have a Direct Payment" }) }).default("no"),
    lawfulBasis: z.enum(["consent", "public_task", "vital_interests", "legal_obligation"], {
      errorMap: () => ({ message: "Choose the lawful basis for keeping this record" }),
    }),
    consentGiven: z
      .string()
      .optional()
      .refine((value) => value === "yes", "Confirm that the person agreed to this record being kept (or a representative did)"),
  })
  .superRefine((value, context) => {
    if (value.contactPhone && !value.contactName) {
      context.addIssue({ code: "custom", path: ["contactName"], message: "Enter the name to ask for when you phone" });
    }
    if (value.budget === "up-to") {
      const pounds = Number(value.maxHourlyRate.replace(/^£/, ""));
      if (!value.maxHourlyRate || !Number.isFinite(pounds) || !/^£?\d+(\.\d{1,2})?$/.test(value.maxHourlyRate)) {
        context.addIssue({ code: "custom", path: ["maxHourlyRate"], message: "Enter the most they can pay an hour in pounds, like 12.50" });
      } else if (pounds <= 0 || pounds > 200) {
        context.addIssue({ code: "custom", path: ["maxHourlyRate"], message: "The most they can pay an hour must be between £0.01 and £200" });
      }
    }
  })
  .transform(({ budget, maxHourlyRate, consentGiven: _consent, hasDirectPayment, ...rest }) => ({
    ...rest,
    /** Pence an hour; 0 = free only; null = cost does not matter. */
    maxHourlyRatePence: budget === "free" ? 0 : budget === "up-to" ? Math.round(Number(maxHourlyRate.replace(/^£/, "")) * 100) : null,
    hasDirectPayment: hasDirectPayment === "yes",
    consentGiven: true as const,
  }));

export type PersonInput = z.infer<typeof personSchema>;

/** Form fields posted as repeated checkboxes. */
export const personArrayFields = ["needs", "riskFactors", "preferredDays", "preferredTimes"];

/** The form's values from a stored record, for the edit page. */
export function personFormValues(person: {
  reference: string;
  contactName: string | null;
  contactPhone: string | null;
  ageBand: string;
  postcode: string;
  involved: string | null;
  whatMatters: string;
  needs: string[];
  riskFactors: string[];
  preferredDays: string[];
  preferredTimes: string[];
  maxTravelMiles: string | number | null;
  maxHourlyRatePence: number | null;
  hasDirectPayment: boolean;
  lawfulBasis: string;
  consentGiven: boolean;
}): Record<string, string | string[]> {
  return {
    reference: person.reference,
    contactName: person.contactName ?? "",
    contactPhone: person.contactPhone ?? "",
    ageBand: person.ageBand,
    postcode: person.postcode,
    involved: person.involved ?? "",
    whatMatters: person.whatMatters,
    needs: person.needs,
    riskFactors: person.riskFactors,
    preferredDays: person.preferredDays,
    preferredTimes: person.preferredTimes,
    maxTravelMiles: person.maxTravelMiles === null ? "" : String(Number(person.maxTravelMiles)),
    budget: person.maxHourlyRatePence === null ? "any" : person.maxHourlyRatePence === 0 ? "free" : "up-to",
    maxHourlyRate: person.maxHourlyRatePence ? (person.maxHourlyRatePence / 100).toFixed(2) : "",
    hasDirectPayment: person.hasDirectPayment ? "yes" : "no",
    lawfulBasis: person.lawfulBasis,
    consentGiven: person.consentGiven ? "yes" : "",
  };
}
