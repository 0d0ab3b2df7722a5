/** The atlas command line as a finance officer or administrator runs it: a real process. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.server";
import { persons } from "../../db/schema";
import { copyPgliteTemplate } from "../support/database";
import { exampleServices } from "../support/oruk-feed-server";
import { orukFixtures } from "../support/oruk";
import { projectRoot } from "../support/paths";

const [original] = exampleServices() as [Record<string, unknown>];

describe("the atlas command line", () => {
  it("imports a file and prints a JSON summary with --json", () => {
    const dataDir = copyPgliteTemplate();
    try {
      const result = spawnSync(
        process.execPath,
        [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "app/cli.ts", "import-oruk", path.join(orukFixtures, "examples/service_full.json"), "--json"],
        { cwd: projectRoot, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" }, encoding: "utf8", timeout: 60_000 },
      );
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const report = JSON.parse(result.stdout) as { created: { id: string }[] };
      expect(report.created).toEqual([{ id: original.id, name: original.name }]);
      const help = spawnSync(process.execPath, [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "app/cli.ts", "nonsense"], {
        cwd: projectRoot,
        encoding: "utf8",
      });
      expect(help.status).toBe(2);
      expect(help.stderr).toMatch(/Unknown command "nonsense"[\s\S]*import-oruk/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the privacy commands", () => {
  const atlas = (args: string[], dataDir: string) =>
    spawnSync(process.execPath, [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "app/cli.ts", ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
      encoding: "utf8",
      timeout: 60_000,
    });

  it("applies retention, exports a person and refuses to erase without --confirm", () => {
    const dataDir = copyPgliteTemplate();
    try {
      const retention = atlas(["retention", "--json"], dataDir);
      expect(retention.status).toBe(0);
      expect(Object.keys(JSON.parse(retention.stdout) as object)).toEqual([
        "accounts",
        "mail outbox",
        "listing suggestions",
        "audit trail",
        "import files",
        "people",
        "requests",
        "messages to providers",
        "saved shortlists and searches",
      ]);

      const exported = atlas(["export-subject", "admin@demo.example.org"], dataDir);
      expect(exported.status).toBe(0);
      expect((JSON.parse(exported.stdout) as { data: { accounts: unknown[] } }).data.accounts).toHaveLength(1);

      const unconfirmed = atlas(["erase-subject", "admin@demo.example.org"], dataDir);
      expect(unconfirmed.status).toBe(2);
      expect(unconfirmed.stderr).toContain("Erasing cannot be undone");
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("exports and erases a person on a caseload by their reference", async () => {
    const dataDir = copyPgliteTemplate();
    try {
      const handle = await openDatabase({ dataDir });
      await handle.db.insert(persons).values({ reference: "SOH-0999", ageBand: "75-84", postcode: "CB7 5AA", latitude: 52.33, longitude: 0.34, lawfulBasis: "consent" });
      await handle.close();
      const exported = atlas(["export-subject", "soh-0999"], dataDir);
      expect(exported.status).toBe(0);
      const data = (JSON.parse(exported.stdout) as { subject: string; data: { people: Array<{ person: { reference: string } }>; accounts: unknown[] } });
      expect(data.subject).toBe("soh-0999");
      expect(data.data.people.map((entry) => entry.person.reference)).toEqual(["SOH-0999"]);
      expect(data.data.accounts).toEqual([]);
      const erased = atlas(["erase-subject", "SOH-0999", "--confirm"], dataDir);
      expect(erased.status).toBe(0);
      expect(erased.stdout).toContain("people: 1 erased");
      const again = atlas(["export-subject", "SOH-0999"], dataDir);
      expect((JSON.parse(again.stdout) as { data: { people: unknown[] } }).data.people).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000); // three commands, each starting the embedded database
});
