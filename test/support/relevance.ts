/**
 * Relevance measured on the judged query set (test/fixtures/relevance-queries.ts): each query's
 * hits graded 0, 1 or 2 as the fixture explains, then precision@5 and nDCG@10. Engine-agnostic:
 * it asks the engine itself for the listings in reach (every published listing, or those within
 * the radius), so the ideal ranking is over exactly what the engine could have returned.
 */
import type { AssetHit, AssetQuery, SearchEngine } from "../../search/types";
import { judgedQueries, type JudgedQuery } from "../fixtures/relevance-queries";

export interface QueryScore {
  query: string;
  style: JudgedQuery["style"];
  precisionAt5: number;
  ndcgAt10: number;
  /** The top five names, for reading the report. */
  top: string[];
}

export interface RelevanceReport {
  queries: QueryScore[];
  precisionAt5: number;
  ndcgAt10: number;
  byStyle: Record<string, { queries: number; precisionAt5: number; ndcgAt10: number }>;
}

type Placed = { latitude: number; longitude: number } | null;

export function grade(judged: JudgedQuery, hit: Pick<AssetHit, "name" | "town" | "needs">): number {
  const named = judged.best.some((pattern) => new RegExp(pattern, "i").test(hit.name));
  const inTown = !judged.towns || (hit.town !== null && judged.towns.includes(hit.town));
  if (named) return inTown ? 2 : 1;
  return judged.needs?.some((need) => hit.needs.includes(need)) ? 1 : 0;
}

const gain = (g: number) => 2 ** g - 1;
const dcg = (grades: number[]) => grades.reduce((sum, g, index) => sum + gain(g) / Math.log2(index + 2), 0);

export function scoreQuery(judged: JudgedQuery, hits: AssetHit[], universe: AssetHit[]): QueryScore {
  const grades = hits.map((hit) => grade(judged, hit));
  const ideal = universe.map((hit) => grade(judged, hit)).sort((a, b) => b - a).slice(0, 10);
  const idealDcg = dcg(ideal);
  return {
    query: judged.place ? `${judged.query} (near ${judged.place.postcode})` : judged.query,
    style: judged.style,
    precisionAt5: grades.slice(0, 5).filter((g) => g > 0).length / 5,
    ndcgAt10: idealDcg === 0 ? 0 : dcg(grades.slice(0, 10)) / idealDcg,
    top: hits.slice(0, 5).map((hit) => hit.name),
  };
}

/** Runs every judged query on the engine; `locate` turns a place box's text into a point. */
export async function measureRelevance(
  engine: SearchEngine,
  locate: (postcode: string) => Promise<Placed>,
  queries: JudgedQuery[] = judgedQueries,
): Promise<RelevanceReport> {
  const scores: QueryScore[] = [];
  for (const judged of queries) {
    let near: AssetQuery["near"] = null;
    if (judged.place) {
      const point = await locate(judged.place.postcode);
      if (!point) throw new Error(`The judged query "${judged.query}" names an unknown place ${judged.place.postcode}`);
      near = { ...point, radiusMiles: judged.place.radiusMiles };
    }
    const results = await engine.searchAssets({ text: judged.query, page: 1, perPage: 10, near });
    const universe = await engine.searchAssets({ text: "", page: 1, perPage: 10_000, near });
    scores.push(scoreQuery(judged, results.hits, universe.hits));
  }
  const mean = (list: QueryScore[], key: "precisionAt5" | "ndcgAt10") =>
    Math.round((list.reduce((sum, score) => sum + score[key], 0) / Math.max(1, list.length)) * 1000) / 1000;
  const byStyle: RelevanceReport["byStyle"] = {};
  for (const style of [...new Set(scores.map((score) => score.style))]) {
    const list = scores.filter((score) => score.style === style);
    byStyle[style] = { queries: list.length, precisionAt5: mean(list, "precisionAt5"), ndcgAt10: mean(list, "ndcgAt10") };
  }
  return { queries: scores, precisionAt5: mean(scores, "precisionAt5"), ndcgAt10: mean(scores, "ndcgAt10"), byStyle };
}
