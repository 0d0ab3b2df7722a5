import { listOrganizations } from "../modules/oruk/feed.server";
import { endpointQuery, listResponse, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints, perPageDefault } from "../modules/oruk/query";

/** GET /oruk/organizations — organisations that run published services, a page at a time. */
export const loader = orukLoader(async ({ db, url }) => {
  const query = endpointQuery(endpoints.organizations, url);
  return listResponse(query, perPageDefault, (paging) => listOrganizations(db, query, paging));
});
export const action = orukAction;
