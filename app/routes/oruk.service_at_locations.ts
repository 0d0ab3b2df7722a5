import { listServiceAtLocations } from "../modules/oruk/feed.server";
import { endpointQuery, listResponse, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints, perPageDefault } from "../modules/oruk/query";

/** GET /oruk/service_at_locations — where published services are delivered, a page at a time. */
export const loader = orukLoader(async ({ db, url }) => {
  const query = endpointQuery(endpoints.serviceAtLocations, url);
  return listResponse(query, perPageDefault, (paging) => listServiceAtLocations(db, query, paging));
});
export const action = orukAction;
