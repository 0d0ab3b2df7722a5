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

const booleanText = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => value === "true" || value === "false", `${name} must be true or false`)
    .transform((value) => value === "true");

const pageFields = {
  page: integerText("page", 1, 1_000_000).default("1"),
  // Left out, 50 a page; with minimal=true on /services, every match on one page.
  per_page: integerText("per_page", 1, perPageMax).optional(),
  format: z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => value === "json" || value === "ndjson", "format must be json (the default) or ndjson (every result, one JSON record a line)")
    .optional(),
};

const searchText = z
  .string()
  .trim()
  .max(200, "search must be at most 200 characters")
  .optional();

const serviceFilterFields = {
  search: searchText,
  taxonomy_term_id: uuidText("taxonomy_term_id").optional(),
  taxonomy_id: uuidText("taxonomy_id").optional(),
  organization_id: uuidText("organization_id").optional(),
  full: booleanText("full").optional(),
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

export const pageQuerySchema = z.object({ ...pageFields, search: searchText });
export const termQuerySchema = z.object({
  ...pageFields,
  search: searchText,
  taxonomy_id: uuidText("taxonomy_id").optional(),
  parent_id: uuidText("parent_id").optional(),
  top_only: booleanText("top_only").optional(),
});
export const organizationQuerySchema = z.object({
  ...pageFields,
  search: searchText,
  full: booleanText("full").optional(),
  full_service: booleanText("full_service").optional(),
});
export const organizationRecordQuerySchema = z.object({ full_service: booleanText("full_service").optional() });
export const recordQuerySchema = z.object({});

const checkServiceQuery = <T extends z.infer<z.ZodObject<typeof serviceFilterFields>> & { minimal?: boolean }>(query: T, context: z.RefinementCtx) => {
  if (query.proximity !== undefined && query.postcode === undefined) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["proximity"], message: "proximity needs a postcode to measure from" });
  }
  if (query.minimum_age !== undefined && query.maximum_age !== undefined && query.minimum_age > query.maximum_age) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["maximum_age"], message: "maximum_age must not be below minimum_age" });
  }
  if (query.minimal && query.full) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["minimal"], message: "minimal and full ask for opposite things: use one of them" });
  }
};

export const serviceQuerySchema = z
  .object({ ...pageFields, ...serviceFilterFields, minimal: booleanText("minimal").optional() })
  .superRefine(checkServiceQuery);
export const serviceAtLocationQuerySchema = z.object({ ...pageFields, ...serviceFilterFields }).superRefine(checkServiceQuery);

export type PageQuery = z.output<typeof pageQuerySchema>;
export type TermQuery = z.output<typeof termQuerySchema>;
export type OrganizationQuery = z.output<typeof organizationQuerySchema>;
export type ServiceQuery = z.output<typeof serviceQuerySchema>;

/**
 * Every query parameter the UK profile's OpenAPI document names (and the official validator's
 * 3.0 document adds: top_only, parent_id). Each endpoint honours some; the others are refused
 * with a 400 naming them, never silently ignored. Parameters outside this list (a cache-buster,
 * say) are ignored, as HTTP APIs usually do.
 */
export const profileParameters = [
  "search",
  "page",
  "per_page",
  "format",
  "minimal",
  "full",
  "full_service",
  "modified_after",
  "taxonomy_term_id",
  "taxonomy_id",
  "organization_id",
  "postcode",
  "proximity",
  "minimum_age",
  "maximum_age",
  "start_time",
  "end_time",
  "day",
  "top_only",
  "parent_id",
] as const;
export type ProfileParameter = (typeof profileParameters)[number];

export interface Endpoint<T> {
  /** The path under /oruk, as the OpenAPI document names it. */
  path: string;
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  /** The profile parameters it honours, in the order the OpenAPI document lists them. */
  parameters: readonly ProfileParameter[];
}

const serviceParameters = ["search", "page", "per_page", "format", "full", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "postcode", "proximity", "minimum_age", "maximum_age", "start_time", "end_time", "day"] as const;

export const endpoints = {
  meta: { path: "/", schema: recordQuerySchema, parameters: [] },
  services: { path: "/services", schema: serviceQuerySchema, parameters: [...serviceParameters, "minimal"] },
  service: { path: "/services/{id}", schema: recordQuerySchema, parameters: [] },
  serviceAtLocations: { path: "/service_at_locations", schema: serviceAtLocationQuerySchema, parameters: serviceParameters },
  serviceAtLocation: { path: "/service_at_locations/{id}", schema: recordQuerySchema, parameters: [] },
  taxonomies: { path: "/taxonomies", schema: pageQuerySchema, parameters: ["search", "page", "per_page", "format"] },
  taxonomy: { path: "/taxonomies/{id}", schema: recordQuerySchema, parameters: [] },
  taxonomyTerms: { path: "/taxonomy_terms", schema: termQuerySchema, parameters: ["search", "page", "per_page", "format", "taxonomy_id", "parent_id", "top_only"] },
  taxonomyTerm: { path: "/taxonomy_terms/{id}", schema: recordQuerySchema, parameters: [] },
  organizations: { path: "/organizations", schema: organizationQuerySchema, parameters: ["search", "page", "per_page", "format", "full", "full_service"] },
  organization: { path: "/organizations/{id}", schema: organizationRecordQuerySchema, parameters: ["full_service"] },
  openapi: { path: "/openapi.json", schema: recordQuerySchema, parameters: [] },
} satisfies Record<string, Endpoint<unknown>>;

/**
 * Parses an endpoint's query: a profile parameter it does not honour is the first problem
 * (named, with what it does take), then a NUL character in one it does, then their values.
 */
export function parseEndpointQuery<T>(endpoint: Endpoint<T>, params: URLSearchParams): Parsed<T> {
  for (const key of params.keys()) {
    if ((profileParameters as readonly string[]).includes(key) && !(endpoint.parameters as readonly string[]).includes(key)) {
      const takes = endpoint.parameters.length ? `it takes ${endpoint.parameters.join(", ")}` : "it takes no parameters";
      return { ok: false, problem: { parameter: key, message: `${key} is not a parameter of ${endpoint.path}: ${takes}.` } };
    }
  }
  // why: PostgreSQL text cannot hold a NUL character, and a value with one cut out is not what
  // the client asked for: say which parameter carries it (server/http.ts leaves /oruk's %00 alone).
  for (const [key, value] of params) {
    if (value.includes("\u0000") && (endpoint.parameters as readonly string[]).includes(key)) {
      return { ok: false, problem: { parameter: key, message: `${key} must not contain a NUL character (%00).` } };
    }
  }
  const parsed = parseQuery(endpoint.schema, params);
  // ndjson is every result at once: a page number or size would be ignored, so they are refused.
  if (parsed.ok && (parsed.query as { format?: string }).format === "ndjson") {
    const paging = ["page", "per_page"].find((name) => (params.get(name) ?? "") !== "");
    if (paging) return { ok: false, problem: { parameter: paging, message: `${paging} cannot be used with format=ndjson, which sends every result at once.` } };
  }
  return parsed;
}

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

/** The page size asked for, or the default. */
export function perPageOf(query: { per_page?: number }): number {
  return query.per_page ?? perPageDefault;
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
