/** `npm run atlas -- roi <scenario.json>` as a finance officer runs it: a real process, JSON out, clear refusals. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../support/paths";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-roi-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function roi(...args: string[]) {
  return spawnSync(process.execPath, [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "app/cli.ts", "roi", ...args], {
    cwd: projectRoot,
    // why: roi needs no database; an unusable DATA_DIR proves it never opens one.
    env: { ...process.env, DATA_DIR: path.join(scratch, "no-database-here"), DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

function scenarioFile(name: string, content: unknown): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("atlas roi", () => {
  it("prints the cohort example's results as JSON", () => {
    const result = roi("docs/examples/roi/cohort.json");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, { display: string } & Record<string, { display: string }>>;
    expect(output.cohort!.fullYearEffect!.display).toBe("£10,593,960.00");
    expect(output.annualSaving!.display).toBe("£529,698.00");
    expect(output.multiYearSaving!.display).toBe("£1,589,094.00");
    expect(fs.existsSync(path.join(scratch, "no-database-here"))).toBe(false);
  });

  it("runs the cashflow and evidence examples", () => {
    const cashflow = roi("docs/examples/roi/cashflow.json");
    expect(cashflow.status).toBe(0);
    expect(JSON.parse(cashflow.stdout)).toMatchObject({ kind: "cashflow", finance: { netCumulativeCashFlow: { display: "£820,000.00" } } });
    const evidence = roi("docs/examples/roi/evidence.json");
    expect(evidence.status).toBe(0);
    expect(JSON.parse(evidence.stdout)).toMatchObject({ kind: "evidence", totals: { adjusted: { total: { display: "£1,176.12" } } }, fiscalRoi: { ratio: "0.78" } });
  });

  it("refuses bad scenarios with exit code 1 and a message naming the field", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ kind: "cohort", weeklyCost: "a lot", shareDivertedPercent: 5, years: 3 }, /weeklyCost: weeklyCost must be pounds/],
      [{ kind: "cashflow", years: 1, netPermanentSavings: [10], investment: -100 }, /investment: investment cannot be negative/],
      [{ kind: "cohort", weeklyCost: 100, shareDivertedPercent: 150, years: 3 }, /shareDivertedPercent: shareDivertedPercent cannot be over 100%/],
      [{ kind: "cohort", weeklyCost: 100, shareDivertedPercent: 5, years: 12 }, /years: years must be from 1 to 10/],
      ["{ not json", /is not valid JSON/],
      [
        {
          kind: "evidence",
          programme: { start: "2025-04-01", years: 1 },
          investment: 0,
          unitCosts: [],
          records: [{ id: "r1", service: "day-care", hoursPerWeek: 6, from: "2025-05-01", to: "2025-05-31", confidencePercent: 70, cashable: false }],
        },
        /No unit cost for "day-care" in force on 2025-05-01/,
      ],
    ];
    for (const [index, [content, message]] of cases.entries()) {
      const result = roi(scenarioFile(`bad-${index}.json`, content));
      expect(result.status, String(message)).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
    }
    const missing = roi(path.join(scratch, "nowhere.json"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read .*nowhere\.json: ENOENT/);
  }, 120_000); // seven processes, one after another, on a shared machine

  it("explains its usage with exit code 2", () => {
    const none = roi();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/roi <scenario\.json>/);
    expect(roi("a.json", "b.json").status).toBe(2);
    expect(roi("docs/examples/roi/evidence.json", "--price-year").status).toBe(2);
  });

  it("prints every example scenario byte for byte as before the price-year option", () => {
    // The fixtures are the output of the command before price years existed.
    for (const name of fs.readdirSync(path.join(projectRoot, "docs/examples/roi")).filter((file) => file.endsWith(".json"))) {
      const result = roi(`docs/examples/roi/${name}`);
      expect(result.status, name).toBe(0);
      expect(result.stdout, name).toBe(fs.readFileSync(path.join(projectRoot, "test/fixtures/roi", name.replace(/\.json$/, ".out.json")), "utf8"));
    }
  });

  it("states an evidence scenario in a chosen price year with the shipped GDP deflators, showing each conversion", () => {
    const result = roi("docs/examples/roi/evidence.json", "--price-year", "2026/27");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as { priceYear: string; priceIndex: { publishedOn: string }; lines: Array<{ priceYear: string; rate: { pence: number }; originalRate: { pence: number }; conversion: { factor: string } | null }> };
    expect(output.priceYear).toBe("2026/27");
    expect(output.priceIndex.publishedOn).toBe("2026-03-31");
    // £17.50 in 2025/26 prices × 105.3095 ÷ 103.2388 = £17.85.
    expect(output.lines[0]).toMatchObject({ priceYear: "2025/26", originalRate: { pence: 1750 }, rate: { pence: 1785 }, conversion: { factor: "1.020057" } });
    // The investment too, from the programme's first year unless the file says otherwise: ROI compares like with like.
    const roiOf = (text: string) => JSON.parse(text) as { fiscalRoi: { investment: { pence: number } }; investmentConvertedFrom: { priceYear: string; conversion: string } };
    expect(roiOf(result.stdout).fiscalRoi.investment.pence).toBe(153_009); // £1,500 × 1.020057
    expect(roiOf(result.stdout).investmentConvertedFrom).toEqual({ priceYear: "2025/26", conversion: "2025/26 to 2026/27 prices: × 1.020057 (index 105.3095 ÷ 103.2388)" });
    const scenario = JSON.parse(fs.readFileSync(path.join(projectRoot, "docs/examples/roi/evidence.json"), "utf8")) as Record<string, unknown>;
    const invested2026 = roi(scenarioFile("evidence-2026.json", { ...scenario, investmentPriceYear: "2026/27" }), "--price-year", "2026/27");
    expect(roiOf(invested2026.stdout).fiscalRoi.investment.pence).toBe(150_000);
    expect(roi("docs/examples/roi/evidence.json", "--price-year=2026/27").stdout).toBe(result.stdout);
  });

  it("needs a cohort's own price year to convert it, and a year the index covers", () => {
    const noYear = roi("docs/examples/roi/cohort.json", "--price-year", "2026/27");
    expect(noYear.status).toBe(1);
    expect(noYear.stderr).toMatch(/priceYear: say which price year the scenario's amounts are in/);
    const cohort = JSON.parse(fs.readFileSync(path.join(projectRoot, "docs/examples/roi/cohort.json"), "utf8")) as Record<string, unknown>;
    const converted = roi(scenarioFile("cohort-2019.json", { ...cohort, priceYear: "2019/20" }), "--price-year", "2026/27");
    expect(converted.status).toBe(0);
    const output = JSON.parse(converted.stdout) as { priceYear: string; cohort: { weeklyCost: { display: string } }; convertedFrom: { conversion: string } };
    expect(output.priceYear).toBe("2026/27");
    expect(output.cohort.weeklyCost.display).toBe("£265,286.22"); // £203,730 × 105.3095 ÷ 80.8738
    expect(output.convertedFrom.conversion).toBe("2019/20 to 2026/27 prices: × 1.302146 (index 105.3095 ÷ 80.8738)");
    const far = roi("docs/examples/roi/evidence.json", "--price-year", "2040/41");
    expect(far.status).toBe(1);
    expect(far.stderr).toMatch(/no value for 2040\/41: it covers 2000\/01 to 2030\/31/);
    expect(roi("docs/examples/roi/evidence.json", "--price-year", "2026").stderr).toMatch(/not a financial year/);
  });
});
