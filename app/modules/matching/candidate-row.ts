/**
 * A listing as the matching statements send it (one JSON array per listing, the same order in
 * matching.server.ts's candidate statement and the catalogue's profile statement) and its
 * reading as the engine's candidate. Pure: no database.
 */
import { taxonomyCodes, termId } from "../../../db/vocabulary/taxonomy";
import { needs as needTaxonomy } from "../../../db/vocabulary/needs";
import type { MatchCandidate } from "./engine";

export { milesToMetres } from "../../../db/vocabulary/distance";
export const needByTermId = new Map<string, string>(needTaxonomy.map((need) => [termId(taxonomyCodes.needs, need.code), need.code]));
export const homeVisitsTerm = termId(taxonomyCodes.accessibility, "home-visits");

/** One listing as a statement sends it: a JSON array, in this order. `miles`: to the person (null: none, or the catalogue's places instead). */
export type CandidateRow = [
  id: string,
  name: string,
  kind: string,
  minimumAge: number | null,
  maximumAge: number | null,
  capacityUnit: "places" | "hours_per_week" | null,
  capacityAvailable: number | null,
  waitingList: boolean,
  waitingListWeeks: number | null,
  isFree: boolean,
  hourlyRatePence: number | null,
  directPayment: boolean,
  lastVerifiedAt: string | null,
  termIds: string[],
  miles: number | null,
  areas: Array<[wardCode: string | null, districtCode: string | null]> | null,
  schedules: Array<[freq: string | null, byday: string | null, opensAt: string | null, closesAt: string | null]> | null,
  sessionCost: number | null,
];

export function toCandidate(row: CandidateRow): MatchCandidate {
  const [id, name, kind, minimumAge, maximumAge, capacityUnit, capacityAvailable, waitingList, waitingListWeeks, isFree, hourlyRatePence, directPayment, lastVerifiedAt, termIds, miles, areas, schedules, sessionCost] = row;
  const needs: string[] = [];
  let comesToHome = false;
  for (const term of termIds) {
    const need = needByTermId.get(term);
    if (need) needs.push(need);
    else if (term === homeVisitsTerm) comesToHome = true;
  }
  return {
    id,
    name,
    kind,
    needs: needs.sort(),
    minimumAge,
    maximumAge,
    serviceAreas: areas ? areas.map(([wardCode, districtCode]) => ({ wardCode, districtCode })) : [],
    capacityUnit,
    capacityAvailable,
    waitingList,
    waitingListWeeks,
    schedules: schedules ? schedules.map(([freq, byday, opensAt, closesAt]) => ({ freq, byday, opensAt, closesAt })) : [],
    distanceMiles: miles === null ? null : Math.round(miles * 100) / 100,
    comesToHome,
    isFree,
    hourlyRatePence,
    sessionCostPence: sessionCost === null ? null : Math.round(Number(sessionCost) * 100),
    directPayment,
    lastVerifiedAt: lastVerifiedAt ? lastVerifiedAt.slice(0, 10) : null,
  };
}
