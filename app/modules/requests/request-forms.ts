/**
 * Requests for help: their words (sources, conversations, outcomes, short-term support) and one
 * zod schema per form, shared by the pages and the server, which validates every input whatever
 * the browser did. No data access. Dates are YYYY-MM-DD; "today" is London's (db/calendar.ts),
 * passed in so that the page and the server agree.
 */
import { z } from "zod";
import { isIsoDate } from "../../../db/calendar";

export const requestSources = [
  { code: "self", name: "The person themselves" },
  { code: "family_carer", name: "A family member or carer" },
  { code: "practitioner", name: "A council practitioner or team" },
  { code: "gp", name: "A GP or surgery" },
  { code: "hospital", name: "A hospital or discharge team" },
  { code: "other_professional", name: "Another professional (housing, police, a charity)" },
  { code: "other", name: "Someone else" },
  { code: "not_recorded", name: "Not recorded" },
] as const;
export type RequestSource = (typeof requestSources)[number]["code"];
/** What a practitioner may choose: "not recorded" is only for requests kept before sources were asked. */
const chosenSources = requestSources.filter((source) => source.code !== "not_recorded").map((source) => source.code) as [RequestSource, ...RequestSource[]];

export const conversations = [
  { code: "c1", name: "Conversation 1: listen and connect", short: "Conversation 1" },
  { code: "c2", name: "Conversation 2: work intensively in a crisis", short: "Conversation 2" },
  { code: "c3", name: "Conversation 3: build a good life", short: "Conversation 3" },
] as const;
export type Conversation = (typeof conversations)[number]["code"];
export const conversationCodes = conversations.map((conversation) => conversation.code) as [Conversation, ...Conversation[]];

/** How a request ended: the ABA business case's categories, and two more. */
export const requestOutcomes = [
  { code: "signposted", name: "Signposted or referred to community support", hint: "Connected to groups, services or people in their community" },
  { code: "short_term", name: "Short-term support", hint: "Reablement, bridging care or technology, to get them through" },
  { code: "nothing_further", name: "Nothing further needed", hint: "Advice or a conversation was enough" },
  { code: "formal_care", name: "Formal care", hint: "A Care Act assessment or a package of care: record the care decided first" },
  { code: "other", name: "Other", hint: "Say what happened" },
] as const;
export type RequestOutcome = (typeof requestOutcomes)[number]["code"];
export const outcomeCodes = requestOutcomes.map((outcome) => outcome.code) as [RequestOutcome, ...RequestOutcome[]];

/** Conversation 2's short-term options. */
export const shortTermSupports = [
  { code: "reablement", name: "Reablement", hint: "Up to six weeks of free support to regain skills" },
  { code: "bridging", name: "Bridging care", hint: "Care from a PA, micro-enterprise or agency until reablement or a package starts" },
  { code: "technology", name: "Technology", hint: "Alarms, sensors, reminders: technology-enabled care" },
] as const;
export type ShortTermSupport = (typeof shortTermSupports)[number]["code"];
const shortTermCodes = shortTermSupports.map((support) => support.code) as [ShortTermSupport, ...ShortTermSupport[]];

export const nameOf = (list: ReadonlyArray<{ code: string; name: string }>, code: string | null): string =>
  code === null ? "" : (list.find((item) => item.code === code)?.name ?? (code === "not_recorded" ? "Not recorded" : code));

const postcodeShape = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/;

/** A postcode as the postcode table holds it ("CB7 5BX"), or a message. */
export const postcodeField = z
  .string({ required_error: "Enter their postcode" })
  .trim()
  .min(1, "Enter their postcode")
  .transform((value) => value.toUpperCase().replace(/\s+/g, " "))
  .refine((value) => postcodeShape.test(value), "Enter a full postcode, like CB7 5AA")
  .transform((value) => {
    const compact = value.replace(/ /g, "");
    return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  });

