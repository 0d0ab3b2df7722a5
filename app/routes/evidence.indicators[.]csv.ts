import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../modules/accounts/permissions.server";
import { parseFilter } from "../modules/evidence/dashboard-form";
import { kpiCsv } from "../modules/evidence/kpi-csv.server";
import { kpiViews } from "../modules/evidence/kpis.server";
import { currentPriceIndex } from "../modules/evidence/price-index.server";
import { priceYearChoices } from "../../db/evidence/price-years";
import { indicators } from "../../db/vocabulary/indicators";
import { londonDay } from "../../db/calendar";
import { invariantResponse } from "../modules/errors/app-error";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:read");
  const url = new URL(request.url);
  const { filter, errors } = parseFilter(url.searchParams, londonDay(), priceYearChoices(await currentPriceIndex(db)));
  invariantResponse(Object.keys(errors).length === 0, Object.values(errors).join(". "));
  const only = url.searchParams.get("indicator") ?? undefined;
  invariantResponse(only === undefined || indicators.some((indicator) => indicator.code === only), "There is no indicator with that name.", 404);
  const views = await kpiViews(db, actor, filter, londonDay(), only);
  return new Response(kpiCsv(views, `${filter.from} to ${filter.to}`), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="programme-indicators-${only ?? "all"}-${filter.from}-to-${filter.to}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
