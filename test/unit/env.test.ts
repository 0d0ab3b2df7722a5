import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../app/env.server";
import { projectRoot } from "../../db/project-root";

describe("configuration", () => {
  it("defaults to the embedded database in ./data, with every development convenience off", () => {
    const config = parseConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve("./data"));
    expect(config.demoMode).toBe(false);
    expect(config.devOutbox).toBe(false);
    expect(config.trustProxy).toBe(false);
    expect(config.port).toBe(3000);
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseConfig({ DATABASE_URL: "  " }).databaseUrl).toBeUndefined();
  });

  it("refuses a DATABASE_URL that is not a PostgreSQL URL, naming the variable", () => {
    expect(() => parseConfig({ DATABASE_URL: "mysql://localhost/x" })).toThrow(ConfigError);
    expect(() => parseConfig({ DATABASE_URL: "mysql://localhost/x" })).toThrow(/DATABASE_URL/);
  });

  it("refuses a DEMO_MODE or DEV_OUTBOX that is not true or false, naming the variable", () => {
    expect(() => parseConfig({ DEMO_MODE: "maybe" })).toThrow(/DEMO_MODE/);
    expect(() => parseConfig({ DEV_OUTBOX: "yes please" })).toThrow(/DEV_OUTBOX/);
    expect(parseConfig({ DEMO_MODE: "true" }).demoMode).toBe(true);
    expect(parseConfig({ DEV_OUTBOX: "1" }).devOutbox).toBe(true);
  });

  it("checks ATLAS_ROOT (read by db/ for its migrations and data) with the same rule in both places", () => {
    expect(() => parseConfig({ ATLAS_ROOT: "relative/folder" })).toThrow(/ATLAS_ROOT must be an absolute path/);
    expect(() => projectRoot({ ATLAS_ROOT: "relative/folder" })).toThrow(/ATLAS_ROOT must be an absolute path/);
    expect(() => parseConfig({ ATLAS_ROOT: "/srv/asset-atlas" })).not.toThrow();
    expect(projectRoot({ ATLAS_ROOT: " /srv/asset-atlas " })).toBe("/srv/asset-atlas");
    expect(projectRoot({ ATLAS_ROOT: "" })).toBe(process.cwd());
  });

  it("says that SEED_DEMO is now DEMO_MODE rather than ignoring it", () => {
    expect(() => parseConfig({ SEED_DEMO: "true" })).toThrow(/SEED_DEMO.*DEMO_MODE/);
  });
});

describe("production", () => {
  const production = { NODE_ENV: "production", PUBLIC_URL: "https://atlas.example.gov.uk" };

  it("starts with PUBLIC_URL and nothing else", () => {
    expect(parseConfig(production).publicUrl).toBe("https://atlas.example.gov.uk");
  });

  it("needs PUBLIC_URL, and says so by name", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(/PUBLIC_URL is not set/);
    // server.ts keeps the operator's NODE_ENV in ATLAS_DEPLOYMENT
    expect(() => parseConfig({ NODE_ENV: "production", ATLAS_DEPLOYMENT: "production" })).toThrow(/PUBLIC_URL/);
  });

  it("refuses the demo and the development outbox, naming each", () => {
    expect(() => parseConfig({ ...production, DEMO_MODE: "true" })).toThrow(/DEMO_MODE/);
    expect(() => parseConfig({ ...production, DEV_OUTBOX: "true" })).toThrow(/DEV_OUTBOX/);
    expect(parseConfig({ ...production, DEMO_MODE: "false", DEV_OUTBOX: "false" }).demoMode).toBe(false);
  });

  it("refuses a PUBLIC_URL with a path, query or non-web scheme", () => {
    expect(() => parseConfig({ PUBLIC_URL: "ftp://atlas.example.gov.uk" })).toThrow(/PUBLIC_URL/);
    expect(() => parseConfig({ PUBLIC_URL: "https://atlas.example.gov.uk/?x=1" })).toThrow(/PUBLIC_URL/);
    expect(parseConfig({ PUBLIC_URL: "https://atlas.example.gov.uk/" }).publicUrl).toBe("https://atlas.example.gov.uk");
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
