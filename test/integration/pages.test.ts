import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { services } from "../../db/schema";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await database?.destroy();
});

describe(`pages, server-rendered, on ${testDriver}`, () => {
  it("serves the home page with a search box", async () => {
    const response = await app.request("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Find community support near you");
    expect(html).toMatch(/<form[^>]*method="get"[^>]*action="\/search"/);
    expect(html).toContain('name="q"');
    expect(html).not.toMatch(/GDS Transport|govuk-header__logotype-crown|govuk-crest/);
  });

  it("lists matching published assets on /search", async () => {
    const response = await app.request("/search?q=lunch+club");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/\d+ results? for “lunch club”/);
    expect(html).toMatch(/href="\/assets\/[0-9a-f-]{36}"/);
  });

  it("shows an asset with what a resident needs to get in touch", async () => {
    const [asset] = await database.db
      .select()
      .from(services)
      .where(eq(services.listingStatus, "published"))
      .orderBy(services.name)
      .limit(1);
    const response = await app.request(`/assets/${asset!.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(escapeHtml(asset!.name));
    expect(html).toMatch(/href="tel:01632960\d{3}"/);
    expect(html).toContain("How to get in touch");
    expect(html).toContain("Where and when");
    expect(html).toContain("demo listing");
  });

  it("answers a friendly 404 for an unknown, malformed or unpublished asset", async () => {
    const [unpublished] = await database.db
      .select({ id: services.id })
      .from(services)
      .where(and(ne(services.listingStatus, "published")))
      .limit(1);
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "%27%20or%201%3D1", unpublished!.id]) {
      const response = await app.request(`/assets/${id}`);
      expect(response.status, id).toBe(404);
      const html = await response.text();
      expect(html).toContain("Page not found");
      expect(html).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
    }
  });

  it("answers a friendly 404 for an unknown address", async () => {
    const response = await app.request("/no/such/page");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });

  it("never gives a 500 for a malformed query string", async () => {
    const queries = [
      "q=%E0%A4%A",
      "q=%",
      "page=-1",
      "page=abc",
      "page=99999",
      `q=${"x".repeat(2000)}`,
      "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      "q='%20OR%201=1;--",
      "q[]=a&q[]=b",
      "q=a&page=1&page=2",
    ];
    for (const query of queries) {
      const response = await app.request(`/search?${query}`);
      expect(response.status, query).toBe(200);
      const html = await response.text();
      expect(html, query).not.toContain("<script>alert(1)</script>");
    }
  });

  it("reports health as JSON with the database mode", async () => {
    const response = await app.request("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({
      status: "ok",
      database: { mode: testDriver === "pglite" ? "embedded" : "server", ready: true, seeded: true },
      search: { engine: "embedded" },
    });
  });

  it("credits the geography's sources on the About page", async () => {
    const html = await (await app.request("/about")).text();
    expect(html).toContain("Contains OS data © Crown copyright and database right");
    expect(html).toContain("Royal Mail");
    expect(html).toContain("Open Government Licence v3.0");
  });
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");
}
