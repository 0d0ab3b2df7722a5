import { getTaxonomyTerm } from "../modules/oruk/feed.server";
import { endpointQuery, notFound, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints } from "../modules/oruk/query";

/** GET /oruk/taxonomy_terms/{id} — one taxonomy term. */
export const loader = orukLoader(async ({ db, url, params }) => {
  endpointQuery(endpoints.taxonomyTerm, url);
  return (await getTaxonomyTerm(db, params.id!)) ?? notFound("taxonomy term", params.id!);
});
export const action = orukAction;
