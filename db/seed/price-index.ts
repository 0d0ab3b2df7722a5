/**
 * The price index every installation starts with (db/data/price-index/, with its sources): HM
 * Treasury's GDP deflators, March 2026. Read by the seed and by `roi --price-year`, which never
 * opens the database. Administrators record newer editions at /admin/price-index.
 */
import fs from "node:fs";
import path from "node:path";
import { checkPriceIndexValues, parsePriceIndexCsv, type PriceIndex } from "../evidence/price-years";
import type { Database } from "../client.server";
import { priceIndexEditions, priceIndexValues } from "../schema";
import { stableId } from "../vocabulary/ids";
import { projectPath } from "../project-root";

const dataDir = projectPath("db/data/price-index");

export const shippedEdition = {
  file: "hm-treasury-gdp-deflators-2026-03.csv",
  name: "HM Treasury GDP deflators at market prices (2024/25 = 100)",
  source:
    "HM Treasury, GDP deflators at market prices, and money GDP: March 2026 (Quarterly National Accounts); outturn to 2024/25 from ONS series L8GG, 2025/26 on the OBR's March 2026 forecast",
  publishedOn: "2026-03-31",
  notes: "Shipped with Asset Atlas (db/data/price-index/SOURCES.md says how the figures were transcribed). Compare with the spreadsheet on gov.uk before a committee paper.",
} as const;

export const shippedEditionId = stableId("price-index", shippedEdition.file);

let cached: PriceIndex | null = null;

export function shippedPriceIndex(): PriceIndex {
  cached ??= {
    name: shippedEdition.name,
    source: shippedEdition.source,
    publishedOn: shippedEdition.publishedOn,
    values: checkPriceIndexValues(parsePriceIndexCsv(fs.readFileSync(path.join(dataDir, shippedEdition.file), "utf8"))),
  };
  return cached;
}

/** Adds the shipped edition once (an administrator's later edition stays the one in use). */
export async function seedPriceIndex(db: Database): Promise<number> {
  const index = shippedPriceIndex();
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(priceIndexEditions)
      .values({ id: shippedEditionId, name: index.name, source: index.source, publishedOn: index.publishedOn, notes: shippedEdition.notes, recordedAt: new Date("2026-03-31T00:00:00Z") })
      .onConflictDoNothing()
      .returning({ id: priceIndexEditions.id });
    if (inserted.length === 0) return 0;
    await tx.insert(priceIndexValues).values(index.values.map((row) => ({ editionId: shippedEditionId, year: row.year, value: row.value, forecast: row.forecast })));
    return index.values.length;
  });
}
