/**
 * Small-number suppression for figures that leave a practitioner's caseload (ADR 0015).
 *
 * Primary: a cell counting 1–4 people is shown as "fewer than 5", and every figure in that cell
 * (hours, money) is withheld with it: they describe those few people.
 *
 * Secondary: a table's cells add up to its total row, so one withheld cell could be found by
 * subtraction. While a table has exactly one withheld cell, or its withheld cells together count
 * fewer than 5 people, the smallest shown cell with people in it is withheld too. A total row
 * counting 1–4 people withholds the whole table.
 *
 * A cell withheld only for that reason says "not shown" rather than "fewer than 5" (which would
 * be untrue); its figures are withheld all the same.
 *
 * Zero is shown as 0: "nobody" says nothing about any person.
 */

export const suppressionThreshold = 5;

export const fewerThanFive = "fewer than 5";

/** A cell of 5 or more withheld only so that a small one cannot be worked out from the total. */
export const withheldToProtect = "not shown";

export function isSmall(count: number): boolean {
  return count > 0 && count < suppressionThreshold;
}

/** Which cells to withhold, by index, given each cell's count of people and the table's total. */
export function suppressedCells(counts: readonly number[], total: number): Set<number> {
  if (isSmall(total)) return new Set(counts.map((_, index) => index));
  const withheld = new Set(counts.flatMap((count, index) => (isSmall(count) ? [index] : [])));
  const needsMore = () => withheld.size === 1 || (withheld.size > 1 && sumOf(counts, withheld) < suppressionThreshold);
  while (needsMore()) {
    let smallest = -1;
    counts.forEach((count, index) => {
      if (count > 0 && !withheld.has(index) && (smallest < 0 || count < counts[smallest]!)) smallest = index;
    });
    if (smallest < 0) break;
    withheld.add(smallest);
  }
  return withheld;
}

function sumOf(counts: readonly number[], indexes: Set<number>): number {
  let sum = 0;
  for (const index of indexes) sum += counts[index]!;
  return sum;
}

/**
 * A share of people (numerator of denominator) that leaves the practitioner's caseload: shown
 * only when neither the people counted nor the people left out number 1–4, since either would
 * describe a few people. Zero of anything is shown.
 */
export function shareOfPeople(numerator: number, denominator: number): { shown: true; percent: string } | { shown: false; display: string } {
  if (isSmall(denominator) || isSmall(numerator)) return { shown: false, display: fewerThanFive };
  if (isSmall(denominator - numerator)) return { shown: false, display: withheldToProtect };
  if (denominator === 0) return { shown: false, display: "no requests" };
  return { shown: true, percent: ((numerator * 100) / denominator).toFixed(1) };
}
