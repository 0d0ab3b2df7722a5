import { apiMeta } from "../modules/oruk/feed.server";
import { orukAction, orukLoader } from "../modules/oruk/http.server";

/** GET /oruk/ — the HSDS version and profile of this Open Referral UK feed. */
export const loader = orukLoader(async ({ url }) => apiMeta(url.origin));
export const action = orukAction;
