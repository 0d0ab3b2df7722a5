/**
 * Writes the generated demo directory, in one transaction, through the listing writer
 * (db/listings/), the same one the form and the imports use.
 */
import type { Database } from "../client.server";
import type { DemoAsset } from "./demo-directory";
import { stableId } from "../vocabulary/ids";
import { listingRows } from "../listings/rows";
import { writeListingRows } from "../listings/write";

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
    await writeListingRows(tx, rows, "seed:demo");
  });
  return rows.length;
}
