/**
 * Data quality of Open Referral UK services, field by field, against what ORUK and the DfE's
 * feed-quality checks expect of a usable listing: a stable id, a name, a description, a web
 * address, the organisation that runs it, and a way to contact it. Pure: it reads ORUK 3.0
 * service records (full or list items) from any feed, ours or a harvested one.
 */

type Json = Record<string, unknown>;

export const qualityFields = [
  { code: "id", label: "A stable id (a UUID)", usable: true },
  { code: "name", label: "A name", usable: true },
  { code: "description", label: "A description", usable: true },
  { code: "url", label: "A web address", usable: true },
  { code: "organization", label: "The organisation that runs it", usable: true },
  { code: "contact", label: "A way to contact it (phone or email)", usable: true },
  { code: "phone", label: "A phone number", usable: false },
] as const;

export type QualityField = (typeof qualityFields)[number]["code"];

export interface FailingService {
  id: string | null;
  name: string | null;
  missing: QualityField[];
}

export interface QualityReport {
  total: number;
  /** Services that meet every expectation marked usable. */
  usable: number;
  fields: { code: QualityField; label: string; met: number; share: number; failing: FailingService[] }[];
  /** Every service that misses something, with what it misses. */
  failing: FailingService[];
  /** Neither a web address nor a phone number: flagged first on the coordinator's list. */
  noUrlOrPhone: FailingService[];
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);
const list = (value: unknown) => (Array.isArray(value) ? (value as Json[]) : []);

/** Every phone number a client could find on the record: the service's, its contacts', our extension's. */
function phonesOf(service: Json): string[] {
  const contacts = list(service.contacts);
  const numbers = [
    ...list(service.phones).map((phone) => phone.number),
    ...contacts.flatMap((contact) => list(contact.phones).map((phone) => phone.number)),
    ...contacts.flatMap((contact) => list((contact.x_atlas as Json | undefined)?.phones).map((phone) => phone.number)),
  ];
  return numbers.map(text).filter((number): number is string => number !== null && /\d{6,}/.test(number.replace(/\D/g, "")));
}

function emailsOf(service: Json): string[] {
  const contacts = list(service.contacts);
  return [service.email, ...contacts.map((contact) => contact.email), ...contacts.map((contact) => (contact.x_atlas as Json | undefined)?.email)]
    .map(text)
    .filter((email): email is string => email !== null && email.includes("@"));
}

/** Which expectations one service meets. */
export function serviceQuality(service: Json): Record<QualityField, boolean> {
  const organization = service.organization as Json | undefined;
  const phone = phonesOf(service).length > 0;
  return {
    id: typeof service.id === "string" && uuid.test(service.id),
    name: text(service.name) !== null,
    description: text(service.description) !== null,
    url: /^https?:\/\/\S+\.\S+/i.test(text(service.url) ?? ""),
    organization: text(organization?.name) !== null || (typeof service.organization_id === "string" && uuid.test(service.organization_id)),
    contact: phone || emailsOf(service).length > 0,
    phone,
  };
}

export function assessServices(services: Json[]): QualityReport {
  const rows = services.map((service) => {
    const met = serviceQuality(service);
    const missing = qualityFields.filter((field) => !met[field.code]).map((field) => field.code);
    return { service: { id: typeof service.id === "string" ? service.id : null, name: text(service.name), missing }, met };
  });
  const total = rows.length;
  const usableFields = qualityFields.filter((field) => field.usable).map((field) => field.code);
  return {
    total,
    usable: rows.filter((row) => usableFields.every((field) => row.met[field])).length,
    fields: qualityFields.map((field) => {
      const met = rows.filter((row) => row.met[field.code]).length;
      return {
        code: field.code,
        label: field.label,
        met,
        share: total ? met / total : 1,
        failing: rows.filter((row) => !row.met[field.code]).map((row) => row.service),
      };
    }),
    failing: rows.filter((row) => row.service.missing.length).map((row) => row.service),
    noUrlOrPhone: rows.filter((row) => !row.met.url && !row.met.phone).map((row) => row.service),
  };
}

/** 0.4567 → "46%". */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The report in plain English, for the command line. */
export function describeQuality(report: QualityReport, source: string): string {
  const lines = [
    `Data quality of ${source}: ${report.total} services; ${report.usable} (${percent(report.total ? report.usable / report.total : 1)}) meet every expectation of a usable listing.`,
  ];
  for (const field of report.fields) lines.push(`  ${field.label}: ${field.met} of ${report.total} (${percent(field.share)})`);
  if (report.noUrlOrPhone.length) lines.push(`Neither a web address nor a phone number: ${report.noUrlOrPhone.length}.`);
  if (report.failing.length) {
    lines.push("What each listing misses:");
    const labels = new Map<string, string>(qualityFields.map((field) => [field.code, field.label.toLowerCase()]));
    for (const service of report.failing) {
      lines.push(`  - ${service.name ?? "(no name)"}${service.id ? ` (${service.id})` : ""}: ${service.missing.map((code) => labels.get(code)).join("; ")}`);
    }
  }
  return lines.join("\n");
}
