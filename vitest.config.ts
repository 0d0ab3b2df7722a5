import { defineConfig } from "vitest/config";

/**
 * Five projects: unit tests; start-up checks (processes); integration tests on PGlite; the same integration tests on a
 * PostgreSQL server (TEST_DATABASE_URL; required when CI=true); browser tests in Chromium.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
const inCi = process.env.CI === "true";

if (!postgresUrl && !inCi) {
  console.log("\n[asset-atlas] PostgreSQL integration tests NOT RUN: TEST_DATABASE_URL is not set (CI sets it).\n");
}

const integration = (driver: "pglite" | "postgres") => ({
  test: {
    name: `integration-${driver}`,
    include: [
      "test/integration/**/*.test.ts",
      ...(driver === "postgres" ? ["test/integration-postgres/**/*.test.ts"] : []),
    ],
    // The test databases hold the demo data, and most tests sign in as its accounts: the demo is on
    // unless a test turns it off (test/integration/safe-defaults.test.ts starts from no settings).
    env: { TEST_DRIVER: driver, DEMO_MODE: "true" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

// Projects do not extend the root on purpose: the global setup must run once, not per project.
export default defineConfig({
  test: {
    globalSetup: ["./test/support/global-setup.ts"],
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { test: { name: "startup", include: ["test/startup/**/*.test.ts"], testTimeout: 30_000 } },
      integration("pglite"),
      ...(postgresUrl || inCi ? [integration("postgres")] : []),
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
