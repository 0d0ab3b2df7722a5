import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../app/env.server";

describe("configuration", () => {
  it("defaults to the embedded database in ./data with demo data", () => {
    const config = parseConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve("./data"));
    expect(config.seedDemo).toBe(true);
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseConfig({ DATABASE_URL: "  " }).databaseUrl).toBeUndefined();
  });

  it("refuses a DATABASE_URL that is not a PostgreSQL URL, naming the variable", () => {
    expect(() => parseConfig({ DATABASE_URL: "mysql://localhost/x" })).toThrow(ConfigError);
    expect(() => parseConfig({ DATABASE_URL: "mysql://localhost/x" })).toThrow(/DATABASE_URL/);
  });

  it("refuses a SEED_DEMO that is not true or false, naming the variable", () => {
    expect(() => parseConfig({ SEED_DEMO: "maybe" })).toThrow(/SEED_DEMO/);
    expect(parseConfig({ SEED_DEMO: "false" }).seedDemo).toBe(false);
  });
});

describe("verification intervals", () => {
  it("must increase from due to overdue to long overdue", () => {
    expect(() => parseConfig({ VERIFICATION_DUE_DAYS: "400" })).toThrow(/must increase in that order/);
    expect(parseConfig({ VERIFICATION_DUE_DAYS: "90" }).verificationDueDays).toBe(90);
  });
});
