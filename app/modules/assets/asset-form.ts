/**
 * The listing form: one zod schema, shared by the page (client) and the actions (server).
 * The form posts flat fields (so it works without JavaScript); the actions read them with the
 * one form helper, keeping the repeated fields (`listFields`: days, needs) as lists. What needs
 * the database (is the postcode real? which ward?) is checked on the server after this schema,
 * in listing.server.ts.
 */
import { z } from "zod";
import { accessibilityFeatures, needCodes } from "../../../db/vocabulary/needs";
import { assetKinds } from "../../../db/vocabulary/kinds";
import { deliveryCodes } from "../../../db/vocabulary/delivery";

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
const weekdayCodes = weekdays.map((day) => day.code) as [Weekday, ...Weekday[]];

/** How many opening-time rows the form offers (enough for most groups; more go in the description). */
export const scheduleRows = 3;

/** The UK, generously boxed (with Shetland and Northern Ireland): a pin outside it is a slip. */
export const ukBounds = { south: 49.8, north: 60.9, west: -8.7, east: 1.9 } as const;

/** Repeated fields: the form may send several values under one name (read as lists). */
export const listFields = ["needs", "accessibility", ...Array.from({ length: scheduleRows }, (_, row) => `days${row}`)];

export type RawAssetForm = Record<string, string | string[] | undefined>;

const trimmed = z
  .string()
  .optional()
  .transform((value) => value?.trim() ?? "");
const optionalText = (max: number, label: string) =>
  trimmed
    .pipe(z.string().max(max, `${label} must be ${max} characters or fewer`))
    .transform((value) => (value === "" ? null : value));
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : value === "" ? [] : [value]));
const yesNo = (message: string) =>
  z.enum(["yes", "no"], { errorMap: () => ({ message }) }).transform((value) => value === "yes");

const wholeNumber = (label: string, max: number) =>
  trimmed.pipe(
    z
      .string()
      .transform((value, context) => {
        if (value === "") return null;
        if (!/^-?\d+$/.test(value)) {
          context.addIssue({ code: "custom", message: `${label} must be a whole number, like 4` });
          return z.NEVER;
        }
        const number = Number(value);
        if (number < 0) context.addIssue({ code: "custom", message: `${label} cannot be less than 0` });
        else if (number > max) context.addIssue({ code: "custom", message: `${label} must be ${max.toLocaleString("en-GB")} or fewer` });
        return number;
      }),
  );

/** "CB7 4AA", "cb74aa", " Cb7  4aa " → "CB7 4AA"; null if it is not shaped like a full UK postcode. */
export function normalisePostcode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/\s+/g, "");
  const match = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/.exec(compact);
  return match ? `${match[1]} ${match[2]}` : null;
}

