import { listTaxonomies } from "../modules/oruk/feed.server";
import { orukAction, orukLoader, parseQuery, requireQuery } from "../modules/oruk/http.server";
import { pageQuerySchema } from "../modules/oruk/query";

/** GET /oruk/taxonomies — the taxonomies our terms belong to, a page at a time. */
export const loader = orukLoader(async ({ db, url }) => listTaxonomies(db, requireQuery(parseQuery(pageQuerySchema, url.searchParams))));
export const action = orukAction;
