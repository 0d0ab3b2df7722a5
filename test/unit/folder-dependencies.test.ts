/**
 * The lint rule that keeps the folders' dependencies one way (eslint.config.js): each breach it
 * must catch, linted as if the code were in that file, and code that keeps to the rule passes.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../support/paths";

const eslint = new ESLint({ cwd: projectRoot });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${projectRoot}/${filePath}` });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

// ESLint loads typescript-eslint and the resolver on first use: seconds on a busy machine.
describe("the folder dependency rule", { timeout: 60_000 }, () => {
  it.each([
    ["db/ imports the app", "db/seed/breach.ts", 'import { config } from "../../app/env.server";\nexport const x = config;\n', /db\/ is the bottom layer/],
    ["db/ imports search/", "db/breach.ts", 'import { findPlace } from "../search/postcodes.server";\nexport const x = findPlace;\n', /db\/ is the bottom layer/],
    ["search/ imports the app", "search/breach.ts", 'import { config } from "../app/env.server";\nexport const x = config;\n', /search\/ imports only db\//],
    ["a module imports a component", "app/modules/assets/breach.ts", 'import { ErrorSummary } from "../../components/form";\nexport const x = ErrorSummary;\n', /Modules hold the domain/],
    ["a component imports a route", "app/components/breach.tsx", 'import Search from "../routes/search";\nexport const x = Search;\n', /Components import no route/],
    ["a route writes listings without the writer", "app/routes/breach.tsx", 'import { writeListingRows } from "../../db/listings/write";\nexport const x = writeListingRows;\n', /only through app\/modules\/listings/],
    ["a module updates a listing's table itself", "app/modules/assets/breach.ts", 'import { services } from "../../../db/schema";\nexport const x = (db: any) => db.update(services).set({ name: "x" });\n', /only through app\/modules\/listings/],
    ["an import that does not resolve", "db/breach.ts", 'import { x } from "./no-such-file";\nexport const y = x;\n', /no-unresolved/],
  ])("catches %s", async (_what, filePath, code, expected) => {
    expect((await problems(filePath, code)).join("\n")).toMatch(expected);
  });

  it("lets each folder import what is below it", async () => {
    expect(await problems("app/modules/listings/ok.ts", 'import { writeListingRows } from "../../../db/listings/write";\nexport const x = writeListingRows;\n')).toEqual([]);
    expect(await problems("app/routes/ok.tsx", 'import { ErrorSummary } from "../components/form";\nimport { findSupport } from "../modules/search/find-support.server";\nexport const x = [ErrorSummary, findSupport];\n')).toEqual([]);
    expect(await problems("search/ok.ts", 'import { needs } from "../db/vocabulary/needs";\nexport const x = needs;\n')).toEqual([]);
  });
});