const text = (max: number, label: string) => z.string().trim().max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`);
const optionalText = (max: number, label: string) =>
  text(max, label)
    .optional()
    .transform((value) => (value ? value : null));

/** A date field: required, a real date, and (with `notAfter`) not after that day. */
function dateField(label: string, notAfter?: { day: string; message: string }) {
  return z
    .string({ required_error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .refine(isIsoDate, `${label[0]!.toUpperCase()}${label.slice(1)} must be a real date, like 2026-03-27`)
    .refine((value) => !notAfter || !isIsoDate(value) || value <= notAfter.day, notAfter?.message ?? "");
}

const conversationField = z.enum(conversationCodes, { errorMap: () => ({ message: "Choose the conversation" }) });

// ── A new request, recorded by a practitioner ──

export function newRequestSchema(today: string) {
  return z.object({
    source: z.enum(chosenSources, { errorMap: () => ({ message: "Say who made contact" }) }),
    sourceNote: optionalText(200, "Who exactly"),
    receivedOn: dateField("the date of the contact", { day: today, message: "The date of the contact cannot be in the future" }),
    conversation: conversationField.default("c1"),
  });
}
export type NewRequestInput = z.infer<ReturnType<typeof newRequestSchema>>;

// ── A request from the person or their family, without an account (see requests.server.ts) ──

export const contactRequestSchema = z
  .object({
    source: z.enum(["self", "family_carer"], { errorMap: () => ({ message: "Say whether you are asking for yourself or for someone else" }) }),
    contactName: text(120, "Your name").min(1, "Enter your name, so we know who to ask for"),
    contactPhone: optionalText(30, "The phone number").refine(
      (value) => value === null || /^\+?[0-9 ()-]{6,30}$/.test(value),
      "Enter a phone number, like 01632 960 001",
    ),
    contactEmail: optionalText(254, "The email address").refine((value) => value === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), "Enter an email address, like name@example.org"),
    postcode: postcodeField,
    contactTimes: optionalText(200, "When to call"),
    askedFor: text(2000, "What you would like help with").min(1, "Say what you would like help with"),
    /** The person agreed to be contacted and to these details being kept: must be exactly true. */
    consent: z.literal(true, { errorMap: () => ({ message: "Confirm that we may keep these details to contact you" }) }),
  })
  .superRefine((value, context) => {
    if (!value.contactPhone && !value.contactEmail) {
      context.addIssue({ code: "custom", path: ["contactPhone"], message: "Give a phone number or an email address, so we can contact you" });
    }
  });
export type ContactRequestInput = z.infer<typeof contactRequestSchema>;

// ── A move between conversations ──

export function moveSchema(today: string) {
  return z.object({
    to: conversationField,
    onDate: dateField("the date of the move", { day: today, message: "The date of the move cannot be in the future" }),
    note: text(500, "The note").default(""),
  });
}
export type MoveInput = z.infer<ReturnType<typeof moveSchema>>;

// ── The next follow-up ──

export function followUpSchema(today: string) {
  return z.object({
    nextActionOn: dateField("the date of the follow-up").refine((value) => !isIsoDate(value) || value >= today, "The follow-up cannot be in the past: choose today or a later date"),
    nextAction: text(200, "What to do").min(1, "Say what the follow-up is, like “phone to ask how the lunch club went”"),
  });
}
export type FollowUpInput = z.infer<ReturnType<typeof followUpSchema>>;

// ── Conversation 3: the formal care decided ──

export function careDecidedSchema(today: string, services: readonly string[]) {
  return z
    .object({
      careService: z.string().refine((value) => services.includes(value), "Choose the formal care decided"),
      careHoursPerWeek: z.string().trim().default(""),
      careBudget: z.string().trim().default(""),
      careDecidedOn: dateField("the date it was decided", { day: today, message: "The date it was decided cannot be in the future" }),
    })
    .superRefine((value, context) => {
      if (value.careHoursPerWeek) {
        if (!/^\d{1,3}(\.\d{1,2})?$/.test(value.careHoursPerWeek)) context.addIssue({ code: "custom", path: ["careHoursPerWeek"], message: "Hours a week must be a number, like 7 or 2.5" });
        else if (Number(value.careHoursPerWeek) <= 0 || Number(value.careHoursPerWeek) > 168) {
          context.addIssue({ code: "custom", path: ["careHoursPerWeek"], message: "Hours a week must be more than 0 and at most 168" });
        }
      }
      if (value.careBudget && !/^£?\d{1,5}(\.\d{1,2})?$/.test(value.careBudget)) {
        context.addIssue({ code: "custom", path: ["careBudget"], message: "The personal budget must be an amount in pounds a week, like 180 or 212.50" });
      }
    })
    .transform(({ careBudget, careHoursPerWeek, ...rest }) => ({
      ...rest,
      careHoursPerWeek: careHoursPerWeek ? Number(careHoursPerWeek).toFixed(2) : null,
      careBudgetPence: careBudget ? Math.round(Number(careBudget.replace(/^£/, "")) * 100) : null,
    }));
}
export type CareDecidedInput = z.infer<ReturnType<typeof careDecidedSchema>>;

// ── Closing ──

const choices = <T extends [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.enum(values, { errorMap: () => ({ message }) })).max(values.length))
    .transform((list) => values.filter((value) => list.includes(value)));

/** receivedOn: the request's own date, so the outcome cannot come before the request. */
export function closeSchema(today: string, receivedOn: string) {
  return z
    .object({
      outcome: z.enum(outcomeCodes, { errorMap: () => ({ message: "Choose how the request ended" }) }),
      closedOn: dateField("the date it ended", { day: today, message: "The date it ended cannot be in the future" }).refine(
        (value) => !isIsoDate(value) || value >= receivedOn,
        `The date it ended cannot be before the request was made (${receivedOn})`,
      ),
      shortTermSupport: choices(shortTermCodes, "Choose short-term support from the list"),
      outcomeNote: text(500, "The note").default(""),
    })
    .superRefine((value, context) => {
      if (value.outcome === "short_term" && value.shortTermSupport.length === 0) {
        context.addIssue({ code: "custom", path: ["shortTermSupport"], message: "Choose the short-term support they had" });
      }
      if (value.outcome === "other" && !value.outcomeNote) {
        context.addIssue({ code: "custom", path: ["outcomeNote"], message: "Say what happened, as the outcome is “other”" });
      }
    })
    .transform((value) => ({ ...value, shortTermSupport: value.outcome === "short_term" ? value.shortTermSupport : [] }));
}
export type CloseInput = z.infer<ReturnType<typeof closeSchema>>;

// ── Linking a request to a record ──

export const linkSchema = z.object({
  reference: z
    .string({ required_error: "Enter the reference of their record" })
    .trim()
    .min(1, "Enter the reference of their record, like SOH-0142")
    .max(40, "The reference must be 40 characters or fewer")
    .transform((value) => value.toUpperCase()),
});
