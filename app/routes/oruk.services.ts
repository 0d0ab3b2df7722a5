import { listServices } from "../modules/oruk/feed.server";
import { orukAction, orukLoader, parseQuery, requireQuery } from "../modules/oruk/http.server";
import { serviceQuerySchema } from "../modules/oruk/query";

/** GET /oruk/services — published services, a page at a time, filtered by the ORUK parameters. */
export const loader = orukLoader(async ({ db, url }) => listServices(db, requireQuery(parseQuery(serviceQuerySchema, url.searchParams))));
export const action = orukAction;
