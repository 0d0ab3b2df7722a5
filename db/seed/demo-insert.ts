/**
 * Writes the generated demo directory into the ORUK-shaped tables, in one transaction.
 */
import type { Database } from "../client.server";
import {
  addresses,
  attributes,
  contacts,
  costOptions,
  locations,
  organizations,
  phones,
  schedules,
  serviceAreas,
  serviceAtLocations,
  services,
} from "../schema";
import type { DemoAsset } from "./demo-directory";
import { stableId } from "./ids";
import { taxonomyCodes, termId } from "./taxonomy";

type Rows<T extends { $inferInsert: unknown }> = T["$inferInsert"][];

export async function insertDemoDirectory(db: Database, assets: DemoAsset[]): Promise<number> {
  const rows = {
    organizations: new Map<string, Rows<typeof organizations>[number]>(),
    services: [] as Rows<typeof services>,
    locations: [] as Rows<typeof locations>,
    addresses: [] as Rows<typeof addresses>,
    serviceAtLocations: [] as Rows<typeof serviceAtLocations>,
    schedules: [] as Rows<typeof schedules>,
    costOptions: [] as Rows<typeof costOptions>,
    contacts: [] as Rows<typeof contacts>,
    phones: [] as Rows<typeof phones>,
    attributes: [] as Rows<typeof attributes>,
    serviceAreas: [] as Rows<typeof serviceAreas>,
  };

  for (const asset of assets) {
    const organizationId = stableId("organization", asset.organization.key);
    rows.organizations.set(organizationId, {
      id: organizationId,
      name: asset.organization.name,
      description: asset.organization.description,
      email: asset.organization.email,
      website: asset.organization.website,
      isDemo: true,
    });
    const serviceId = stableId("service", asset.key);
    rows.services.push({
      id: serviceId,
      organizationId,
      name: asset.name,
      description: asset.description,
      email: asset.contact.email,
      fees: asset.fees,
      minimumAge: asset.minimumAge,
      maximumAge: asset.maximumAge,
      kind: asset.kind,
      listingStatus: asset.listingStatus,
      capacityUnit: asset.capacity?.unit ?? null,
      capacityTotal: asset.capacity?.total ?? null,
      capacityAvailable: asset.capacity?.available ?? null,
      waitingList: asset.capacity?.waitingList ?? false,
      waitingListWeeks: asset.capacity?.waitingListWeeks ?? null,
      directPayment: asset.directPayment,
      hourlyRatePence: asset.hourlyRatePence,
      isFree: asset.isFree,
      regulated: asset.regulated,
      regulator: asset.regulator,
      lastVerifiedAt: asset.lastVerifiedAt,
      assuredDate: asset.lastVerifiedAt,
      isDemo: true,
    });

    const locationId = stableId("location", asset.key);
    rows.locations.push({
      id: locationId,
      organizationId,
      locationType: "physical",
      name: asset.venue?.name ?? `Based in ${asset.town}`,
      latitude: asset.postcode.latitude,
      longitude: asset.postcode.longitude,
      postcode: asset.postcode.postcode,
      wardCode: asset.postcode.wardCode,
      districtCode: asset.postcode.districtCode,
    });
    if (asset.venue) {
      rows.addresses.push({
        id: stableId("address", asset.key),
        locationId,
        address1: asset.venue.address1,
        city: asset.town,
        stateProvince: "Cambridgeshire",
        postalCode: asset.postcode.postcode,
        country: "GB",
        addressType: "physical",
      });
    }
    const serviceAtLocationId = stableId("service-at-location", asset.key);
    rows.serviceAtLocations.push({ id: serviceAtLocationId, serviceId, locationId });

    asset.schedules.forEach((schedule, index) => {
      rows.schedules.push({
        id: stableId("schedule", `${asset.key}/${index}`),
        serviceId,
        serviceAtLocationId,
        freq: schedule.freq,
        interval: 1,
        byday: schedule.byday,
        opensAt: schedule.opensAt,
        closesAt: schedule.closesAt,
        description: schedule.description,
        attendingType: asset.venue ? "in person" : "at home",
      });
    });
    if (asset.costOption) {
      rows.costOptions.push({ id: stableId("cost-option", asset.key), serviceId, ...asset.costOption });
    }
    const contactId = stableId("contact", asset.key);
    rows.contacts.push({
      id: contactId,
      serviceId,
      name: asset.contact.name,
      title: asset.contact.title,
      email: asset.contact.email,
    });
    rows.phones.push({ id: stableId("phone", asset.key), contactId, number: asset.contact.phone });

    const link = (taxonomy: (typeof taxonomyCodes)[keyof typeof taxonomyCodes], code: string) =>
      rows.attributes.push({
        id: stableId("attribute", `${asset.key}/${taxonomy}/${code}`),
        linkId: serviceId,
        linkType: "service",
        taxonomyTermId: termId(taxonomy, code),
      });
    link(taxonomyCodes.kinds, asset.kind);
    for (const need of asset.needs) link(taxonomyCodes.needs, need);
    for (const feature of asset.accessibility) link(taxonomyCodes.accessibility, feature);

    rows.serviceAreas.push({
      id: stableId("service-area", asset.key),
      serviceId,
      name: asset.serviceArea.name,
      description: `Serves ${asset.serviceArea.name}`,
      districtCode: asset.serviceArea.districtCode,
      wardCode: asset.serviceArea.wardCode,
    });
  }

  await db.transaction(async (tx) => {
    await insertInBatches(tx, organizations, [...rows.organizations.values()]);
    await insertInBatches(tx, services, rows.services);
    await insertInBatches(tx, locations, rows.locations);
    await insertInBatches(tx, addresses, rows.addresses);
    await insertInBatches(tx, serviceAtLocations, rows.serviceAtLocations);
    await insertInBatches(tx, schedules, rows.schedules);
    await insertInBatches(tx, costOptions, rows.costOptions);
    await insertInBatches(tx, contacts, rows.contacts);
    await insertInBatches(tx, phones, rows.phones);
    await insertInBatches(tx, attributes, rows.attributes);
    await insertInBatches(tx, serviceAreas, rows.serviceAreas);
  });
  return rows.services.length;
}

// why `any`: drizzle's insert() generics do not survive being passed a table union.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function insertInBatches(tx: Pick<Database, "insert">, table: any, values: unknown[], size = 500) {
  for (let start = 0; start < values.length; start += size) {
    await tx.insert(table).values(values.slice(start, start + size));
  }
}
