import { OrukProblem, orukAction, orukLoader } from "../modules/oruk/http.server";

/** Any other path under /oruk: a JSON 404 (with CORS), not the HTML page. */
export const loader = orukLoader(async ({ url }) => {
  throw new OrukProblem(404, `The Open Referral UK feed has no endpoint ${url.pathname}. Start at /oruk/.`);
});
export const action = orukAction;
