import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../modules/accounts/permissions.server";
import { modellerCsv } from "../modules/evidence/modeller-csv.server";
import { runModeller } from "../modules/evidence/modeller-form";
import { modellerContext } from "../modules/evidence/settings.server";
import { londonDay } from "../../db/calendar";
import { invariantResponse } from "../modules/errors/app-error";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "evidence:read");
  const outcome = runModeller(new URL(request.url).searchParams, await modellerContext(db, londonDay()));
  invariantResponse(Object.keys(outcome.errors).length === 0, Object.values(outcome.errors).join(". "));
  return new Response(modellerCsv(outcome), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="business-case-${outcome.model ?? "model"}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
