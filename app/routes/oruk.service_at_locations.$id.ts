import { getServiceAtLocation } from "../modules/oruk/feed.server";
import { notFound, orukAction, orukLoader } from "../modules/oruk/http.server";

/** GET /oruk/service_at_locations/{id} — one service at one location, fully nested. */
export const loader = orukLoader(
  async ({ db, params }) => (await getServiceAtLocation(db, params.id!)) ?? notFound("service at location", params.id!),
);
export const action = orukAction;
