import { getService } from "../modules/oruk/feed.server";
import { notFound, orukAction, orukLoader } from "../modules/oruk/http.server";

/** GET /oruk/services/{id} — one published service, fully nested. */
export const loader = orukLoader(async ({ db, params }) => (await getService(db, params.id!)) ?? notFound("service", params.id!));
export const action = orukAction;
