import { getService } from "../modules/oruk/feed.server";
import { endpointQuery, notFound, orukAction, orukLoader } from "../modules/oruk/http.server";
import { endpoints } from "../modules/oruk/query";

/** GET /oruk/services/{id} — one published service, fully nested. */
export const loader = orukLoader(async ({ db, url, params }) => {
  endpointQuery(endpoints.service, url);
  return (await getService(db, params.id!)) ?? notFound("service", params.id!);
});
export const action = orukAction;
