/**
 * The listings CSV template: one row per listing, these columns in any order (ADR 0012,
 * docs/import-csv.md). Shared by the import, the export, the upload page and the docs test.
 */

export interface CsvColumn {
  name: string;
  required: boolean;
  /** What goes in it, in plain English (shown on the upload page and in the docs). */
  help: string;
}

export const csvColumns = [
  { name: "id", required: false, help: "Leave empty for a new listing. An export fills it in; keep it to update that listing." },
  { name: "organisation", required: true, help: "Who runs it. An organisation with this exact name is reused, otherwise one is created." },
  { name: "name", required: true, help: "The listing's name, up to 200 characters." },
  { name: "description", required: true, help: "What it offers, in plain English, up to 5,000 characters." },
  { name: "kind", required: true, help: "One of: vcs_group, community_hub, micro_enterprise, personal_assistant, faith_group, local_business, commissioned_service, technology_enabled_care." },
  {
    name: "delivery",
    required: false,
    help: "How it reaches people: People come to a place, It comes to people's homes, or By phone or online (or at_venue, to_home, remote). Empty: a new listing gets the usual rule, an existing one keeps its own.",
  },
  { name: "listing_status", required: false, help: "draft, in_review, published or archived. Empty means draft." },
  { name: "needs", required: false, help: "Need codes separated by ; for example social-connection;getting-out." },
  { name: "accessibility", required: false, help: "Accessibility codes separated by ; for example step-free;hearing-loop." },
  { name: "postcode", required: true, help: "A full postcode in the postcode table, for example CB7 5AA. It sets the ward and district." },
  { name: "venue", required: false, help: "The place's name, for example Soham Village College." },
  { name: "address", required: false, help: "The first line of the address. If you give it, give the town too." },
  { name: "town", required: false, help: "The town or village." },
  { name: "latitude", required: false, help: "Leave empty to use the postcode's. If given: inside the UK and within 10 km of the postcode." },
  { name: "longitude", required: false, help: "As latitude." },
  { name: "opening_times", required: false, help: "Days then hours, several separated by ; for example Tue,Thu 10:00-12:00; 1st Mon 14:00-16:00 (first Monday of the month). 24-hour clock; closing after opening." },
  { name: "free", required: false, help: "yes or no. Empty means no." },
  { name: "hourly_rate", required: false, help: "Pounds an hour, for example 13.50. Not negative." },
  { name: "fees", required: false, help: "Any other charges, in words, for example £3 for lunch." },
  { name: "capacity_unit", required: false, help: "places or hours_per_week." },
  { name: "capacity_total", required: false, help: "A whole number, 0 or more." },
  { name: "capacity_available", required: false, help: "A whole number, not more than capacity_total." },
  { name: "waiting_list", required: false, help: "yes or no." },
  { name: "waiting_list_weeks", required: false, help: "A whole number of weeks, 0 to 104." },
  { name: "minimum_age", required: false, help: "A whole number of years, 0 to 120." },
  { name: "maximum_age", required: false, help: "A whole number of years, not less than minimum_age." },
  { name: "direct_payment", required: false, help: "yes or no: can a Direct Payment pay for it?" },
  { name: "regulated", required: false, help: "yes or no: is it regulated (for example by the CQC)?" },
  { name: "regulator", required: false, help: "Who regulates it, for example CQC." },
  { name: "contact_name", required: false, help: "Who to contact." },
  { name: "contact_phone", required: false, help: "A UK phone number, for example 01353 123456." },
  { name: "contact_email", required: false, help: "An email address." },
  { name: "website", required: false, help: "A web address starting https://" },
  { name: "last_verified", required: false, help: "When the listing was last checked: 2026-03-31 or 31/03/2026. Not in the future." },
] as const satisfies ReadonlyArray<CsvColumn>;

export type CsvColumnName = (typeof csvColumns)[number]["name"];

export const csvColumnNames = csvColumns.map((column) => column.name) as CsvColumnName[];

/** The largest file the upload accepts. A bigger one is refused from its Content-Length, unread. */
export const maxImportBytes = 20 * 1024 * 1024;

/** The example file the upload page links to (public/, so it is a static download). */
export const exampleCsvPath = "/downloads/asset-atlas-listings-example.csv";
