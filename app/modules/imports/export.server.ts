/** The export downloads: the listings in the actor's localities as CSV or ORUK JSON, audited. */
import type { Database } from "../../../db/client.server";
import { recordAudit } from "../accounts/audit.server";
import type { Actor } from "../accounts/permissions";
import { exportCsv } from "./csv.server";
import { exportOruk } from "./oruk.server";
import { londonDay } from "../../../db/calendar";

export async function exportListings(db: Database, actor: Actor, format: "csv" | "oruk"): Promise<Response> {
  const date = londonDay();
  const body = format === "csv" ? await exportCsv(db, actor) : JSON.stringify(await exportOruk(db, actor), null, 2);
  await recordAudit(db, actor, { action: "listings.export", subjectType: "listings", details: { format } });
  return new Response(body, {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="asset-atlas-listings-${date}.${format === "csv" ? "csv" : "json"}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
