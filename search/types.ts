/**
 * The search contract every engine meets (embedded PostgreSQL today; Meilisearch when
 * MEILI_HOST is set, see issue 5). Engines return only published listings, ever.
 */
import type { AssetKind } from "../app/modules/assets/kinds";
import type { NeedCode } from "../app/modules/taxonomy/needs";

export interface AssetQuery {
  /** What the person typed; may be empty (then every published listing, by name). */
  text: string;
  page: number; // 1-based
  perPage: number;
}

export interface AssetHit {
  id: string;
  name: string;
  kind: AssetKind;
  summary: string;
  town: string | null;
  postcode: string | null;
  wardName: string | null;
  needs: NeedCode[];
  isFree: boolean;
  directPayment: boolean;
  hourlyRatePence: number | null;
}

export interface AssetResults {
  hits: AssetHit[];
  total: number;
  page: number;
  perPage: number;
}

export interface SearchEngine {
  readonly name: string;
  searchAssets(query: AssetQuery): Promise<AssetResults>;
}
