/**
 * Writes the generated demo directory into the ORUK-shaped tables, in one transaction, through
 * the same row builder the listing form uses (listing-rows.ts).
 */
import type { Database } from "../client.server";
import type { DemoAsset } from "./demo-directory";
import { stableId } from "../vocabulary/ids";
import { insertListingRows, listingRows } from "./listing-rows";

export async function insertDemoDirectory(db: Database, assets: DemoAsset[]): Promise<number> {
  const rows = assets.map((asset) =>
    listingRows(asset, {
      service: stableId("service", asset.key),
      organization: stableId("organization", asset.organization.key),
      child: stableId,
      isDemo: true,
    }),
  );
  await db.transaction(async (tx) => {
    await insertListingRows(tx, rows);
  });
  return rows.length;
}
