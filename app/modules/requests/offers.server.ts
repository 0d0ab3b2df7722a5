/**
 * What a request offers the practitioner, by the conversation it is in (Three Conversations):
 * - conversation 1, listen and connect: community support first, the best matches and the
 *   combination that covers their needs;
 * - conversation 2, work intensively in a crisis: short-term options first (reablement,
 *   bridging care from PAs, micro-enterprises and commissioned services, technology-enabled
 *   care), each with the matches of that kind;
 * - conversation 3, build a good life: the personal-budget view (budget.server.ts) and the
 *   formal care decided.
 * Matches come from the same engine and catalogue as the matches page.
 */
import type { Database } from "../../../db/client.server";
import { assetKindName } from "../../../db/vocabulary/kinds";
import { findMatches, personForMatching } from "../matching/matching.server";
import type { Match } from "../matching/engine";
import { referredServiceIds, type PersonRecord } from "../people/people.server";
import type { Conversation } from "./request-forms";

export interface OfferedMatch {
  id: string;
  name: string;
  kind: string;
  summary: string;
}

export type Offers =
  | { conversation: Conversation; state: "no-record" }
  | { conversation: Conversation; state: "no-needs" }
  | { conversation: "c1"; state: "ok"; community: OfferedMatch[]; covers: string; considered: number }
  | { conversation: "c2"; state: "ok"; shortTerm: Array<{ code: "reablement" | "bridging" | "technology"; matches: OfferedMatch[] }> }
  | { conversation: "c3"; state: "ok" };

/** Kinds of listing that can give bridging care: paid help at home while reablement or a package starts. */
export const bridgingKinds = ["personal_assistant", "micro_enterprise", "commissioned_service"] as const;

const offered = (match: Match): OfferedMatch => ({ id: match.id, name: match.name, kind: assetKindName(match.kind), summary: match.summary });

export async function offersFor(db: Database, conversation: Conversation, person: PersonRecord | null): Promise<Offers> {
  if (!person) return { conversation, state: "no-record" };
  if (person.needs.length === 0) return { conversation, state: "no-needs" };
  if (conversation === "c3") return { conversation, state: "ok" };
  const forMatching = personForMatching(person);
  const excludedServiceIds = await referredServiceIds(db, person.id);
  if (conversation === "c1") {
    const result = await findMatches(db, forMatching, { excludedServiceIds, limit: 3 });
    const covered = result.combination.missing.length === 0 ? "all their needs" : `${result.combination.covered.length} of their ${person.needs.length} needs`;
    return { conversation, state: "ok", community: result.matches.map(offered), covers: covered, considered: result.considered };
  }
  const [bridging, technology] = await Promise.all([
    findMatches(db, forMatching, { excludedServiceIds, kinds: bridgingKinds, limit: 3 }),
    findMatches(db, forMatching, { excludedServiceIds, kinds: ["technology_enabled_care"], limit: 3 }),
  ]);
  return {
    conversation,
    state: "ok",
    shortTerm: [
      // Reablement is the council's own service, reached through its reablement team, not a listing.
      { code: "reablement", matches: [] },
      { code: "bridging", matches: bridging.matches.map(offered) },
      { code: "technology", matches: technology.matches.map(offered) },
    ],
  };
}
