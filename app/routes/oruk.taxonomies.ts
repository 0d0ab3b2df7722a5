import { listTaxonomies } from "../modules/oruk/feed.server";
import { endpointQuery, listResponse, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints, perPageDefault } from "../modules/oruk/query";

/** GET /oruk/taxonomies — the taxonomies our terms belong to, a page at a time. */
export const loader = orukLoader(async ({ db, url }) => {
  const query = endpointQuery(endpoints.taxonomies, url);
  return listResponse(query, perPageDefault, (paging) => listTaxonomies(db, query, paging));
});
export const action = orukAction;
