/**
 * The first version of Open Referral UK (HSDS-UK 1.0), read into the 3.0 records the harvester
 * writes (docs/oruk.md, "Harvesting a v1 feed"). Pure: no data access. Most UK feeds in service,
 * and the clients built on them, still speak v1.
 *
 * v1 → 3.0:
 * - a page is `content` with `totalElements`, `totalPages`, `number` (not `contents`,
 *   `total_items` …);
 * - `organization.url` → `organization.website`; the organisation's id → `organization_id`;
 * - `eligibilities` (or `eligibilitys`): the youngest `minimum_age` and oldest `maximum_age` →
 *   `minimum_age`, `maximum_age`; the eligibility words → attributes;
 * - `regular_schedules` (the service's, and each service at location's) → `schedules`, with
 *   `weekday` (1 = Monday … 7 = Sunday) as `byday` when there is no `byday`, weekly;
 * - `contacts[].phones` → `contacts[].phones` (and our extension, which the harvester reads);
 * - `fundings` → `funding`; `languages[].language` → `languages[].name`;
 * - `service_at_locations[].location.physical_addresses` → `addresses` (`address_2`–`address_4`
 *   joined into our `address_2`), `accessibility_for_disabilities` → `accessibility`;
 * - `service_taxonomies` (or `service_taxonomys`) → attributes, each term in the taxonomy its
 *   `vocabulary` names; `deliverable_type`, `attending_type`, `attending_access` → attributes in
 *   taxonomies of those names (and `attending_type` on each schedule);
 * - not carried: `holiday_schedules` (3.0 has no closed days), `reviews`.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const list = (...values: unknown[]): Json[] => values.flatMap((value) => (Array.isArray(value) ? value.filter(isObject) : []));
const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value.trim() : typeof value === "number" ? String(value) : undefined);
const number = (value: unknown): number | undefined => {
  const parsed = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
};

/** A v1 list page: `content` and v1's totals. */
export function isV1Page(json: unknown): json is Json & { content: unknown[] } {
  return isObject(json) && Array.isArray(json.content) && ("totalElements" in json || "totalPages" in json || "number" in json);
}

/** A 3.0 list page: `contents`. */
export function isV3Page(json: unknown): json is Json & { contents: unknown[] } {
  return isObject(json) && Array.isArray(json.contents);
}

const v1Only = ["regular_schedules", "holiday_schedules", "eligibilities", "eligibilitys", "service_taxonomies", "service_taxonomys", "fundings", "reviews", "deliverable_type", "attending_type", "attending_access"];

/** A v1 service record: it carries something only v1 has, or a location with v1's physical_addresses. */
export function isV1Service(json: unknown): boolean {
  if (!isObject(json)) return false;
  if (v1Only.some((key) => key in json)) return true;
  if (isObject(json.organization) && "url" in json.organization && !("website" in json.organization)) return true;
  return list(json.service_at_locations).some((sal) => isObject(sal.location) && ("physical_addresses" in sal.location || "accessibility_for_disabilities" in sal.location));
}

/** Which version a piece of JSON from a feed is: a page, a record, or the `/` description. */
export function versionOf(json: unknown): "1.0" | "3.0" | null {
  if (isV1Page(json)) return "1.0";
  if (isV3Page(json)) return "3.0";
  if (Array.isArray(json)) return json.some(isV1Service) ? "1.0" : "3.0";
  if (!isObject(json)) return null;
  if (typeof json.version === "string" && !("id" in json)) return /^(HSDS-UK-)?v?1(\.|$)/i.test(json.version) ? "1.0" : "3.0";
  return isV1Service(json) ? "1.0" : "3.0";
}

const weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

function schedulesOf(schedules: Json[], serviceAtLocationId: string | undefined, attendingType: string | undefined): Json[] {
  return schedules.map((schedule) => {
    const weekday = number(schedule.weekday);
    const byday = text(schedule.byday) ?? (weekday && weekday >= 1 && weekday <= 7 ? weekdays[weekday - 1] : undefined);
    const freq = text(schedule.freq)?.toUpperCase();
    return {
      id: text(schedule.id),
      service_at_location_id: serviceAtLocationId,
      valid_from: text(schedule.valid_from),
      valid_to: text(schedule.valid_to),
      dtstart: text(schedule.dtstart),
      freq: freq === "WEEKLY" || freq === "MONTHLY" ? freq : byday ? "WEEKLY" : undefined,
      interval: number(schedule.interval),
      byday,
      bymonthday: text(schedule.bymonthday),
      description: text(schedule.description),
      opens_at: text(schedule.opens_at),
      closes_at: text(schedule.closes_at),
      attending_type: attendingType,
    };
  });
}

/** An attribute linking the service to a term of `taxonomy` (created by the harvester if new). */
function attribute(id: string | undefined, term: { id: string; name: string; parentId?: string }, taxonomy: string): Json {
  return {
    id,
    link_type: "service",
    taxonomy_term_id: term.id,
    taxonomy_term: { id: term.id, name: term.name, description: term.name, parent_id: term.parentId, taxonomy, term: term.id },
  };
}

