import { SearchIndex } from "./search/memory-index";
import { demoSearchListings } from "./test/support/demo-search-listings";
const index = new SearchIndex();
for (const l of demoSearchListings()) index.add(l);
index.settle();
for (const q of process.argv.slice(2)) {
  const t = performance.now();
  const r = index.search({ text: q, page: 1, perPage: 8 });
  console.log(`\n${q}: total ${r.total} ${JSON.stringify(r.wordMatch)} ${(performance.now()-t).toFixed(1)}ms`);
  for (const h of r.hits) console.log("  ", h.name, "|", h.town, "|", h.needs.join(","));
}
