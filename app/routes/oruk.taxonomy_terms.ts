import { listTaxonomyTerms } from "../modules/oruk/feed.server";
import { endpointQuery, listResponse, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints, perPageDefault } from "../modules/oruk/query";

/** GET /oruk/taxonomy_terms — taxonomy terms (of one taxonomy, under one parent, or matching words), a page at a time. */
export const loader = orukLoader(async ({ db, url }) => {
  const query = endpointQuery(endpoints.taxonomyTerms, url);
  return listResponse(query, perPageDefault, (paging) => listTaxonomyTerms(db, query, paging));
});
export const action = orukAction;
