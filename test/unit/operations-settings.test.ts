import os from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../app/env.server";
import { routeLabel } from "../../app/modules/operations/metrics.server";

const server = { DATABASE_URL: "postgres://atlas@db.example.org/atlas" };

describe("the settings for running at scale", () => {
  it("runs one process per core on a PostgreSQL server, and one with the embedded database", () => {
    expect(parseConfig(server).webConcurrency).toBe(os.availableParallelism());
    expect(parseConfig({ ...server, WEB_CONCURRENCY: "3" }).webConcurrency).toBe(3);
    expect(parseConfig({}).webConcurrency).toBe(1);
    expect(parseConfig({ WEB_CONCURRENCY: "1" }).webConcurrency).toBe(1);
  });

  it("refuses several processes on the embedded database, and a number that is not one", () => {
    expect(() => parseConfig({ WEB_CONCURRENCY: "2" })).toThrow(/WEB_CONCURRENCY is more than 1, but there is no DATABASE_URL/);
    expect(() => parseConfig({ ...server, WEB_CONCURRENCY: "two" })).toThrow(ConfigError);
    expect(() => parseConfig({ ...server, WEB_CONCURRENCY: "0" })).toThrow(/WEB_CONCURRENCY/);
  });

  it("keeps metrics off and loopback-only unless told otherwise, and names a bad allow-list entry", () => {
    expect(parseConfig({}).metrics).toEqual({ enabled: false, allow: ["127.0.0.1", "::1"] });
    expect(parseConfig({ METRICS: "true", METRICS_ALLOW: "10.0.0.0/8, 192.168.1.7,fd00::/8" }).metrics).toEqual({
      enabled: true,
      allow: ["10.0.0.0/8", "192.168.1.7", "fd00::/8"],
    });
    expect(() => parseConfig({ METRICS_ALLOW: "prometheus.internal" })).toThrow(/METRICS_ALLOW has "prometheus.internal"/);
    expect(() => parseConfig({ METRICS_ALLOW: "10.0.0.0/33" })).toThrow(/METRICS_ALLOW has "10.0.0.0\/33"/);
  });

  it("reads the pool size, shutdown time, log level and jobs switch through the schema", () => {
    const settings = parseConfig({ DATABASE_POOL_SIZE: "4", SHUTDOWN_TIMEOUT_SECONDS: "9", LOG_LEVEL: "warn", SCHEDULED_JOBS: "false" });
    expect(settings).toMatchObject({ databasePoolSize: 4, shutdownTimeoutSeconds: 9, logLevel: "warn", scheduledJobs: false });
    expect(() => parseConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => parseConfig({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
  });
});

describe("route labels for metrics", () => {
  it("replaces ids, codes and tokens so there are few label values", () => {
    expect(routeLabel("/people/7d40ae66-6e39-4ba6-a268-2e2633272626/matches")).toBe("/people/:id/matches");
    expect(routeLabel("/places/E05011570/boundaries.json")).toBe("/places/:id/boundaries.json");
    expect(routeLabel("/referrals/respond/Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6")).toBe("/referrals/respond/:id");
    expect(routeLabel("/build/routes/search-ABC123.js")).toBe("/build/*");
    expect(routeLabel("/search")).toBe("/search");
    expect(routeLabel("/")).toBe("/");
  });
});
