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

describe("Meilisearch configuration", () => {
  it("is off unless MEILI_HOST is set", () => {
    expect(parseConfig({}).meili).toBeNull();
    expect(parseConfig({ MEILI_HOST: " " }).meili).toBeNull();
  });

  it("takes the host, key and index name", () => {
    expect(parseConfig({ MEILI_HOST: "https://search.example.gov.uk/", MEILI_MASTER_KEY: "k", MEILI_INDEX: "atlas_assets" }).meili).toEqual({
      host: "https://search.example.gov.uk",
      apiKey: "k",
      indexUid: "atlas_assets",
    });
    expect(parseConfig({ MEILI_HOST: "http://127.0.0.1:7700" }).meili).toEqual({ host: "http://127.0.0.1:7700", apiKey: undefined, indexUid: "assets" });
  });

  it("refuses a half configuration or a bad value, naming the variable", () => {
    expect(() => parseConfig({ MEILI_HOST: "https://search.example.gov.uk" })).toThrow(/MEILI_MASTER_KEY is not/);
    expect(() => parseConfig({ MEILI_MASTER_KEY: "k" })).toThrow(/MEILI_HOST is not/);
    expect(() => parseConfig({ MEILI_HOST: "search.example.gov.uk", MEILI_MASTER_KEY: "k" })).toThrow(/MEILI_HOST/);
    expect(() => parseConfig({ MEILI_HOST: "http://127.0.0.1:7700", MEILI_INDEX: "a b" })).toThrow(/MEILI_INDEX/);
  });
});
