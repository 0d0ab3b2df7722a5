/**
 * Every number that decides a match, in one place. docs/decisions/0013-matching.md explains
 * each; change them here and the tests in test/unit/matching-engine.test.ts say what moved.
 */
export const matchWeights = {
  /** Share of the person's needs the listing meets. */
  needsCovered: 35,
  /** Share of the person's risk factors the listing's needs address (needs taxonomy links). */
  riskFactorsAddressed: 20,
  /** Nearer is better: full marks at the door, none at the travel limit. */
  distance: 15,
  /** Places free now beats unknown beats a waiting list. */
  availability: 10,
  /** Free beats within budget beats paid by Direct Payment. */
  cost: 10,
  /** Checked recently beats not checked for a long time. */
  verification: 10,
} as const;

export const matchSettings = {
  /** When the person has not said how far they can travel. */
  defaultMaxTravelMiles: 5,
  /** How many ranked matches the page shows. */
  maxMatches: 20,
  /** The combination proposes at most this many listings. */
  maxCombination: 3,
  /** Verified within this many days: full marks. */
  freshDays: 183,
  /** Verified within this many days: half marks; older: none, and the reasons say so. */
  staleDays: 365,
  /** A session at or below this price (pence) counts as low cost. */
  lowCostSessionPence: 500,
  /** Availability sub-scores (0–1). */
  availability: { hasPlaces: 1, unknown: 0.6, waitingList: 0.3 },
  /** Cost sub-scores (0–1). */
  cost: { free: 1, lowCost: 0.8, withinBudget: 0.6, directPayment: 0.6, unknown: 0.5, paid: 0.4 },
} as const;
