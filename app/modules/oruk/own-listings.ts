/**
 * Our own listings, as opposed to those harvested from a neighbour's feed (kept apart: ADR
 * 0026): the feed, the worklist, the reminders and the data-quality report count only ours.
 */
import { sql, type SQLWrapper } from "drizzle-orm";

/** SQL: the service (its id column) is one of ours, not harvested from a neighbour. */
export const isOwnListing = (serviceId: SQLWrapper) => sql`not exists (select 1 from harvested_services h where h.service_id = ${serviceId})`;

/** The same, for queries that call the service `s`. */
export const ownListing = isOwnListing(sql`s.id`);
