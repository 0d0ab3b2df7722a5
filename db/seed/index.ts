/**
 * First-start seeding: the real geography and reference taxonomies always; the demo directory
 * when DEMO_MODE is on. Each part runs once per database (recorded in app_meta), so a restart
 * costs a single query.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { appMeta } from "../schema";
import { seedDemoAccounts } from "./demo-accounts";
import { buildDemoDirectory } from "./demo-directory";
import { seedDemoEvidence } from "./demo-evidence";
import { insertDemoDirectory } from "./demo-insert";
import { readPostcodes, seedGeography } from "./geography";
import { seedPlaceNames } from "./place-names";
import { seedTaxonomies } from "./taxonomy";
import { seedDemoIndicators, seedIndicators } from "./indicators";
import { seedPriceIndex } from "./price-index";
import { seedUnitCosts } from "./unit-costs";
import { londonDay } from "../calendar";

/** Bump a version to make existing databases take that part again. */
const seedParts = {
  geography: "1",
  placeNames: "1",
  taxonomies: "1",
  unitCosts: "2",
  priceIndex: "1",
  indicators: "1",
  demoDirectory: "1",
  demoAccounts: "1",
  demoEvidence: "1",
  demoIndicators: "1",
} as const;

export interface SeedReport {
  geography?: { districts: number; wards: number; postcodes: number };
  placeNames?: number;
  taxonomies?: true;
  unitCosts?: number;
  priceIndexYears?: number;
  indicators?: number;
  demoIndicators?: number;
  demoAssets?: number;
  demoAccounts?: number;
  demoPeople?: number;
}

export async function seedDatabase(db: Database, options: { demo: boolean; today?: string }): Promise<SeedReport> {
  const done = new Map((await db.select().from(appMeta)).map((row) => [row.key, row.value]));
  const report: SeedReport = {};
  const mark = (part: keyof typeof seedParts) =>
    db
      .insert(appMeta)
      .values({ key: `seed:${part}`, value: seedParts[part] })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: seedParts[part], updatedAt: new Date() } });

  // The postcode file is read once, by whichever part needs it first (about half a second).
  let postcodeRows: ReturnType<typeof readPostcodes> | null = null;
  const allPostcodes = () => (postcodeRows ??= readPostcodes());
  if (done.get("seed:geography") !== seedParts.geography) {
    report.geography = await seedGeography(db, allPostcodes());
    await mark("geography");
  }
  if (done.get("seed:placeNames") !== seedParts.placeNames) {
    report.placeNames = await seedPlaceNames(db, allPostcodes());
    await mark("placeNames");
  }
  if (done.get("seed:taxonomies") !== seedParts.taxonomies) {
    await seedTaxonomies(db);
    report.taxonomies = true;
    await mark("taxonomies");
  }
  if (done.get("seed:unitCosts") !== seedParts.unitCosts) {
    report.unitCosts = await seedUnitCosts(db);
    await mark("unitCosts");
  }
  if (done.get("seed:priceIndex") !== seedParts.priceIndex) {
    report.priceIndexYears = await seedPriceIndex(db);
    await mark("priceIndex");
  }
  const today = options.today ?? londonDay();
  if (done.get("seed:indicators") !== seedParts.indicators) {
    report.indicators = await seedIndicators(db, today);
    await mark("indicators");
  }
  // Both demo parts place things at East Cambridgeshire's postcodes.
  let eastCambridgeshirePostcodes: ReturnType<typeof readPostcodes> | null = null;
  const eastCambridgeshire = () => (eastCambridgeshirePostcodes ??= allPostcodes().filter((row) => row.districtCode === "E07000009"));
  if (options.demo && !done.has("seed:demoDirectory")) {
    report.demoAssets = await insertDemoDirectory(db, buildDemoDirectory(eastCambridgeshire()));
    await mark("demoDirectory");
  }
  if (options.demo && !done.has("seed:demoAccounts")) {
    report.demoAccounts = await seedDemoAccounts(db);
    await mark("demoAccounts");
  }
  if (options.demo && !done.has("seed:demoEvidence")) {
    // A year of demo referrals and diverted care, ending the day before the seed date.
    report.demoPeople = await seedDemoEvidence(db, today, eastCambridgeshire());
    await mark("demoEvidence");
  }
  if (options.demo && !done.has("seed:demoIndicators")) {
    report.demoIndicators = await seedDemoIndicators(db, today);
    await mark("demoIndicators");
  }
  // Fresh planner statistics after bulk writes. PGlite has no autovacuum, so without this the
  // planner guesses one row per table and nests loops over thousands of rows (the locality
  // view's duplicate check took 1.5 s instead of 80 ms). A PostgreSQL server's autovacuum would
  // get there eventually; this gets there at once.
  if (Object.keys(report).length > 0) await db.execute(sql`analyze`);
  return report;
}

export async function isSeeded(db: Database): Promise<boolean> {
  const rows = await db.select().from(appMeta).where(eq(appMeta.key, "seed:geography"));
  return rows.length > 0;
}
