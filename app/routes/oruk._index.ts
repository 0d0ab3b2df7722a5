import { apiMeta } from "../modules/oruk/feed.server";
import { endpointQuery, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints } from "../modules/oruk/query";

/** GET /oruk/ — the HSDS version and profile of this Open Referral UK feed. */
export const loader = orukLoader(async ({ url, origin }) => {
  endpointQuery(endpoints.meta, url);
  return apiMeta(origin);
});
export const action = orukAction;
