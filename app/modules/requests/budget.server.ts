/**
 * Conversation 3's personal-budget view: the formal care decided, priced at the unit cost in
 * force, the personal budget agreed, and the people and micro-enterprises nearby a Direct
 * Payment could buy the same hours from, each priced for those hours. Deliberately simple: a
 * budget planner (spending lines, top-ups, an Individual Service Fund) replaces or extends the
 * page that shows this (/requests/:requestId/budget); docs/requests.md says where it plugs in.
 */
import type { Database } from "../../../db/client.server";
import { assetKindName } from "../../../db/vocabulary/kinds";
import { formatHourlyRate } from "../assets/format";
import { serviceName, evidenceServices } from "../evidence/services";
import { listUnitCosts } from "../evidence/unit-costs.server";
import { formatPence } from "../../../db/evidence/money";
import { findMatches, personForMatching } from "../matching/matching.server";
import type { PersonRecord } from "../people/people.server";
import type { RequestRecord } from "./requests.server";

/** Kinds a Direct Payment typically buys from. */
export const directPaymentKinds = ["personal_assistant", "micro_enterprise"] as const;

export async function personalBudgetView(db: Database, request: RequestRecord, person: PersonRecord | null, today: string) {
  const hours = request.careHoursPerWeek === null ? null : Number(request.careHoursPerWeek);
  let decided: { service: string; hours: number | null; weekly: string | null; unitCost: string | null; priceYear: string | null } | null = null;
  if (request.careService) {
    const costs = await listUnitCosts(db, request.careService);
    const inForce = costs.find((cost) => cost.validFrom <= today && (cost.validTo === null || cost.validTo > today)) ?? null;
    const unit = evidenceServices.find((service) => service.code === request.careService)?.unit ?? null;
    const weeklyPence = inForce === null ? null : unit === "hour" ? (hours === null ? null : Math.round(hours * inForce.amountPence)) : inForce.amountPence;
    decided = {
      service: serviceName(request.careService),
      hours,
      weekly: weeklyPence === null ? null : formatPence(weeklyPence),
      unitCost: inForce ? `${formatPence(inForce.amountPence)} ${unit === "hour" ? "an hour" : "a week"}` : null,
      priceYear: inForce?.priceYear ?? null,
    };
  }
  let options: Array<{ id: string; name: string; kind: string; rate: string | null; weekly: string | null; summary: string }> = [];
  if (person && person.needs.length > 0) {
    // As if they had a Direct Payment and no hourly limit: the view is about what the budget could buy.
    const result = await findMatches(db, { ...personForMatching(person), hasDirectPayment: true, maxHourlyRatePence: null }, { kinds: directPaymentKinds, limit: 10, today });
    options = result.matches.map((match) => ({
      id: match.id,
      name: match.name,
      kind: assetKindName(match.kind),
      rate: match.hourlyRatePence === null ? null : formatHourlyRate(match.hourlyRatePence),
      weekly: match.hourlyRatePence !== null && hours !== null ? formatPence(Math.round(match.hourlyRatePence * hours)) : null,
      summary: match.summary,
    }));
  }
  return { decided, budget: request.careBudgetPence === null ? null : formatPence(request.careBudgetPence), options };
}
