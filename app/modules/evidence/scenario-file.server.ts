/** Reads a business-case scenario file for `npm run atlas -- roi` and runs it. */
import fs from "node:fs";
import { shippedPriceIndex } from "../../../db/seed/price-index";
import { runScenario, ScenarioError, type ScenarioResult } from "./scenario";
import { EvidenceInputError } from "../../../db/evidence/input-error";
import { MissingUnitCostError } from "./unit-costs";

export type ScenarioFileOutcome = { ok: true; result: ScenarioResult } | { ok: false; message: string };

/**
 * Runs the file; with `priceYear`, every amount is stated in that year, converted with the price
 * index shipped in db/data/price-index/ (the database is never opened).
 */
export function runScenarioFile(file: string, options: { priceYear?: string } = {}): ScenarioFileOutcome {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    return { ok: false, message: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    const priceOptions = options.priceYear === undefined ? {} : { priceYear: options.priceYear, priceIndex: shippedPriceIndex() };
    return { ok: true, result: runScenario(json, priceOptions) };
  } catch (error) {
    if (error instanceof ScenarioError) return { ok: false, message: `${file} is not a valid scenario:\n${error.problems.map((problem) => `  - ${problem}`).join("\n")}` };
    if (error instanceof MissingUnitCostError || error instanceof EvidenceInputError || error instanceof RangeError) {
      return { ok: false, message: `${file}: ${error.message}` };
    }
    throw error;
  }
}
