import { getTaxonomyTerm } from "../modules/oruk/feed.server";
import { notFound, orukAction, orukLoader } from "../modules/oruk/http.server";

/** GET /oruk/taxonomy_terms/{id} — one taxonomy term. */
export const loader = orukLoader(
  async ({ db, params }) => (await getTaxonomyTerm(db, params.id!)) ?? notFound("taxonomy term", params.id!),
);
export const action = orukAction;
