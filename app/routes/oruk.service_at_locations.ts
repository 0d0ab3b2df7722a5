import { listServiceAtLocations } from "../modules/oruk/feed.server";
import { orukAction, orukLoader, parseQuery, requireQuery } from "../modules/oruk/http.server";
import { serviceQuerySchema } from "../modules/oruk/query";

/** GET /oruk/service_at_locations — where published services are delivered, a page at a time. */
export const loader = orukLoader(async ({ db, url }) =>
  listServiceAtLocations(db, requireQuery(parseQuery(serviceQuerySchema, url.searchParams))),
);
export const action = orukAction;
