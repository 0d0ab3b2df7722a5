import { listTaxonomyTerms } from "../modules/oruk/feed.server";
import { orukAction, orukLoader, parseQuery, requireQuery } from "../modules/oruk/http.server";
import { termQuerySchema } from "../modules/oruk/query";

/** GET /oruk/taxonomy_terms — taxonomy terms (optionally of one taxonomy), a page at a time. */
export const loader = orukLoader(async ({ db, url }) => listTaxonomyTerms(db, requireQuery(parseQuery(termQuerySchema, url.searchParams))));
export const action = orukAction;