/** "12.50", "£12.5", "12" → pence; null for an empty box; a message for anything else. */
export function parsePounds(typed: string, what = "the hourly rate"): number | null | { error: string } {
  const value = typed.trim().replace(/^£/, "").replace(/,/g, "");
  if (value === "") return null;
  if (/^-/.test(value)) return { error: `${what[0]!.toUpperCase()}${what.slice(1)} cannot be negative` };
  const match = /^(\d{1,5})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return { error: `Enter ${what} in pounds and pence, like 12.50` };
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** "9:30", "09:30", "14:00" → "09:30"; null if it is not a 24-hour time. */
export function parseTime(typed: string): string | null {
  const match = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(typed.trim());
  return match ? `${match[1]!.padStart(2, "0")}:${match[2]}` : null;
}

const kindCodes = assetKinds.map((kind) => kind.code) as [string, ...string[]];
const accessibilityCodes = accessibilityFeatures.map((feature) => feature.code) as [string, ...string[]];

const scheduleShape = Object.fromEntries(
  Array.from({ length: scheduleRows }, (_, row) => [
    [`days${row}`, list],
    [`opens${row}`, trimmed],
    [`closes${row}`, trimmed],
  ]).flat(),
) as Record<string, typeof list | typeof trimmed>;

/** One opening-times row's field (days0, opens1 …): the rows are generated, so not in the static type. */
function rowField(form: object, name: "days" | "opens" | "closes", row: number): string | string[] {
  return (form as Record<string, string | string[]>)[`${name}${row}`] ?? (name === "days" ? [] : "");
}

export const assetFormShape = {
    name: trimmed.pipe(z.string().min(1, "Enter the name of the listing").max(200, "The name must be 200 characters or fewer")),
    description: trimmed.pipe(
      z.string().min(1, "Say what it offers, in a sentence or two").max(4000, "The description must be 4,000 characters or fewer"),
    ),
    kind: z.enum(kindCodes as [(typeof assetKinds)[number]["code"], ...Array<(typeof assetKinds)[number]["code"]>], {
      errorMap: () => ({ message: "Choose what kind of asset it is" }),
    }),
    organisation: trimmed.pipe(
      z.string().min(1, "Enter the organisation that runs it").max(200, "The organisation's name must be 200 characters or fewer"),
    ),
    delivery: z.enum(deliveryCodes, {
      errorMap: () => ({ message: "Say how it reaches people: they come to a place, it comes to their homes, or by phone or online" }),
    }),
    postcode: trimmed,
    latitude: trimmed,
    longitude: trimmed,
    venueName: optionalText(200, "The venue's name"),
    address1: optionalText(200, "The first address line"),
    address2: optionalText(200, "The second address line"),
    town: optionalText(100, "The town"),
    ...scheduleShape,
    isFree: yesNo("Say whether it is free"),
    hourlyRate: trimmed,
    sessionPrice: trimmed,
    fees: optionalText(500, "The cost description"),
    capacityUnit: z.enum(["none", "places", "hours_per_week"], { errorMap: () => ({ message: "Choose how places are counted" }) }),
    capacityTotal: wholeNumber("The total", 10_000),
    capacityAvailable: wholeNumber("The number free now", 10_000),
    waitingList: yesNo("Say whether there is a waiting list"),
    waitingListWeeks: wholeNumber("The wait in weeks", 104),
    minimumAge: wholeNumber("The youngest age", 120),
    maximumAge: wholeNumber("The oldest age", 120),
    eligibilityConditions: optionalText(1000, "Who it is for"),
    needs: list.pipe(z.array(z.enum(needCodes)).min(1, "Choose at least one need it meets")),
    accessibility: list.pipe(z.array(z.enum(accessibilityCodes), { errorMap: () => ({ message: "Choose from the list" }) })),
    accessibilityNote: optionalText(1000, "The accessibility note"),
    directPayment: yesNo("Say whether a Direct Payment can pay for it"),
    contactName: optionalText(200, "The contact's name"),
    phone: trimmed.pipe(
      z
        .string()
        .max(30, "Enter a phone number like 01353 123456")
        .refine((value) => value === "" || /^\+?[0-9 ()-]{10,}$/.test(value), "Enter a phone number like 01353 123456"),
    ),
    email: trimmed.pipe(z.union([z.literal(""), z.string().email("Enter an email address like name@example.org").max(200)])),
    website: trimmed.pipe(
      z
        .string()
        .max(500, "The website address must be 500 characters or fewer")
        .refine((value) => value === "" || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(value), "Enter a website address starting with https://"),
    ),
    serviceArea: trimmed.pipe(z.string().regex(/^(ward|district):[A-Z0-9]{9}$|^$/, "Choose the area it serves from the list")),
  };

type AssetFormFields = z.output<z.ZodObject<typeof assetFormShape>>;

/** The checks across fields (place, opening times, cost, places, ages). */
function checkAcrossFields(form: AssetFormFields, context: z.RefinementCtx) {
    const issue = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
    // Place: a postcode, or a point (from the map pin), or both.
    const hasPoint = form.latitude !== "" || form.longitude !== "";
    if (form.postcode === "" && !hasPoint) issue("postcode", "Enter the postcode where it happens or is based");
    if (form.postcode !== "" && !normalisePostcode(form.postcode)) issue("postcode", "Enter a full postcode, like CB7 4AA");
    if (hasPoint) {
      const latitude = Number(form.latitude);
      const longitude = Number(form.longitude);
      if (form.latitude === "" || !Number.isFinite(latitude)) issue("latitude", "Enter the latitude as a number, like 52.33");
      else if (form.longitude === "" || !Number.isFinite(longitude)) issue("longitude", "Enter the longitude as a number, like 0.33");
      else if (latitude < ukBounds.south || latitude > ukBounds.north || longitude < ukBounds.west || longitude > ukBounds.east) {
        issue("latitude", "The point must be in the UK: check the latitude and longitude, or leave them empty and use the postcode");
      }
    }
    // Opening times: each row with days needs times, and closes after it opens.
    for (let row = 0; row < scheduleRows; row++) {
      const days = rowField(form, "days", row) as string[];
      const opens = rowField(form, "opens", row) as string;
      const closes = rowField(form, "closes", row) as string;
      if (days.length === 0 && opens === "" && closes === "") continue;
      if (days.some((day) => !weekdayCodes.includes(day as Weekday))) issue(`days${row}`, "Choose days from the list");
      if (days.length === 0) issue(`days${row}`, "Choose the days it is open");
      const opensAt = parseTime(opens);
      const closesAt = parseTime(closes);
      if (!opensAt) issue(`opens${row}`, "Enter the opening time in 24-hour time, like 09:30");
      if (!closesAt) issue(`closes${row}`, "Enter the closing time in 24-hour time, like 16:00");
      if (opensAt && closesAt && closesAt <= opensAt) issue(`closes${row}`, "The closing time must be after the opening time");
    }
    // Cost: free, or an hourly rate (pounds and pence, not negative).
    const rate = parsePounds(form.hourlyRate);
    if (rate !== null && typeof rate === "object") issue("hourlyRate", rate.error);
    else if (form.isFree && rate !== null) issue("hourlyRate", "A free listing has no hourly rate: choose ‘No’ or empty the rate");
    const session = parsePounds(form.sessionPrice, "the price of a session");
    if (session !== null && typeof session === "object") issue("sessionPrice", session.error);
    else if (form.isFree && session !== null) issue("sessionPrice", "A free listing has no price: choose ‘No’ or empty the price of a session");
    // Capacity.
    if (form.capacityUnit !== "none") {
      if (form.capacityTotal === null) issue("capacityTotal", "Enter the total number of places or hours");
      if (form.capacityAvailable === null) issue("capacityAvailable", "Enter how many are free now");
      if (form.capacityTotal !== null && form.capacityAvailable !== null && form.capacityAvailable > form.capacityTotal) {
        issue("capacityAvailable", "The number free now cannot be more than the total");
      }
    }
    if (form.minimumAge !== null && form.maximumAge !== null && form.maximumAge < form.minimumAge) {
      issue("maximumAge", "The oldest age cannot be less than the youngest");
    }
}

export const assetFormSchema = z
  .object(assetFormShape)
  .superRefine(checkAcrossFields)
  .transform((form) => {
    const rate = parsePounds(form.hourlyRate);
    const session = parsePounds(form.sessionPrice);
    const schedules = Array.from({ length: scheduleRows }, (_, row) => ({
      days: rowField(form, "days", row) as Weekday[],
      opensAt: parseTime(rowField(form, "opens", row) as string) ?? "",
      closesAt: parseTime(rowField(form, "closes", row) as string) ?? "",
    })).filter((schedule) => schedule.days.length > 0);
    return {
      name: form.name,
      description: form.description,
      kind: form.kind,
      organisation: form.organisation,
      /** Decides where it serves: a place by distance, the rest by the area it serves. */
      delivery: form.delivery,
      postcode: form.postcode === "" ? null : normalisePostcode(form.postcode),
      latitude: form.latitude === "" ? null : Number(form.latitude),
      longitude: form.longitude === "" ? null : Number(form.longitude),
      venueName: form.venueName,
      address1: form.address1,
      address2: form.address2,
      town: form.town,
      schedules,
      isFree: form.isFree,
      hourlyRatePence: typeof rate === "number" ? rate : null,
      /** The price of one session (a lunch, a class), in pence: matching compares it with a budget. */
      sessionPricePence: typeof session === "number" ? session : null,
      fees: form.fees,
      capacity:
        form.capacityUnit === "none"
          ? null
          : {
              unit: form.capacityUnit,
              total: form.capacityTotal ?? 0,
              available: form.capacityAvailable ?? 0,
              waitingList: form.waitingList,
              waitingListWeeks: form.waitingList ? form.waitingListWeeks : null,
            },
      minimumAge: form.minimumAge,
      maximumAge: form.maximumAge,
      eligibilityConditions: form.eligibilityConditions,
      // In one order whatever order the boxes came in (as readListing gives them), so a
      // listing's answer compares equal to itself.
      needs: [...new Set(form.needs)].sort(),
      accessibility: [...new Set(form.accessibility)].sort(),
      accessibilityNote: form.accessibilityNote,
      directPayment: form.directPayment,
      contactName: form.contactName,
      phone: form.phone === "" ? null : form.phone,
      email: form.email === "" ? null : form.email.toLowerCase(),
      website: form.website === "" ? null : form.website,
      serviceArea: form.serviceArea === "" ? null : form.serviceArea,
    };
  });

export type AssetInput = z.output<typeof assetFormSchema>;

/**
 * Every problem with an answer at once, for the error summary. zod skips the checks across
 * fields while any single field is wrong, so they are run again on a forgiving reading of the
 * form (each wrong field read as empty) and their issues added where a field has none yet.
 */
export function assetFormIssues(raw: RawAssetForm): z.ZodIssue[] {
  const strict = assetFormSchema.safeParse(raw);
  if (strict.success) return [];
  const forgiving = Object.fromEntries(
    Object.entries(assetFormShape).map(([key, schema]) => [key, (schema as z.ZodTypeAny).catch(forgivingValue(key))]),
  );
  const again = z.object(forgiving).superRefine((form, context) => checkAcrossFields(form as AssetFormFields, context)).safeParse(raw);
  const issues = [...strict.error.issues];
  const fields = new Set(issues.map((issue) => String(issue.path[0])));
  for (const issue of again.success ? [] : again.error.issues) if (!fields.has(String(issue.path[0]))) issues.push(issue);
  // In the order the fields appear on the page.
  const order = Object.keys(assetFormShape);
  return issues.sort((a, b) => order.indexOf(String(a.path[0])) - order.indexOf(String(b.path[0])));
}

function forgivingValue(key: string): unknown {
  if (/^days\d$/.test(key) || key === "needs" || key === "accessibility") return [];
  if (["isFree", "waitingList", "directPayment"].includes(key)) return false;
  if (key === "capacityUnit") return "none";
  if (["capacityTotal", "capacityAvailable", "waitingListWeeks", "minimumAge", "maximumAge"].includes(key)) return null;
  return "";
}

/** A saved listing back into the form's raw fields, for the edit page and the audit's before/after. */
export function assetInputToForm(input: AssetInput): RawAssetForm {
  const raw: RawAssetForm = {
    name: input.name,
    description: input.description,
    kind: input.kind,
    organisation: input.organisation,
    delivery: input.delivery,
    postcode: input.postcode ?? "",
    latitude: input.latitude === null ? "" : String(input.latitude),
    longitude: input.longitude === null ? "" : String(input.longitude),
    venueName: input.venueName ?? "",
    address1: input.address1 ?? "",
    address2: input.address2 ?? "",
    town: input.town ?? "",
    isFree: input.isFree ? "yes" : "no",
    hourlyRate: input.hourlyRatePence === null ? "" : (input.hourlyRatePence / 100).toFixed(2),
    sessionPrice: input.sessionPricePence === null || input.sessionPricePence === undefined ? "" : (input.sessionPricePence / 100).toFixed(2),
    fees: input.fees ?? "",
    capacityUnit: input.capacity?.unit ?? "none",
    capacityTotal: input.capacity ? String(input.capacity.total) : "",
    capacityAvailable: input.capacity ? String(input.capacity.available) : "",
    waitingList: input.capacity?.waitingList ? "yes" : "no",
    waitingListWeeks: input.capacity?.waitingListWeeks == null ? "" : String(input.capacity.waitingListWeeks),
    minimumAge: input.minimumAge === null ? "" : String(input.minimumAge),
    maximumAge: input.maximumAge === null ? "" : String(input.maximumAge),
    eligibilityConditions: input.eligibilityConditions ?? "",
    needs: [...input.needs],
    accessibility: [...input.accessibility],
    accessibilityNote: input.accessibilityNote ?? "",
    directPayment: input.directPayment ? "yes" : "no",
    contactName: input.contactName ?? "",
    phone: input.phone ?? "",
    email: input.email ?? "",
    website: input.website ?? "",
    serviceArea: input.serviceArea ?? "",
  };
  for (let row = 0; row < scheduleRows; row++) {
    const schedule = input.schedules[row];
    raw[`days${row}`] = schedule ? [...schedule.days] : [];
    raw[`opens${row}`] = schedule?.opensAt ?? "";
    raw[`closes${row}`] = schedule?.closesAt ?? "";
  }
  return raw;
}

/** A new, empty form: the choices most listings make already made. */
export const emptyAssetForm: RawAssetForm = {
  isFree: "yes",
  capacityUnit: "none",
  waitingList: "no",
  directPayment: "no",
  kind: "vcs_group",
};
