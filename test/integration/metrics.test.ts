/**
 * /metrics: off unless METRICS is on, refused outside METRICS_ALLOW, and when allowed the
 * Prometheus text with request counts and latency by route shape, search and matching latency,
 * the search outbox, import jobs, database connections and the matching catalogue.
 */
import { describe, expect, it } from "vitest";
import { appSuite } from "../support/app";
import { useConfig } from "../support/config";
import { insertPerson, practitionerId } from "../support/caseload-people";
import { testDriver } from "../support/database";
import { sessionForUser } from "../support/sessions";

const suite = appSuite();

describe(`metrics on ${testDriver}`, () => {
  it("is not there unless METRICS is on", async () => {
    useConfig({ DEMO_MODE: "true" });
    expect((await suite.app.request("/metrics")).status).toBe(404);
  });

  it("refuses an address outside METRICS_ALLOW", async () => {
    useConfig({ DEMO_MODE: "true", METRICS: "true", METRICS_ALLOW: "10.0.0.0/8, 192.168.1.7" });
    const response = await suite.app.request("/metrics");
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("atlas_http_requests_total");
  });

  it("counts requests by route shape and times search and matching", async () => {
    useConfig({ DEMO_MODE: "true", METRICS: "true", METRICS_ALLOW: "127.0.0.0/8" });
    const owner = await practitionerId(suite.database.db);
    const session = await sessionForUser(suite.database, owner);
    const person = await insertPerson(suite.database.db, owner, { wardCode: "E05011570", districtCode: "E07000009" });
    const search = await suite.app.request("/search?q=lunch");
    const matches = await suite.app.request(`/people/${person.id}/matches`, { headers: { cookie: session.cookie } });
    expect([search.status, matches.status]).toEqual([200, 200]);
    await Promise.all([search.text(), matches.text()]);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a request is counted once its response has closed
    const response = await suite.app.request("/metrics");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
    expect(value(/^atlas_http_requests_total\{method="GET",route="\/search",status="200"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    // The person's id is not a label: the route is /people/:id/matches.
    expect(value(/^atlas_http_requests_total\{method="GET",route="\/people\/:id\/matches",status="200"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(person.id);
    expect(value(/^atlas_search_duration_seconds_count\{engine="memory"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^atlas_matching_duration_seconds_count (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^atlas_matching_catalogue\{figure="listings"\} (\d+)/m)).toBeGreaterThan(100);
    expect(value(/^atlas_search_outbox_backlog (\d+)/m)).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^atlas_search_outbox_lag_seconds \d/m);
    expect(text).toMatch(/^atlas_database_connections\{state="active"\} [1-9]/m);
    expect(text).toMatch(/^# TYPE atlas_import_jobs gauge/m);
    expect(text).toMatch(/^atlas_process_heap_bytes|^atlas_process_nodejs_heap_size_used_bytes/m);
  });
});
