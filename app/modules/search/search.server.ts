// why a re-export: Remix's classic compiler empties `*.server` modules for the browser only
// inside app/, so routes reach search/ (outside app/) through this file.
export { searchEngine } from "../../../search/index.server";
export type {
  AssetFacets,
  AssetHit,
  AssetQuery,
  AssetResults,
  FacetCount,
  SearchEngine,
} from "../../../search/index.server";
export { findSupport } from "./find-support.server";
export type { PlaceProblem, SearchPlace } from "./place.server";
