import { endpointQuery, orukAction, orukLoader } from "../modules/oruk/http.server";
import { openapiDocument } from "../modules/oruk/openapi.server";
import { endpoints } from "../modules/oruk/query";

/** GET /oruk/openapi.json — the UK profile's OpenAPI document, made valid and served from our base. */
export const loader = orukLoader(async ({ url, origin }) => {
  endpointQuery(endpoints.openapi, url);
  return openapiDocument(origin);
});
export const action = orukAction;
