import { allOnOnePage, listServices } from "../modules/oruk/feed.server";
import { endpointQuery, listResponse, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints, perPageDefault } from "../modules/oruk/query";

/** GET /oruk/services — published services, a page at a time, filtered by the ORUK parameters. */
export const loader = orukLoader(async ({ db, url }) => {
  const query = endpointQuery(endpoints.services, url);
  return listResponse(query, query.minimal ? allOnOnePage : perPageDefault, (paging) => listServices(db, query, paging));
});
export const action = orukAction;
