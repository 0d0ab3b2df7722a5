import { getTaxonomy } from "../modules/oruk/feed.server";
import { notFound, orukAction, orukLoader } from "../modules/oruk/http.server";

/** GET /oruk/taxonomies/{id} — one taxonomy with its terms. */
export const loader = orukLoader(async ({ db, params }) => (await getTaxonomy(db, params.id!)) ?? notFound("taxonomy", params.id!));
export const action = orukAction;
