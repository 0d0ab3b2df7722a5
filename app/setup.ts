/**
 * `npm run db:setup`: opens the database (embedded or server), applies migrations and seeds
 * what is missing. Any failure prints one clear line and exits non-zero, so `npm start`
 * stops before serving a broken app.
 */
import { applyCommandLine, ConfigError, parseConfig } from "./env.server";
import { DatabaseUnavailableError, openDatabase, redact } from "../db/client.server";
import { seedDatabase } from "../db/seed";

async function main() {
  const started = performance.now();
  applyCommandLine(process.argv.slice(2));
  const config = parseConfig();
  const handle = await openDatabase(config);
  try {
    const report = await handle.exclusively(async () => {
      await handle.migrate();
      return seedDatabase(handle.db, { demo: config.demoMode });
    });
    const where = handle.mode === "embedded" ? `embedded PGlite in ${config.dataDir}` : redact(config.databaseUrl!);
    const seeded = [
      report.geography && `${report.geography.districts} districts, ${report.geography.wards} wards, ${report.geography.postcodes} postcodes`,
      report.placeNames !== undefined && `${report.placeNames} place names`,
      report.demoAssets !== undefined && `${report.demoAssets} demo assets`,
      report.demoPeople !== undefined && `a demo year of evidence for ${report.demoPeople} people`,
    ].filter(Boolean);
    console.log(
      `Database ready (${where}) in ${Math.round(performance.now() - started)} ms` +
        (seeded.length ? `; seeded ${seeded.join(", ")}.` : "; already seeded."),
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) {
    console.error(`Asset Atlas cannot start: ${error.message}`);
  } else {
    console.error("Asset Atlas cannot start: setting up the database failed.", error);
  }
  process.exit(1);
});
