/**
 * The matching benchmark: p50/p95/p99 of matching one person (candidates from
 * the matching catalogue, brought up to date by one statement, + the pure engine) against the
 * synthetic county, target p95 ≤ 50 ms. Also: the catalogue's first load, matching right after
 * a listing changed (so the catalogue reloads it first), and the same people matched from the
 * candidate statement alone (the reference, and what runs when a directory is too large to hold).
 *
 * Run by `npm run bench` for each size, or alone:
 *   node --import tsx bench/matching.ts --sizes 50000 --samples 200
 * Results go to bench/results/<date>-<size>-matching.json and .md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { findPlace } from "../search/postcodes.server";
import { sql } from "drizzle-orm";
import { queryRows } from "../db/client.server";
import { catalogueMaxListings, MatchingCatalogue } from "../app/modules/matching/catalogue.server";
import { matchPerson } from "../app/modules/matching/engine";
import { findMatches, loadCandidates, type PersonForMatching } from "../app/modules/matching/matching.server";
import { openBenchDatabase } from "./database";

const targetP95 = 50;

/** People spread over the county, from rural (Soham) to dense (central Cambridge, Peterborough). */
const people: Array<{ label: string; postcode: string; person: Omit<PersonForMatching, "latitude" | "longitude"> }> = [
  {
    label: "Soham: lonely since bereavement, a fall, free on Tuesdays",
    postcode: "CB7 5",
    person: { needs: ["social-connection", "falls-home-safety", "getting-out"], riskFactors: ["loneliness", "fall"], ageBand: "75-84", wardCode: null, districtCode: null, preferredDays: ["TU"], preferredTimes: [], maxTravelMiles: null, maxHourlyRatePence: 0, hasDirectPayment: false },
  },
  {
    label: "Cambridge: carer under strain, memory, weekday mornings",
    postcode: "CB1 3",
    person: { needs: ["carer-support", "memory"], riskFactors: ["carer-burden", "dementia-comorbidity"], ageBand: "65-74", wardCode: null, districtCode: null, preferredDays: ["MO", "TU", "WE", "TH", "FR"], preferredTimes: ["morning"], maxTravelMiles: 3, maxHourlyRatePence: null, hasDirectPayment: false },
  },
  {
    label: "Huntingdon: daily living with a Direct Payment, up to £15 an hour",
    postcode: "PE29 1",
    person: { needs: ["daily-living", "getting-out"], riskFactors: ["comorbidity"], ageBand: "85+", wardCode: null, districtCode: null, preferredDays: [], preferredTimes: [], maxTravelMiles: 5, maxHourlyRatePence: 1500, hasDirectPayment: true },
  },
  {
    label: "Wisbech: confidence and company, any day, 10 miles",
    postcode: "PE13",
    person: { needs: ["confidence-health", "social-connection", "money-advice-digital"], riskFactors: ["low-confidence", "poor-perceived-health", "loneliness"], ageBand: "65-74", wardCode: null, districtCode: null, preferredDays: [], preferredTimes: [], maxTravelMiles: 10, maxHourlyRatePence: null, hasDirectPayment: false },
  },
  {
    label: "Peterborough: every need, afternoons, 5 miles",
    postcode: "PE1 2",
    person: { needs: ["social-connection", "carer-support", "falls-home-safety", "getting-out", "daily-living", "memory", "confidence-health", "money-advice-digital"], riskFactors: ["fall", "loneliness"], ageBand: "75-84", wardCode: null, districtCode: null, preferredDays: [], preferredTimes: ["afternoon"], maxTravelMiles: 5, maxHourlyRatePence: null, hasDirectPayment: false },
  },
];

function summarise(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { samples: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]!) };
}

