/**
 * Builds the migrated, seeded template databases once per run, so each test file starts from
 * a copy in a fraction of a second instead of running initdb, migrations and the seed.
 * The PGlite template is cached in .tmp/ and rebuilt only when anything under db/ changes
 * (migrations, SQL functions, the listing writer, the seed and its data).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { pgliteTemplateDir, postgresTemplateName, projectRoot } from "./paths";

function templateFingerprint(): string {
  const hash = createHash("sha256");
  const folders = ["db"];
  for (const folder of folders) {
    for (const file of fs.readdirSync(path.join(projectRoot, folder), { recursive: true }).map(String).sort()) {
      const full = path.join(projectRoot, folder, file);
      if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
    }
  }
  return hash.digest("hex");
}

// why dynamic: a unit-only run should not load the database code at all.
const databaseCode = async () => ({
  ...(await import("../../db/client.server")),
  ...(await import("../../db/seed")),
});

async function buildPgliteTemplate(fingerprint: string) {
  const { openDatabase, seedDatabase } = await databaseCode();
  const stamp = path.join(pgliteTemplateDir, ".fingerprint");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint) return;
  fs.rmSync(pgliteTemplateDir, { recursive: true, force: true });
  const building = `${pgliteTemplateDir}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  const handle = await openDatabase({ dataDir: building });
  await handle.migrate();
  await seedDatabase(handle.db, { demo: true });
  await handle.close();
  fs.writeFileSync(path.join(building, ".fingerprint"), fingerprint);
  try {
    fs.renameSync(building, pgliteTemplateDir);
  } catch (error) {
    // Another run built the same template at the same moment: keep theirs if it is current.
    const theirs = fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8") : "";
    fs.rmSync(building, { recursive: true, force: true });
    if (theirs !== fingerprint) throw error;
  }
}

async function buildPostgresTemplate(adminUrl: string) {
  const { openDatabase, seedDatabase } = await databaseCode();
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    // why: a template database must have no connections while it is copied, so build it fresh.
    await admin.unsafe(`drop database if exists ${postgresTemplateName} with (force)`);
    await admin.unsafe(`create database ${postgresTemplateName}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${postgresTemplateName}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
  await handle.migrate();
  await seedDatabase(handle.db, { demo: true });
  await handle.close();
}

export default async function setup(project: TestProject) {
  const names = new Set(project.vitest.projects.map((p) => p.name));
  const wantsDatabase = ["integration-pglite", "integration-postgres", "e2e"].some((name) => names.has(name));
  if (!wantsDatabase) return;
  await buildPgliteTemplate(templateFingerprint());
  if (names.has("integration-postgres")) {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) {
      throw new Error("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL integration tests cannot run.");
    }
    await buildPostgresTemplate(url);
  }
}
