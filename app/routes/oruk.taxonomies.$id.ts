import { getTaxonomy } from "../modules/oruk/feed.server";
import { endpointQuery, notFound, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints } from "../modules/oruk/query";

/** GET /oruk/taxonomies/{id} — one taxonomy with its terms. */
export const loader = orukLoader(async ({ db, url, params }) => {
  endpointQuery(endpoints.taxonomy, url);
  return (await getTaxonomy(db, params.id!)) ?? notFound("taxonomy", params.id!);
});
export const action = orukAction;