export async function benchMatching(size: number, log: (line: string) => void, options: { samples?: number; warmup?: number } = {}) {
  const samples = options.samples ?? 200;
  const warmup = options.warmup ?? 20;
  const { handle } = await openBenchDatabase(size, log);
  try {
    const placed: Array<{ label: string; person: PersonForMatching }> = [];
    for (const entry of people) {
      const place = await findPlace(handle.db, entry.postcode);
      if (!place.found) throw new Error(`postcode ${entry.postcode} not found`);
      placed.push({ label: entry.label, person: { ...entry.person, latitude: place.latitude, longitude: place.longitude } });
    }
    const today = "2026-11-29";
    const perPerson: Record<string, { considered: number; matches: number; excluded: number }> = {};
    for (const { label, person } of placed) {
      const result = await findMatches(handle.db, person, { today });
      perPerson[label] = { considered: result.considered, matches: result.matches.length, excluded: result.excluded.length };
    }
    log(`matching: ${warmup} warm-up calls, then ${samples} samples`);
    for (let i = 0; i < warmup; i++) await findMatches(handle.db, placed[i % placed.length]!.person, { today });
    const all: number[] = [];
    const byPerson = new Map<string, number[]>();
    for (let i = 0; i < samples; i++) {
      const { label, person } = placed[i % placed.length]!;
      const started = performance.now();
      await findMatches(handle.db, person, { today });
      const elapsed = performance.now() - started;
      all.push(elapsed);
      byPerson.set(label, [...(byPerson.get(label) ?? []), elapsed]);
    }
    const overall = summarise(all);

    // A new server's first match: the whole catalogue loads (three fresh catalogues, the median).
    const loads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const fresh = new MatchingCatalogue(handle.db);
      await fresh.warm();
      loads.push(fresh.stats.lastFullLoadMs);
    }
    const firstLoadMs = summarise(loads).p50;
    log(`catalogue first load: ${loads.join(", ")} ms`);

    // Right after a coordinator changed a listing: its capacity goes up by one before the match
    // and back after it, so every match starts by reloading changed listings.
    const changing = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from services where listing_status = 'published' and status = 'active' and capacity_available is not null order by id limit 50`,
    );
    const afterChange: number[] = [];
    for (let i = 0; i < changing.length; i++) {
      const { person } = placed[i % placed.length]!;
      const id = changing[i]!.id;
      await handle.db.execute(sql`update services set capacity_available = capacity_available + 1 where id = ${id}::uuid`);
      const started = performance.now();
      await findMatches(handle.db, person, { today });
      afterChange.push(performance.now() - started);
      await handle.db.execute(sql`update services set capacity_available = capacity_available - 1 where id = ${id}::uuid`);
    }

    // The reference: candidates from the candidate statement, ten samples a person.
    const fromDatabase: number[] = [];
    for (let i = 0; i < placed.length * 10; i++) {
      const { person } = placed[i % placed.length]!;
      const started = performance.now();
      matchPerson(person, await loadCandidates(handle.db, person), { today });
      fromDatabase.push(performance.now() - started);
    }

    return {
      size,
      target: `p95 ≤ ${targetP95} ms`,
      met: overall.p95 <= targetP95,
      overall,
      firstLoadMs,
      afterChange: summarise(afterChange),
      fromDatabase: summarise(fromDatabase),
      people: Object.fromEntries([...byPerson].map(([label, times]) => [label, { ...perPerson[label], ...summarise(times) }])),
    };
  } finally {
    await handle.close();
  }
}

export function writeMatchingResults(result: Awaited<ReturnType<typeof benchMatching>>, log: (line: string) => void) {
  const date = new Date().toISOString();
  const machine = { date, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version, loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100) };
  fs.mkdirSync("bench/results", { recursive: true });
  const stem = path.join("bench/results", `${date.slice(0, 10)}-${result.size}-matching`);
  fs.writeFileSync(`${stem}.json`, JSON.stringify({ machine, ...result }, null, 2) + "\n");
  const lines = [
    `# Matching benchmark: ${result.size.toLocaleString("en-GB")} assets`,
    "",
    `Run ${date} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverage.join(", ")}. Matching one person = the matching catalogue's check for changed listings (one statement) and its pick of candidates in memory, + the pure engine. Generated by \`npm run bench\` (bench/matching.ts).`,
    "",
    `| target | p50 | p95 | p99 | max | samples | met? |`,
    `|---|---|---|---|---|---|---|`,
    `| ${result.target} | ${result.overall.p50} | ${result.overall.p95} | ${result.overall.p99} | ${result.overall.max} | ${result.overall.samples} | ${result.met ? "met" : "**not met**"} |`,
    "",
    "| also measured | p50 | p95 | p99 | max | samples |",
    "|---|---|---|---|---|---|",
    `| matching right after a listing changed (the catalogue reloads it first) | ${result.afterChange.p50} | ${result.afterChange.p95} | ${result.afterChange.p99} | ${result.afterChange.max} | ${result.afterChange.samples} |`,
    `| matching from the candidate statement alone (the reference; used past ${catalogueMaxListings.toLocaleString("en-GB")} listings) | ${result.fromDatabase.p50} | ${result.fromDatabase.p95} | ${result.fromDatabase.p99} | ${result.fromDatabase.max} | ${result.fromDatabase.samples} |`,
    "",
    `A new app server's first match loads the catalogue: ${result.firstLoadMs} ms (median of three; server.ts does it at start-up).`,
    "",
    "| person | candidates loaded | ranked | left out | p50 | p95 | p99 |",
    "|---|---|---|---|---|---|---|",
    ...Object.entries(result.people).map(([label, figures]) => `| ${label} | ${figures.considered} | ${figures.matches} | ${figures.excluded} | ${figures.p50} | ${figures.p95} | ${figures.p99} |`),
  ];
  fs.writeFileSync(`${stem}.md`, lines.join("\n") + "\n");
  console.table([
    { what: `matching one person (${result.size})`, p50: result.overall.p50, p95: result.overall.p95, p99: result.overall.p99, result: result.met ? "met" : "NOT MET" },
    { what: "right after a listing changed", p50: result.afterChange.p50, p95: result.afterChange.p95, p99: result.afterChange.p99, result: "" },
    { what: "from the candidate statement alone", p50: result.fromDatabase.p50, p95: result.fromDatabase.p95, p99: result.fromDatabase.p99, result: "" },
    { what: "catalogue first load (ms)", p50: result.firstLoadMs, p95: "", p99: "", result: "" },
  ]);
  log(`wrote ${stem}.json and ${stem}.md`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const argv = process.argv.slice(2);
  const option = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  for (const size of option("sizes")?.split(",").map(Number) ?? [50_000]) {
    writeMatchingResults(await benchMatching(size, log, { samples: Number(option("samples") ?? 200) }), log);
  }
  process.exit(0);
}
