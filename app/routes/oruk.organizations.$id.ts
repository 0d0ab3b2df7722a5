import { getOrganization } from "../modules/oruk/feed.server";
import { endpointQuery, notFound, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints } from "../modules/oruk/query";

/** GET /oruk/organizations/{id} — one organisation with its published services (fully nested with full_service=true). */
export const loader = orukLoader(async ({ db, url, params }) => {
  const query = endpointQuery(endpoints.organization, url);
  return (await getOrganization(db, params.id!, query.full_service ?? false)) ?? notFound("organization", params.id!);
});
export const action = orukAction;
