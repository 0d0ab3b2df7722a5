import type { LoaderFunctionArgs } from "@remix-run/node";
import { databaseHandle } from "../db.server";
import { checkHealth } from "../modules/health/health.server";

/** For load balancers and uptime checks: JSON with the database mode and readiness. */
export async function loader(_args: LoaderFunctionArgs) {
  const health = await checkHealth(databaseHandle);
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
