// why a re-export: Remix's classic compiler empties `*.server` modules for the browser only
// inside app/, so routes reach search/ (outside app/) through this file.
export { searchEngine } from "../../../search/index.server";
export type { AssetHit, AssetQuery, AssetResults, SearchEngine } from "../../../search/index.server";
