/**
 * `npm run atlas -- <command> …`: Asset Atlas's command line. Each command is a small function
 * in the table below; other features add theirs (for example `roi`).
 */
import { pathToFileURL } from "node:url";
import { ConfigError, config, parseConfig } from "./env.server";
import type { Actor } from "./modules/accounts/permissions";
import { DatabaseUnavailableError, openDatabase, type Database } from "../db/client.server";

interface Command {
  summary: string;
  usage: string;
  run(args: string[], context: { database: () => Promise<Database> }): Promise<number>;
}

const commands: Record<string, Command> = {
  backup: {
    summary: "write a consistent backup of the embedded database (DATA_DIR) to a file, even while the app runs",
    usage: "backup <file>",
    async run(args) {
      if (args.length !== 1 || args[0]!.startsWith("--")) {
        console.error("Say where to write the backup: backup <file>, such as backup backups/atlas-2026-12-06.tar.gz.");
        return 2;
      }
      const settings = parseConfig();
      if (settings.databaseUrl) {
        console.error("DATABASE_URL is set: back up the PostgreSQL server with pg_dump (docs/operations.md says how).");
        return 2;
      }
      const { backupEmbedded } = await import("./modules/operations/backup.server");
      const { bytes, byRunningApp } = await backupEmbedded(settings.dataDir, args[0]!);
      console.log(`Backup written to ${args[0]} (${bytes.toLocaleString("en-GB")} bytes${byRunningApp ? ", by the running app" : ""}).`);
      return 0;
    },
  },
  restore: {
    summary: "replace the embedded database (DATA_DIR) with a backup; the app must be stopped",
    usage: "restore <file>",
    async run(args) {
      if (args.length !== 1 || args[0]!.startsWith("--")) {
        console.error("Say which backup to restore: restore <file>.");
        return 2;
      }
      const settings = parseConfig();
      if (settings.databaseUrl) {
        console.error("DATABASE_URL is set: restore the PostgreSQL server with pg_restore (docs/operations.md says how).");
        return 2;
      }
      const { restoreEmbeddedBackup } = await import("./modules/operations/backup.server");
      const { keptAs } = await restoreEmbeddedBackup(settings.dataDir, args[0]!);
      console.log(`Restored ${args[0]} into ${settings.dataDir}.${keptAs ? ` The folder it replaced is kept as ${keptAs}; delete it once the app runs well.` : ""}`);
      return 0;
    },
  },
  roi: {
    summary: "run a business-case scenario (JSON file: cohort, cashflow or evidence) and print the results as JSON",
    usage: "roi <scenario.json> [--price-year 2026/27]",
    async run(args) {
      const rest = [...args];
      let priceYear: string | undefined;
      const option = rest.findIndex((arg) => arg === "--price-year" || arg.startsWith("--price-year="));
      if (option >= 0) {
        const [flag] = rest.splice(option, 1);
        priceYear = flag!.includes("=") ? flag!.slice(flag!.indexOf("=") + 1) : rest.splice(option, 1)[0];
        if (!priceYear || priceYear.startsWith("--")) {
          console.error("Say which price year: --price-year 2026/27");
          return 2;
        }
      }
      if (rest.length !== 1 || rest[0]!.startsWith("--")) {
        console.error("Say which scenario file to run: roi <scenario.json> [--price-year 2026/27] (see docs/examples/roi/).");
        return 2;
      }
      const { runScenarioFile } = await import("./modules/evidence/scenario-file.server");
      const outcome = runScenarioFile(rest[0]!, priceYear === undefined ? {} : { priceYear });
      if (!outcome.ok) {
        console.error(outcome.message);
        return 1;
      }
      console.log(JSON.stringify(outcome.result, null, 2));
      return 0;
    },
  },
  "import-oruk": {
    summary: "harvest an Open Referral UK feed (URL) or JSON file, version 1 or 3.0, into the directory",
    usage: "import-oruk <url-or-file> [--publish] [--json]",
    async run(args, { database }) {
      const source = args.find((arg) => !arg.startsWith("--"));
      const unknown = args.filter((arg) => arg.startsWith("--") && !["--publish", "--json"].includes(arg));
      if (!source || unknown.length) {
        console.error(unknown.length ? `Unknown option ${unknown.join(", ")}.` : "Say which feed or file to import.");
        return 2;
      }
      const publish = args.includes("--publish");
      const { importFeed, describeFeedHarvest } = await import("./modules/oruk/sources.server");
      const report = await importFeed(await database(), source, { publish });
      console.log(args.includes("--json") ? JSON.stringify(report, null, 2) : describeFeedHarvest(report, publish));
      return 0;
    },
  },
  neighbours: {
    summary: "the neighbours' Open Referral UK feeds harvested daily: list them, add or change one, stop one, or harvest them now",
    usage: 'neighbours [list | add <url> --name "…" --licence "…" [--attribution "…"] | remove <url> | harvest] [--json]',
    async run(args, { database }) {
      const option = (name: string) => {
        const at = args.indexOf(`--${name}`);
        return at >= 0 ? args[at + 1] : undefined;
      };
      const values = new Set(["--name", "--licence", "--attribution"].map((flag) => option(flag.slice(2))).filter((value): value is string => value !== undefined));
      const [action = "list", url] = args.filter((arg) => !arg.startsWith("--") && !values.has(arg));
      const json = args.includes("--json");
      const neighbours = await import("./modules/oruk/neighbours.server");
      const db = await database();
      try {
        if (action === "list") {
          const sources = await neighbours.listHarvestSources(db);
          if (json) console.log(JSON.stringify(sources, null, 2));
          else if (sources.length === 0) console.log("No neighbours' feeds. Add one: neighbours add <url> --name \"…\" --licence \"…\"");
          else
            for (const source of sources) {
              const last = source.lastHarvestedAt ? `last harvested ${source.lastHarvestedAt.toISOString()}` : "not harvested yet";
              console.log(`${source.enabled ? "" : "(stopped) "}${source.name} — ${source.url} — ${source.licence} — ${last}${source.lastError ? ` — last attempt failed: ${source.lastError}` : ""}`);
            }
          return 0;
        }
        if (action === "add" && url) {
          const source = await neighbours.saveHarvestSource(db, { url, name: option("name") ?? "", licence: option("licence") ?? "", attribution: option("attribution") });
          console.log(json ? JSON.stringify(source, null, 2) : `${source.name} (${source.url}) will be harvested daily; run "neighbours harvest" to harvest it now.`);
          return 0;
        }
        if (action === "remove" && url) {
          const archived = await neighbours.disableHarvestSource(db, url);
          console.log(json ? JSON.stringify({ archived }) : `Stopped harvesting ${url}; ${archived} of its listings archived.`);
          return 0;
        }
        if (action === "harvest") {
          const results = await neighbours.harvestNeighbours(db);
          console.log(json ? JSON.stringify(results, null, 2) : neighbours.describeNeighbourHarvests(results));
          return results.some((result) => result.error) ? 1 : 0;
        }
      } catch (error) {
        console.error((error as Error).message);
        return 1;
      }
      console.error(`Usage: npm run atlas -- ${commands.neighbours!.usage}`);
      return 2;
    },
  },
  "oruk-quality": {
    summary: "report the data quality of an Open Referral UK feed (URL) or JSON file, version 1 or 3.0: each field's share, and what each listing misses",
    usage: "oruk-quality <url-or-file> [--json]",
    async run(args) {
      const source = args.find((arg) => !arg.startsWith("--"));
      const unknown = args.filter((arg) => arg.startsWith("--") && arg !== "--json");
      if (!source || unknown.length) {
        console.error(unknown.length ? `Unknown option ${unknown.join(", ")}.` : "Say which feed or file to check.");
        return 2;
      }
      const { readFeed } = await import("./modules/oruk/sources.server");
      const { assessServices, describeQuality } = await import("./modules/oruk/quality");
      const { version, records } = await readFeed(source);
      const report = assessServices(records.filter((record): record is Record<string, unknown> => typeof record === "object" && record !== null));
      console.log(args.includes("--json") ? JSON.stringify({ version, ...report }, null, 2) : describeQuality(report, `${source} (Open Referral UK ${version})`));
      return 0;
    },
  },
  "search-worker": {
    summary: "send listing changes waiting in the search outbox to Meilisearch (MEILI_HOST); --once drains and stops",
    usage: "search-worker [--once] [--json]",
    async run(args, { database }) {
      const unknown = args.filter((arg) => !["--once", "--json"].includes(arg));
      if (unknown.length) {
        console.error(`Unknown option ${unknown.join(", ")}.`);
        return 2;
      }
      const meili = await meiliOrExplain();
      if (!meili) return 2;
      const { drainOutbox, prepareIndex, startSearchWorker } = await import("../search/worker.server");
      const db = await database();
      if (!args.includes("--once")) {
        console.log(`Sending search changes to Meilisearch (index "${meili.indexUid}") every 2 seconds; Ctrl+C stops.`);
        const stop = startSearchWorker(async () => db, meili);
        await new Promise<void>((resolve) => {
          for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
        });
        stop();
        return 0;
      }
      const built = await prepareIndex(db, meili);
      const report = await drainOutbox(db, meili);
      if (args.includes("--json")) console.log(JSON.stringify({ ...report, built: built?.indexed ?? null }, null, 2));
      else {
        if (built) console.log(`There was no index "${meili.indexUid}", so it was built: ${built.indexed} listings.`);
        console.log(
          `Search outbox: ${report.claimed} changes in ${report.batches} batches; ${report.indexed} listings indexed, ` +
            `${report.deleted} removed; ${report.pending} still waiting.`,
        );
        for (const error of report.errors) console.error(`Failed, will be retried: ${error}`);
      }
      return report.errors.length ? 1 : 0;
    },
  },
  reindex: {
    summary: "rebuild the Meilisearch index from the database and swap it in (MEILI_HOST)",
    usage: "reindex [--json]",
    async run(args, { database }) {
      const meili = await meiliOrExplain();
      if (!meili) return 2;
      const { reindex } = await import("../search/reindex.server");
      const report = await reindex(await database(), meili);
      if (args.includes("--json")) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(
          `Reindexed "${meili.indexUid}": ${report.documents} published listings sent, ${report.indexed} in the index, ` +
            `${report.requeued} changed meanwhile and queued again, in ${report.milliseconds} ms.`,
        );
      }
      return 0;
    },
  },
  retention: {
    summary: "delete or anonymise personal data kept past its retention period",
    usage: "retention [--json]",
    async run(args, { database }) {
      const { applyRetention } = await import("./modules/privacy/personal-data.server");
      const results = await applyRetention(await database());
      if (args.includes("--json")) console.log(JSON.stringify(results, null, 2));
      else for (const [source, count] of Object.entries(results)) console.log(`${source}: ${count} removed or anonymised`);
      return 0;
    },
  },
  "referral-reminders": {
    summary: "remind practitioners, once, about referrals waiting longer than REFERRAL_REMINDER_DAYS for an answer",
    usage: "referral-reminders [--json]",
    async run(args, { database }) {
      const { sendReferralReminders } = await import("./modules/referrals/referrals.server");
      const sent = await sendReferralReminders(await database());
      console.log(args.includes("--json") ? JSON.stringify({ remindersSent: sent }) : `Referral reminders sent: ${sent}`);
      return 0;
    },
  },
  "verification-reminders": {
    summary: "email the providers of listings due for checking (at most one reminder a fortnight); tell coordinators about those that never answer",
    usage: "verification-reminders [--json]",
    async run(args, { database }) {
      const { describeReminders, sendVerificationReminders } = await import("./modules/verification/links.server");
      const report = await sendVerificationReminders(await database());
      console.log(args.includes("--json") ? JSON.stringify(report) : `Verification reminders: ${describeReminders(report)}`);
      return 0;
    },
  },
  "export-subject": {
    summary: "print, as JSON, everything held about one account or person (a subject access request)",
    usage: "export-subject <email | person reference>",
    async run(args, { database }) {
      const who = args.find((arg) => !arg.startsWith("--"));
      if (!who) {
        console.error("Say whose data to export: export-subject <email | person reference>.");
        return 2;
      }
      const { exportSubject } = await import("./modules/privacy/personal-data.server");
      console.log(JSON.stringify(await exportSubject(await database(), commandLineActor, subjectFrom(who)), null, 2));
      return 0;
    },
  },
  "erase-subject": {
    summary: "erase one account's or person's data on request (accounts are anonymised, people's records deleted, the audit trail kept)",
    usage: "erase-subject <email | person reference> --confirm",
    async run(args, { database }) {
      const who = args.find((arg) => !arg.startsWith("--"));
      if (!who || !args.includes("--confirm")) {
        console.error("Erasing cannot be undone. Run: erase-subject <email | person reference> --confirm");
        return 2;
      }
      const { eraseSubject } = await import("./modules/privacy/personal-data.server");
      const erased = await eraseSubject(await database(), commandLineActor, subjectFrom(who));
      for (const [source, count] of Object.entries(erased)) console.log(`${source}: ${count} erased`);
      return 0;
    },
  },
};

async function meiliOrExplain() {
  const { configuredMeiliEngine } = await import("../search/index.server");
  const meili = configuredMeiliEngine(config().meili);
  if (!meili) console.error("Meilisearch is not configured: set MEILI_HOST (and MEILI_MASTER_KEY) first. The embedded engine needs no index.");
  return meili;
}

/** An email address names an account; anything else is a person's reference (e.g. SOH-0142). */
function subjectFrom(who: string): { email: string } | { reference: string } {
  return who.includes("@") ? { email: who } : { reference: who };
}

/** The command line acts for the administrator who runs it; the audit trail says so. */
const commandLineActor = { role: "administrator", userId: null, organizationId: null, localities: [] } as const satisfies Actor;

function help(): string {
  return [
    "Usage: npm run atlas -- <command> [arguments]",
    "",
    "Commands:",
    ...Object.values(commands).map((command) => `  ${command.usage.padEnd(44)} ${command.summary}`),
    "",
    "The database is the app's own: DATABASE_URL when set, otherwise the embedded one in DATA_DIR.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    return await command.run(args, {
      async database() {
        handle ??= await openDatabase(parseConfig());
        await handle.migrate();
        return handle.db;
      },
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) console.error(error.message);
    else console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await handle?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
