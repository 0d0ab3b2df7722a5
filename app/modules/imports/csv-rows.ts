/**
 * One CSV row → one listing, or the problems with it by field. Pure (no data access): the
 * postcode table, existing listings and localities are checked on the server in batches
 * (csv.server.ts). Also the opening-times mini-language, both ways.
 */
import { assetKinds, listingStatuses, type AssetKind, type ListingStatus } from "../../../db/vocabulary/kinds";
import { normalisePostcode } from "../oruk/query";
import { deliveryChoices, parseDelivery, type DeliveryCode } from "../../../db/vocabulary/delivery";
import { accessibilityFeatures, needs, type AccessibilityFeatureCode, type NeedCode } from "../../../db/vocabulary/needs";
import { csvColumnNames, csvColumns, type CsvColumnName } from "./csv-columns";
import { isIsoDate } from "../../../db/calendar";

export interface ImportProblem {
  /** The spreadsheet row (the header is row 1), or the record's position in an ORUK file. */
  row: number;
  /** The column (CSV) or field path (ORUK); "" for the whole file or row. */
  field: string;
  message: string;
}

export interface OpeningTime {
  freq: "WEEKLY" | "MONTHLY";
  byday: string; // iCal BYDAY: "TU,TH", or "1MO" / "-1FR" when monthly
  opensAt: string | null; // "HH:MM"
  closesAt: string | null;
}

export interface ListingRow {
  row: number;
  id: string | null;
  organisation: string;
  name: string;
  description: string;
  kind: AssetKind;
  /** Null when the cell is empty: a new listing gets the default rule, one held keeps its own. */
  delivery: DeliveryCode | null;
  listingStatus: ListingStatus;
  needs: NeedCode[];
  accessibility: AccessibilityFeatureCode[];
  postcode: string;
  venue: string | null;
  address: string | null;
  town: string | null;
  latitude: number | null;
  longitude: number | null;
  openingTimes: OpeningTime[];
  isFree: boolean;
  hourlyRatePence: number | null;
  fees: string | null;
  capacityUnit: "places" | "hours_per_week" | null;
  capacityTotal: number | null;
  capacityAvailable: number | null;
  waitingList: boolean;
  waitingListWeeks: number | null;
  minimumAge: number | null;
  maximumAge: number | null;
  directPayment: boolean;
  regulated: boolean;
  regulator: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  website: string | null;
  lastVerified: string | null;
}

// ── the header ──

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

const normaliseHeader = (value: string) => value.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** The header row → column positions, or what is wrong with it (unknown, repeated or missing columns). */
export function readHeader(cells: string[]): { columns: Map<CsvColumnName, number>; problems: ImportProblem[] } {
  const columns = new Map<CsvColumnName, number>();
  const problems: ImportProblem[] = [];
  const known = new Set<string>(csvColumnNames);
  cells.forEach((cell, position) => {
    const name = normaliseHeader(cell);
    if (name === "") return problems.push({ row: 1, field: `column ${position + 1}`, message: `Column ${position + 1} has no name in the header row. Give it one of the template's names or delete the column.` });
    if (!known.has(name)) {
      const nearest = csvColumnNames.map((candidate) => ({ candidate, distance: editDistance(name, candidate) })).sort((a, b) => a.distance - b.distance)[0]!;
      const hint = nearest.distance <= 3 ? ` Did you mean “${nearest.candidate}”?` : " See the template for the column names.";
      return problems.push({ row: 1, field: cell, message: `“${cell}” is not a column we know.${hint}` });
    }
    if (columns.has(name as CsvColumnName)) return problems.push({ row: 1, field: name, message: `The column “${name}” appears twice. Keep one.` });
    columns.set(name as CsvColumnName, position);
  });
  for (const column of csvColumns) {
    if (column.required && !columns.has(column.name)) {
      problems.push({ row: 1, field: column.name, message: `The required column “${column.name}” is missing. Add it to the header row.` });
    }
  }
  return { columns, problems };
}

