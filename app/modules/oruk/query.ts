/**
 * The query parameters of the Open Referral UK feed, parsed and checked with zod. A bad value
 * becomes a 400 naming the parameter, never a database error. Pure: no data access.
 */
import { z } from "zod";

export const perPageDefault = 50;
export const perPageMax = 500;

/** UK postcode (full unit postcode, any case and spacing), normalised as "CB7 4AA". */
const postcodePattern = /^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$/;

export function normalisePostcode(value: string): string | null {
  const match = postcodePattern.exec(value.trim().toUpperCase().replace(/\s+/g, " "));
  return match ? `${match[1]} ${match[2]}` : null;
}

const dayCodes = { MO: "monday", TU: "tuesday", WE: "wednesday", TH: "thursday", FR: "friday", SA: "saturday", SU: "sunday" };
export type DayCode = keyof typeof dayCodes;

/** "MO", "mo", "Monday" or "monday" → "MO". */
export function parseDay(value: string): DayCode | null {
  const upper = value.trim().toUpperCase();
  if (upper in dayCodes) return upper as DayCode;
  const found = Object.entries(dayCodes).find(([, name]) => name === value.trim().toLowerCase());
  return found ? (found[0] as DayCode) : null;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO 8601 date or date-time that names a real calendar day (not 2023-02-29, which Date
 * would roll into March) and falls in years 1 to 9999 in UTC, which PostgreSQL accepts.
 */
export function parseIsoDateTime(value: string): Date | null {
  if (!isoDate.test(value) && !isoDateTime.test(value)) return null;
  const [year, month, day] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const utcYear = date.getUTCFullYear();
  return utcYear >= 1 && utcYear <= 9999 ? date : null;
}

const integerText = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const numberText = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, `${name} must be a number of at least ${min}`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const uuidText = (name: string) =>
  z.string().trim().toLowerCase().uuid(`${name} must be a UUID, like 3f7b145d-84af-42d7-8fae-eaca714b02b2`);

const timeText = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, `${name} must be a time of day such as 09:30 or 17:00:00`)
    .transform((value) => (value.length === 5 ? `${value}:00` : value));

const pageFields = {
  page: integerText("page", 1, 1_000_000).default("1"),
  per_page: integerText("per_page", 1, perPageMax).default(String(perPageDefault)),
};

const serviceFilterFields = {
  search: z
    .string()
    .trim()
    .max(200, "search must be at most 200 characters")
    // why: PostgreSQL text cannot hold a NUL character; the query would fail with a 500.
    .refine((value) => !value.includes("\u0000"), "search must not contain a NUL character")
    .optional(),
  taxonomy_term_id: uuidText("taxonomy_term_id").optional(),
  taxonomy_id: uuidText("taxonomy_id").optional(),
  postcode: z
    .string()
    .transform((value, context) => {
      const postcode = normalisePostcode(value);
      if (!postcode) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "postcode must be a full UK postcode, like CB7 4AA" });
        return z.NEVER;
      }
      return postcode;
    })
    .optional(),
  proximity: numberText("proximity (metres)", 1, 200_000).optional(),
  minimum_age: numberText("minimum_age", 0, 150).optional(),
  maximum_age: numberText("maximum_age", 0, 150).optional(),
  day: z
    .string()
    .transform((value, context) => {
      const day = parseDay(value);
      if (!day) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "day must be a day of the week: MO, TU, … or Monday, Tuesday, …" });
        return z.NEVER;
      }
      return day;
    })
    .optional(),
  start_time: timeText("start_time").optional(),
  end_time: timeText("end_time").optional(),
  modified_after: z
    .string()
    .trim()
    .transform((value, context) => {
      const date = parseIsoDateTime(value);
      if (!date) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          message: "modified_after must be an ISO 8601 date or date-time, like 2026-01-31 or 2026-01-31T09:00:00Z",
        });
        return z.NEVER;
      }
      return date;
    })
    .optional(),
};

export const pageQuerySchema = z.object(pageFields);
export const termQuerySchema = z.object({ ...pageFields, taxonomy_id: uuidText("taxonomy_id").optional() });
export const serviceQuerySchema = z
  .object({ ...pageFields, ...serviceFilterFields })
  .refine((query) => query.proximity === undefined || query.postcode !== undefined, {
    message: "proximity needs a postcode to measure from",
    path: ["proximity"],
  })
  .refine(
    (query) => query.minimum_age === undefined || query.maximum_age === undefined || query.minimum_age <= query.maximum_age,
    { message: "maximum_age must not be below minimum_age", path: ["maximum_age"] },
  );

export type PageQuery = z.output<typeof pageQuerySchema>;
export type TermQuery = z.output<typeof termQuerySchema>;
export type ServiceQuery = z.output<typeof serviceQuerySchema>;

export interface QueryProblem {
  parameter: string;
  message: string;
}

export type Parsed<T> = { ok: true; query: T } | { ok: false; problem: QueryProblem };

/** Parses URL search parameters; empty values count as absent, and the first problem is reported. */
export function parseQuery<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, params: URLSearchParams): Parsed<T> {
  const input: Record<string, string> = {};
  for (const [key, value] of params) if (value !== "" && !(key in input)) input[key] = value;
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, query: result.data };
  const issue = result.error.issues[0]!;
  const parameter = String(issue.path[0] ?? "query");
  return { ok: false, problem: { parameter, message: issue.message } };
}

export interface Pagination {
  page: number;
  perPage: number;
}

/** The Page envelope the UK profile's openapi.json asks for around every list. */
export function pageEnvelope<T>(contents: T[], totalItems: number, { page, perPage }: Pagination) {
  const totalPages = Math.ceil(totalItems / perPage);
  return {
    total_items: totalItems,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
