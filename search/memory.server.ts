/**
 * The in-memory engine, the default: each app server holds every published listing in a packed
 * index (search/memory-index.ts), kept current by this server's listing feed
 * (search/listing-feed.server.ts), the same feed as the matching catalogue. Before each search
 * the feed reloads just the listings changed since it last looked (searches side by side share
 * that look), so every server answers as the database would, without a search server to run.
 * docs/decisions/0029-in-memory-search.md.
 */
import type { SQL } from "drizzle-orm";
import type { Database } from "../db/client.server";
import { listingFeed, perDatabase, type FeedReader, type ListingFeed } from "./listing-feed.server";
import { SearchIndex } from "./memory-index";
import { listingRows, toSearchListing, type ListingRow } from "./memory-rows";
import type { AssetQuery, AssetResults, SearchEngine } from "./types";

export interface SearchCatalogueStats {
  listings: number;
  fullLoads: number;
  reloaded: number;
  lastFullLoadMs: number;
}

/** The index, as a reader of the listing feed. */
export class SearchCatalogue implements FeedReader {
  readonly name = "search";
  private index = new SearchIndex();
  private loading: SearchIndex | null = null;
  private loadStarted = 0;
  readonly stats: SearchCatalogueStats = { listings: 0, fullLoads: 0, reloaded: 0, lastFullLoadMs: 0 };

  constructor(private readonly feed: ListingFeed) {
    feed.register(this);
  }

  /** Results as of this call: the feed first brings the index up to date. */
  async search(query: AssetQuery): Promise<AssetResults> {
    await this.feed.current();
    return this.index.search(query);
  }

  /** The index as it stands, without the look at the outbox first: for the benchmark, which times both. */
  searchHeld(query: AssetQuery): AssetResults {
    return this.index.search(query);
  }

  /** Loads everything now (a server starting), so that no one's first search waits for it. */
  async warm(): Promise<void> {
    await this.feed.current();
  }

  rows(where: SQL, few: boolean): SQL {
    return listingRows(where, few);
  }

  reset(): boolean {
    // A new index is filled beside the one in use, which searches keep using until it is ready.
    this.loading = new SearchIndex();
    this.loadStarted = performance.now();
    this.stats.fullLoads++;
    return true;
  }

  drop(ids: readonly string[]): void {
    for (const id of ids) this.index.remove(id);
  }

  put(rows: readonly unknown[]): void {
    const target = this.loading ?? this.index;
    for (const row of rows) target.add(toSearchListing(row as ListingRow));
  }

  settle(full: boolean, changed: number): void {
    if (full && this.loading) {
      this.loading.settle();
      this.index = this.loading;
      this.loading = null;
      this.stats.lastFullLoadMs = Math.round(performance.now() - this.loadStarted);
    } else {
      this.index.settle();
      this.stats.reloaded += changed;
    }
    this.stats.listings = this.index.size;
  }
}

/** This server's search catalogue for a database handle, on its shared listing feed. */
export function searchCatalogue(db: Database): SearchCatalogue {
  return perDatabase("search catalogue", db, () => new SearchCatalogue(listingFeed(db)));
}

export function createMemoryEngine(db: Database, catalogue: SearchCatalogue = searchCatalogue(db)): SearchEngine {
  return { name: "memory", searchAssets: (query) => catalogue.search(query) };
}