// ── values ──

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const dayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
const dayShort: Record<string, string> = { MO: "Mon", TU: "Tue", WE: "Wed", TH: "Thu", FR: "Fri", SA: "Sat", SU: "Sun" };
const dayByName = new Map<string, string>();
for (const [code, short] of Object.entries(dayShort)) {
  const long = { MO: "monday", TU: "tuesday", WE: "wednesday", TH: "thursday", FR: "friday", SA: "saturday", SU: "sunday" }[code]!;
  for (const name of [code.toLowerCase(), short.toLowerCase(), long]) dayByName.set(name, code);
}
dayByName.set("tues", "TU");
dayByName.set("thur", "TH");
dayByName.set("thurs", "TH");
const ordinalByWord: Record<string, string> = { "1st": "1", "2nd": "2", "3rd": "3", "4th": "4", last: "-1" };
const wordByOrdinal: Record<string, string> = { "1": "1st", "2": "2nd", "3": "3rd", "4": "4th", "-1": "last" };

function parseTime(value: string): string | null {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(value);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, "0")}:${match[2]}`;
}

/** "Tue,Thu 10:00-12:00; 1st Mon 14:00-16:00" → schedules, or a message that says what to fix. */
export function parseOpeningTimes(value: string): { times: OpeningTime[] } | { error: string } {
  const times: OpeningTime[] = [];
  for (const part of value.split(";").map((p) => p.trim()).filter(Boolean)) {
    const match = /^(?:(1st|2nd|3rd|4th|last)\s+)?([A-Za-z][A-Za-z,\s]*?)(?:\s+(\S+?)\s*(?:-|–|to)\s*(\S+))?$/i.exec(part);
    if (!match) return { error: `“${part}” is not an opening time we understand. Write days then hours, like Tue,Thu 10:00-12:00.` };
    const [, ordinal, daysText, opensText, closesText] = match;
    const days: string[] = [];
    for (const name of daysText!.split(/[,\s]+/).filter(Boolean)) {
      const code = dayByName.get(name.toLowerCase());
      if (!code) return { error: `“${name}” in “${part}” is not a day. Use Mon, Tue, Wed, Thu, Fri, Sat or Sun.` };
      if (!days.includes(code)) days.push(code);
    }
    days.sort((a, b) => dayCodes.indexOf(a as (typeof dayCodes)[number]) - dayCodes.indexOf(b as (typeof dayCodes)[number]));
    let opensAt: string | null = null;
    let closesAt: string | null = null;
    if (opensText !== undefined) {
      opensAt = parseTime(opensText);
      closesAt = parseTime(closesText!);
      if (!opensAt || !closesAt) return { error: `The hours in “${part}” must be 24-hour times like 09:30-17:00.` };
      if (closesAt <= opensAt) return { error: `In “${part}” the closing time ${closesAt} is not after the opening time ${opensAt}.` };
    }
    if (ordinal) {
      if (days.length !== 1) return { error: `“${part}”: a monthly time names one day, like 1st Mon 10:00-12:00.` };
      times.push({ freq: "MONTHLY", byday: `${ordinalByWord[ordinal.toLowerCase()]}${days[0]}`, opensAt, closesAt });
    } else {
      times.push({ freq: "WEEKLY", byday: days.join(","), opensAt, closesAt });
    }
  }
  return { times };
}

/** Schedules → the opening-times text the template uses (the inverse of parseOpeningTimes). */
export function formatOpeningTimes(times: ReadonlyArray<{ freq: string | null; byday: string | null; opensAt: string | null; closesAt: string | null }>): string {
  return times
    .filter((time) => time.byday)
    .map((time) => {
      const hours = time.opensAt && time.closesAt ? ` ${time.opensAt.slice(0, 5)}-${time.closesAt.slice(0, 5)}` : "";
      const monthly = /^(-?\d)([A-Z]{2})$/.exec(time.byday!.toUpperCase());
      if (time.freq === "MONTHLY" && monthly) return `${wordByOrdinal[monthly[1]!] ?? monthly[1]} ${dayShort[monthly[2]!]}${hours}`;
      return `${time.byday!.split(",").map((day) => dayShort[day.trim().toUpperCase()] ?? day).join(",")}${hours}`;
    })
    .join("; ");
}

/** Pence → "13.50"; the template's money format. */
export const formatPounds = (pence: number | null) => (pence === null ? "" : (pence / 100).toFixed(2));
export const formatYesNo = (value: boolean) => (value ? "yes" : "no");

const kindByText = new Map<string, AssetKind>(assetKinds.flatMap((kind) => [[kind.code, kind.code], [kind.name.toLowerCase(), kind.code]]));
const statusByText = new Map<string, ListingStatus>(listingStatuses.flatMap((s) => [[s.code, s.code], [s.name.toLowerCase(), s.code]]));
const needByText = new Map<string, NeedCode>(needs.flatMap((need) => [[need.code, need.code], [need.name.toLowerCase(), need.code]]));
const featureByText = new Map<string, AccessibilityFeatureCode>(
  accessibilityFeatures.flatMap((feature) => [[feature.code, feature.code], [feature.name.toLowerCase(), feature.code]]),
);

/** Reads one data row; `cells` are in file order, `columns` from readHeader. */
export function readListingRow(
  cells: string[],
  columns: Map<CsvColumnName, number>,
  row: number,
  today: string,
): { listing: ListingRow | null; problems: ImportProblem[]; /** Read even when other cells are wrong, so it is checked too. */ postcode: string | null } {
  const problems: ImportProblem[] = [];
  const problem = (field: string, message: string) => {
    problems.push({ row, field, message });
    return null;
  };
  const raw = (name: CsvColumnName) => {
    const position = columns.get(name);
    return position === undefined ? "" : (cells[position] ?? "").trim();
  };
  const optional = (name: CsvColumnName, max = 500) => {
    const value = raw(name);
    if (value.length > max) return problem(name, `${name} is ${value.length} characters long; the most is ${max}.`);
    return value || null;
  };
  const required = (name: CsvColumnName, max: number) => {
    const value = raw(name);
    if (!value) return problem(name, `${name} is empty. Every listing needs one.`);
    if (value.length > max) return problem(name, `${name} is ${value.length} characters long; the most is ${max}.`);
    return value;
  };
  const yesNo = (name: CsvColumnName) => {
    const value = raw(name).toLowerCase();
    if (["", "no", "n", "false", "0"].includes(value)) return false;
    if (["yes", "y", "true", "1"].includes(value)) return true;
    problem(name, `${name} must be yes or no, not “${raw(name)}”.`);
    return false;
  };
  const wholeNumber = (name: CsvColumnName, max: number) => {
    const value = raw(name);
    if (!value) return null;
    if (!/^-?\d+$/.test(value)) return problem(name, `${name} must be a whole number, like 4, not “${value}”.`);
    const number = Number(value);
    if (number < 0) return problem(name, `${name} cannot be negative (it is ${value}).`);
    if (number > max) return problem(name, `${name} must be ${max.toLocaleString("en-GB")} or less (it is ${value}).`);
    return number;
  };
  const coordinate = (name: CsvColumnName) => {
    const value = raw(name);
    if (!value) return null;
    const number = Number(value);
    if (!Number.isFinite(number)) return problem(name, `${name} must be a number in degrees, like 52.33, not “${value}”.`);
    return number;
  };

  // Cells past the header or missing at the end (a spreadsheet may drop trailing empty cells).
  if (cells.length > columns.size && cells.slice(columns.size).some((cell) => cell.trim() !== "")) {
    problem("", `This row has ${cells.length} cells but the header has ${columns.size} columns. Check for a stray comma or an unquoted value containing a comma.`);
  }

  let id: string | null = raw("id") || null;
  if (id && !uuidPattern.test(id)) id = problem("id", `id “${id}” is not one of our listing ids. Leave it empty for a new listing.`);

  const organisation = required("organisation", 200);
  const name = required("name", 200);
  const description = required("description", 5000);

  const kindText = raw("kind");
  const kind = kindText ? (kindByText.get(kindText.toLowerCase()) ?? problem("kind", `kind “${kindText}” is not one we know. Use one of: ${assetKinds.map((k) => k.code).join(", ")}.`)) : problem("kind", "kind is empty. Every listing needs one.");

  const deliveryText = raw("delivery");
  const delivery = parseDelivery(deliveryText);
  if (delivery === undefined) {
    problem("delivery", `delivery “${deliveryText}” is not one we know. Use ${deliveryChoices.map((choice) => `“${choice.name}”`).join(", ")} (or at_venue, to_home, remote), or leave it empty.`);
  }

  const statusText = raw("listing_status");
  const listingStatus = statusText ? (statusByText.get(statusText.toLowerCase()) ?? problem("listing_status", `listing_status “${statusText}” is not one we know. Use draft, in_review, published or archived.`)) : "draft";

  const codes = <T>(name: CsvColumnName, lookup: Map<string, T>, all: readonly { code: string }[], what: string) => {
    const found: T[] = [];
    for (const part of raw(name).split(";").map((p) => p.trim()).filter(Boolean)) {
      const code = lookup.get(part.toLowerCase());
      if (code === undefined) problem(name, `“${part}” is not a ${what} code we know. Use codes from this list: ${all.map((item) => item.code).join(", ")}.`);
      else if (!found.includes(code)) found.push(code);
    }
    return found;
  };
  const needList = codes("needs", needByText, needs, "need");
  const accessibilityList = codes("accessibility", featureByText, accessibilityFeatures, "accessibility");

  const postcodeText = raw("postcode");
  const postcode = postcodeText ? (normalisePostcode(postcodeText) ?? problem("postcode", `“${postcodeText}” is not a full UK postcode, like CB7 5AA.`)) : problem("postcode", "postcode is empty. Every listing needs one, to place it on the map.");

  const venue = optional("venue", 200);
  const address = optional("address", 200);
  const town = optional("town", 100);
  if (address && !town) problem("town", "town is empty but address is given. Give both, or neither.");

  const latitude = coordinate("latitude");
  const longitude = coordinate("longitude");
  if ((latitude === null) !== (longitude === null) && problems.every((p) => p.field !== "latitude" && p.field !== "longitude")) {
    problem(latitude === null ? "latitude" : "longitude", "Give both latitude and longitude, or neither (the postcode's are used).");
  } else if (latitude !== null && longitude !== null && !(latitude >= 49.8 && latitude <= 60.9 && longitude >= -8.7 && longitude <= 1.8)) {
    problem("latitude", `${latitude}, ${longitude} is outside the UK. Check the numbers are not swapped, or leave both empty to use the postcode.`);
  }

  const opening = parseOpeningTimes(raw("opening_times"));
  const openingTimes = "error" in opening ? (problem("opening_times", opening.error), []) : opening.times;

  const isFree = yesNo("free");
  let hourlyRatePence: number | null = null;
  const rateText = raw("hourly_rate").replace(/^£/, "").trim();
  if (rateText) {
    if (!/^-?\d+(\.\d{1,2})?$/.test(rateText)) problem("hourly_rate", `hourly_rate must be an amount in pounds, like 13.50, not “${raw("hourly_rate")}”.`);
    else if (Number(rateText) < 0) problem("hourly_rate", `hourly_rate cannot be negative (it is ${rateText}).`);
    else if (Number(rateText) > 1000) problem("hourly_rate", `hourly_rate must be £1,000 or less (it is ${rateText}).`);
    else hourlyRatePence = Math.round(Number(rateText) * 100);
  }
  const fees = optional("fees", 500);

  const unitText = raw("capacity_unit").toLowerCase().replace(/\s+/g, "_");
  const capacityUnit = !unitText ? null : unitText === "places" || unitText === "hours_per_week" ? unitText : problem("capacity_unit", `capacity_unit must be places or hours_per_week, not “${raw("capacity_unit")}”.`);
  const capacityTotal = wholeNumber("capacity_total", 100_000);
  const capacityAvailable = wholeNumber("capacity_available", 100_000);
  if (capacityTotal !== null && capacityAvailable !== null && capacityAvailable > capacityTotal) {
    problem("capacity_available", `capacity_available (${capacityAvailable}) cannot be more than capacity_total (${capacityTotal}).`);
  }
  if ((capacityTotal !== null || capacityAvailable !== null) && !capacityUnit && !problems.some((p) => p.field === "capacity_unit")) {
    problem("capacity_unit", "capacity_unit is empty. Say whether the capacity is in places or hours_per_week.");
  }
  const waitingList = yesNo("waiting_list");
  const waitingListWeeks = wholeNumber("waiting_list_weeks", 104);

  const minimumAge = wholeNumber("minimum_age", 120);
  const maximumAge = wholeNumber("maximum_age", 120);
  if (minimumAge !== null && maximumAge !== null && maximumAge < minimumAge) {
    problem("maximum_age", `maximum_age (${maximumAge}) is less than minimum_age (${minimumAge}).`);
  }
  const directPayment = yesNo("direct_payment");
  const regulated = yesNo("regulated");
  const regulator = optional("regulator", 100);

  const contactName = optional("contact_name", 200);
  const contactPhone = optional("contact_phone", 40);
  if (contactPhone && !/^\+?[\d\s()-]+$/.test(contactPhone)) problem("contact_phone", `contact_phone “${contactPhone}” must be a phone number: digits, spaces and brackets only.`);
  else if (contactPhone && (contactPhone.replace(/\D/g, "").length < 10 || contactPhone.replace(/\D/g, "").length > 13)) {
    problem("contact_phone", `contact_phone “${contactPhone}” is too short or too long for a UK phone number.`);
  }
  const contactEmail = optional("contact_email", 254);
  if (contactEmail && !emailPattern.test(contactEmail)) problem("contact_email", `contact_email “${contactEmail}” is not an email address, like name@example.org.`);
  let website = optional("website", 500);
  if (website && /^www\./i.test(website)) website = `https://${website}`;
  if (website && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(website)) website = problem("website", `website “${website}” is not a web address, like https://example.org.`);

  let lastVerified: string | null = null;
  const verifiedText = raw("last_verified");
  if (verifiedText) {
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(verifiedText);
    const british = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(verifiedText);
    const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : british ? [british[3], british[2]!.padStart(2, "0"), british[1]!.padStart(2, "0")] : [];
    const candidate = year ? `${year}-${month}-${day}` : "";
    if (!isIsoDate(candidate)) {
      problem("last_verified", `last_verified “${verifiedText}” is not a date. Write it as 2026-03-31 or 31/03/2026.`);
    } else if (candidate > today) problem("last_verified", `last_verified ${candidate} is in the future.`);
    else lastVerified = candidate;
  }

  if (problems.length) return { listing: null, problems, postcode };
  return {
    postcode,
    listing: {
      row,
      id: id ? id.toLowerCase() : null,
      organisation: organisation!,
      name: name!,
      description: description!,
      kind: kind!,
      delivery: delivery ?? null,
      listingStatus: listingStatus!,
      needs: needList,
      accessibility: accessibilityList,
      postcode: postcode!,
      venue,
      address,
      town,
      latitude,
      longitude,
      openingTimes,
      isFree,
      hourlyRatePence,
      fees,
      capacityUnit,
      capacityTotal,
      capacityAvailable,
      waitingList,
      waitingListWeeks,
      minimumAge,
      maximumAge,
      directPayment,
      regulated,
      regulator,
      contactName,
      contactPhone,
      contactEmail,
      website,
      lastVerified,
    },
    problems,
  };
}
