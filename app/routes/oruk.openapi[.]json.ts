import { openapiDocument } from "../modules/oruk/feed.server";
import { orukAction, orukLoader } from "../modules/oruk/http.server";

/** GET /oruk/openapi.json — the UK profile's OpenAPI document, served from our base. */
export const loader = orukLoader(async ({ url }) => openapiDocument(url.origin));
export const action = orukAction;
