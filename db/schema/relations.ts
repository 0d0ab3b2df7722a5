import { relations } from "drizzle-orm";
import {
  accessibility,
  addresses,
  contacts,
  costOptions,
  funding,
  languages,
  locations,
  organizationIdentifiers,
  organizations,
  phones,
  schedules,
  serviceAreas,
  serviceAtLocations,
  services,
  taxonomies,
  taxonomyTerms,
} from "./directory";
import { districts, wards } from "./places";

export const organizationsRelations = relations(organizations, ({ many }) => ({
  services: many(services),
  organizationIdentifiers: many(organizationIdentifiers),
}));

export const servicesRelations = relations(services, ({ one, many }) => ({
  organization: one(organizations, { fields: [services.organizationId], references: [organizations.id] }),
  serviceAtLocations: many(serviceAtLocations),
  schedules: many(schedules),
  costOptions: many(costOptions),
  contacts: many(contacts),
  serviceAreas: many(serviceAreas),
  funding: many(funding),
  languages: many(languages),
}));

export const locationsRelations = relations(locations, ({ many }) => ({
  addresses: many(addresses),
  accessibility: many(accessibility),
  serviceAtLocations: many(serviceAtLocations),
}));

export const addressesRelations = relations(addresses, ({ one }) => ({
  location: one(locations, { fields: [addresses.locationId], references: [locations.id] }),
}));

export const accessibilityRelations = relations(accessibility, ({ one }) => ({
  location: one(locations, { fields: [accessibility.locationId], references: [locations.id] }),
}));

export const serviceAtLocationsRelations = relations(serviceAtLocations, ({ one }) => ({
  service: one(services, { fields: [serviceAtLocations.serviceId], references: [services.id] }),
  location: one(locations, { fields: [serviceAtLocations.locationId], references: [locations.id] }),
}));

export const schedulesRelations = relations(schedules, ({ one }) => ({
  service: one(services, { fields: [schedules.serviceId], references: [services.id] }),
}));

export const costOptionsRelations = relations(costOptions, ({ one }) => ({
  service: one(services, { fields: [costOptions.serviceId], references: [services.id] }),
}));

export const contactsRelations = relations(contacts, ({ one, many }) => ({
  service: one(services, { fields: [contacts.serviceId], references: [services.id] }),
  phones: many(phones),
}));

export const phonesRelations = relations(phones, ({ one }) => ({
  contact: one(contacts, { fields: [phones.contactId], references: [contacts.id] }),
}));

export const taxonomiesRelations = relations(taxonomies, ({ many }) => ({
  terms: many(taxonomyTerms),
}));

export const taxonomyTermsRelations = relations(taxonomyTerms, ({ one }) => ({
  taxonomy: one(taxonomies, { fields: [taxonomyTerms.taxonomyId], references: [taxonomies.id] }),
}));

export const serviceAreasRelations = relations(serviceAreas, ({ one }) => ({
  service: one(services, { fields: [serviceAreas.serviceId], references: [services.id] }),
  district: one(districts, { fields: [serviceAreas.districtCode], references: [districts.code] }),
  ward: one(wards, { fields: [serviceAreas.wardCode], references: [wards.code] }),
}));

export const districtsRelations = relations(districts, ({ many }) => ({
  wards: many(wards),
}));

export const wardsRelations = relations(wards, ({ one }) => ({
  district: one(districts, { fields: [wards.districtCode], references: [districts.code] }),
}));

export const organizationIdentifiersRelations = relations(organizationIdentifiers, ({ one }) => ({
  organization: one(organizations, {
    fields: [organizationIdentifiers.organizationId],
    references: [organizations.id],
  }),
}));

export const fundingRelations = relations(funding, ({ one }) => ({
  service: one(services, { fields: [funding.serviceId], references: [services.id] }),
}));

export const languagesRelations = relations(languages, ({ one }) => ({
  service: one(services, { fields: [languages.serviceId], references: [services.id] }),
  phone: one(phones, { fields: [languages.phoneId], references: [phones.id] }),
}));