/** One v1 service as the 3.0 record the harvester reads. Anything not an object is passed on, for the harvester to refuse. */
export function v1ServiceToOruk(v1: unknown): unknown {
  if (!isObject(v1)) return v1;
  const organization = isObject(v1.organization) ? v1.organization : undefined;
  const eligibilities = list(v1.eligibilities, v1.eligibilitys);
  const minimums = eligibilities.map((e) => number(e.minimum_age)).filter((age): age is number => age !== undefined);
  const maximums = eligibilities.map((e) => number(e.maximum_age)).filter((age): age is number => age !== undefined);
  const attendingType = text(v1.attending_type);
  const attributes: Json[] = [
    ...list(v1.service_taxonomies, v1.service_taxonomys).flatMap((link) => {
      const taxonomy = isObject(link.taxonomy) ? link.taxonomy : undefined;
      const id = text(taxonomy?.id);
      const name = text(taxonomy?.name);
      if (!taxonomy || !id || !name) return [];
      return [attribute(text(link.id), { id, name, parentId: text(taxonomy.parent_id) }, text(taxonomy.vocabulary) ?? "Open Referral UK v1 taxonomy")];
    }),
    ...eligibilities.flatMap((e) => {
      const word = text(e.eligibility);
      return word ? [attribute(undefined, { id: `eligibility:${word.toLowerCase()}`, name: word }, "Eligibility (Open Referral UK v1)")] : [];
    }),
    ...(
      [
        ["deliverable_type", "Deliverable type (Open Referral UK v1)"],
        ["attending_type", "Attending type (Open Referral UK v1)"],
        ["attending_access", "Attending access (Open Referral UK v1)"],
      ] as const
    ).flatMap(([field, taxonomy]) => {
      const value = text(v1[field]);
      return value ? [attribute(undefined, { id: `${field}:${value.toLowerCase()}`, name: value }, taxonomy)] : [];
    }),
  ];
  const servicesAtLocations = list(v1.service_at_locations);
  const contacts = list(v1.contacts).map((contact) => {
    const phones = list(contact.phones).map((phone) => ({ id: text(phone.id), number: text(phone.number), description: text(phone.description) ?? text(phone.language) }));
    const valid = phones.filter((phone) => phone.number !== undefined);
    return {
      id: text(contact.id),
      name: text(contact.name),
      title: text(contact.title),
      email: text(contact.email),
      phones: valid,
      // The harvester reads a contact's email and phones from our extension.
      x_atlas: { email: text(contact.email), phones: valid },
    };
  });
  return {
    id: text(v1.id),
    organization_id: text(organization?.id),
    name: text(v1.name),
    description: text(v1.description),
    url: text(v1.url),
    email: text(v1.email),
    status: text(v1.status)?.toLowerCase(),
    fees: text(v1.fees),
    accreditations: text(v1.accreditations),
    minimum_age: minimums.length ? Math.min(...minimums) : undefined,
    maximum_age: maximums.length ? Math.max(...maximums) : undefined,
    assured_date: text(v1.assured_date),
    organization: organization
      ? {
          id: text(organization.id),
          name: text(organization.name),
          description: text(organization.description),
          email: text(organization.email),
          website: text(organization.url),
          logo: text(organization.logo),
          uri: text(organization.uri),
        }
      : undefined,
    schedules: [
      ...schedulesOf(list(v1.regular_schedules), undefined, attendingType),
      ...servicesAtLocations.flatMap((sal) => schedulesOf(list(sal.regular_schedules), text(sal.id), attendingType)),
    ],
    service_areas: list(v1.service_areas).map((area) => ({
      id: text(area.id),
      name: text(area.service_area) ?? text(area.name),
      service_area: text(area.service_area) ?? text(area.description),
      extent: text(area.extent),
      uri: text(area.uri),
    })),
    service_at_locations: servicesAtLocations.flatMap((sal) => {
      const location = isObject(sal.location) ? sal.location : undefined;
      if (!location) return [];
      const addresses = list(location.physical_addresses).map((address) => ({
        id: text(address.id),
        attention: text(address.attention),
        address_1: text(address.address_1) ?? "",
        city: text(address.city) ?? "",
        region: text(address.region),
        state_province: text(address.state_province) ?? "",
        postal_code: text(address.postal_code) ?? "",
        country: text(address.country) ?? "GB",
        address_type: "physical",
        x_atlas: { address_2: [address.address_2, address.address_3, address.address_4].map(text).filter(Boolean).join(", ") || undefined },
      }));
      return [
        {
          id: text(sal.id),
          location_id: text(location.id),
          location: {
            id: text(location.id),
            location_type: "physical",
            name: text(location.name),
            description: text(location.description),
            latitude: number(location.latitude),
            longitude: number(location.longitude),
            addresses,
            accessibility: list(location.accessibility_for_disabilities).map((item) => ({ id: text(item.id), accessibility: text(item.accessibility), details: text(item.details) })),
          },
        },
      ];
    }),
    languages: list(v1.languages).map((language) => ({ id: text(language.id), name: text(language.language), x_atlas: { name: text(language.language) } })),
    funding: list(v1.fundings, v1.funding).map((fund) => ({ id: text(fund.id), source: text(fund.source) })),
    cost_options: list(v1.cost_options).map((cost) => ({
      id: text(cost.id),
      valid_from: text(cost.valid_from),
      valid_to: text(cost.valid_to),
      option: text(cost.option),
      amount: number(cost.amount),
      amount_description: text(cost.amount_description),
    })),
    contacts,
    attributes,
  };
}
