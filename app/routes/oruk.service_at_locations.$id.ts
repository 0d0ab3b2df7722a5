import { getServiceAtLocation } from "../modules/oruk/feed.server";
import { endpointQuery, notFound, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints } from "../modules/oruk/query";

/** GET /oruk/service_at_locations/{id} — one service at one location, fully nested. */
export const loader = orukLoader(async ({ db, url, params }) => {
  endpointQuery(endpoints.serviceAtLocation, url);
  return (await getServiceAtLocation(db, params.id!)) ?? notFound("service at location", params.id!);
});
export const action = orukAction;
