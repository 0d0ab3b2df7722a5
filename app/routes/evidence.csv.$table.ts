import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../modules/accounts/permissions.server";
import { parseFilter } from "../modules/evidence/dashboard-form";
import { dashboardCsv, csvTables, type CsvTable } from "../modules/evidence/dashboard-csv.server";
import { dashboardView } from "../modules/evidence/dashboard.server";
import { currentPriceIndex } from "../modules/evidence/price-index.server";
import { priceYearChoices } from "../../db/evidence/price-years";
import { londonDay } from "../../db/calendar";
import { invariantResponse } from "../modules/errors/app-error";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:read");
  const table = params.table as CsvTable;
  invariantResponse(csvTables.includes(table), "There is no table with that name to download.", 404);
  const { filter, errors } = parseFilter(new URL(request.url).searchParams, londonDay(), priceYearChoices(await currentPriceIndex(db)));
  invariantResponse(Object.keys(errors).length === 0, Object.values(errors).join(". "));
  const view = await dashboardView(db, actor, filter);
  const name = `diverted-care-${table}-${filter.district ?? "all"}-${filter.from}-to-${filter.to}-${filter.priceYear.replace("/", "-")}-prices.csv`;
  return new Response(dashboardCsv(view, table), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
