/**
 * The Open Referral UK feed, fetched from the real built app and validated against the
 * official UK profile schemas (test/fixtures/oruk): every endpoint, list and record, every
 * filter, empty results and the last page; and bad input answered with 400/404 JSON.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { orukSchemas, schemaErrors } from "../support/oruk";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

interface Page<T = Record<string, unknown>> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

async function get<T = Record<string, unknown>>(pathAndQuery: string, expectedStatus = 200) {
  const response = await app.request(pathAndQuery);
  expect(response.headers.get("access-control-allow-origin"), pathAndQuery).toBe("*");
  expect(response.headers.get("content-type"), pathAndQuery).toMatch(/application\/json/);
  const body = (await response.json()) as T;
  expect(response.status, `${pathAndQuery}: ${JSON.stringify(body).slice(0, 300)}`).toBe(expectedStatus);
  return body;
}

async function validList(pathAndQuery: string, schema: keyof typeof orukSchemas) {
  const page = await get<Page>(pathAndQuery);
  expect(schemaErrors(orukSchemas[schema], page), pathAndQuery).toEqual([]);
  return page;
}

let published: number;
let someService: { id: string; term_id: string; taxonomy_id: string; postcode: string; sal_id: string };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  [{ n: published }] = (await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from services where listing_status = 'published'`,
  )) as [{ n: number }];
  [someService] = (await queryRows<typeof someService>(
    database.db,
    sql`select s.id, a.taxonomy_term_id as term_id, t.taxonomy_id, l.postcode, sal.id as sal_id
        from services s join attributes a on a.link_id = s.id join taxonomy_terms t on t.id = a.taxonomy_term_id
        join service_at_locations sal on sal.service_id = s.id join locations l on l.id = sal.location_id
        where s.listing_status = 'published' and l.postcode is not null order by s.id limit 1`,
  )) as [typeof someService];
});
afterAll(async () => {
  await database?.destroy();
});

describe(`Open Referral UK feed on ${testDriver}`, () => {
  it("describes itself at /oruk/ with version 3.0 and the profile", async () => {
    const meta = await get<{ version: string; profile: string; openapi_url: string }>("/oruk/");
    expect(schemaErrors(orukSchemas.meta, meta)).toEqual([]);
    expect(meta.version).toBe("3.0");
    expect(meta.profile).toMatch(/^https:\/\//);
    expect(meta.openapi_url).toMatch(/^https?:\/\/[^/]+\/oruk\/openapi\.json$/);
  });

  it("serves the profile's OpenAPI document with our server as its base", async () => {
    const document = await get<{ openapi: string; servers: { url: string }[]; paths: Record<string, unknown> }>("/oruk/openapi.json");
    expect(document.servers[0]!.url).toMatch(/^https?:\/\/[^/]+\/oruk$/);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/", "/services", "/services/{id}", "/service_at_locations", "/taxonomies", "/taxonomy_terms"]),
    );
  });

  it("lists published services only, paginated with the standard's totals", async () => {
    const page = await validList("/oruk/services?per_page=25", "serviceList");
    expect(page.total_items).toBe(published);
    expect(page.total_pages).toBe(Math.ceil(published / 25));
    expect(page).toMatchObject({ page_number: 1, size: 25, first_page: true, last_page: false, empty: false });
    const drafts = await queryRows<{ id: string }>(database.db, sql`select id from services where listing_status <> 'published'`);
    expect(drafts.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (let number = 1; number <= page.total_pages; number++) {
      const each = await validList(`/oruk/services?per_page=25&page=${number}`, "serviceList");
      for (const service of each.contents) ids.add(service.id as string);
    }
    expect(ids.size).toBe(published);
    for (const draft of drafts) expect(ids.has(draft.id)).toBe(false);
  });

  it("marks the last page, and answers past it with an empty page", async () => {
    const lastNumber = Math.ceil(published / 40);
    const last = await validList(`/oruk/services?per_page=40&page=${lastNumber}`, "serviceList");
    expect(last).toMatchObject({ last_page: true, first_page: lastNumber === 1, size: published - (lastNumber - 1) * 40 });
    const beyond = await validList(`/oruk/services?per_page=40&page=${lastNumber + 1}`, "serviceList");
    expect(beyond).toMatchObject({ empty: true, size: 0, contents: [], total_items: published });
  });

  it("carries our extra fields in the x_atlas extension and kind, needs and accessibility as attributes", async () => {
    const service = await get(`/oruk/services/${someService.id}`);
    expect(schemaErrors(orukSchemas.service, service)).toEqual([]);
    expect(service.x_atlas).toMatchObject({ kind: expect.any(String), direct_payment: expect.any(Boolean) });
    const attributes = service.attributes as { taxonomy_term: { taxonomy: string } }[];
    expect(attributes.map((a) => a.taxonomy_term.taxonomy)).toEqual(expect.arrayContaining(["Asset Atlas asset kinds"]));
  });

  it("serves every published service as a fully nested record that validates", async () => {
    const page = await get<Page>("/oruk/services?per_page=500");
    for (const item of page.contents.slice(0, 60)) {
      const service = await get(`/oruk/services/${item.id as string}`);
      expect(schemaErrors(orukSchemas.service, service), item.id as string).toEqual([]);
      expect((service.service_at_locations as unknown[]).length).toBeGreaterThan(0);
    }
  });

  it("lists and serves services at locations", async () => {
    const page = await validList("/oruk/service_at_locations?per_page=10", "serviceAtLocationList");
    expect(page.total_items).toBeGreaterThanOrEqual(published);
    const one = await get(`/oruk/service_at_locations/${someService.sal_id}`);
    expect(schemaErrors(orukSchemas.serviceAtLocation, one)).toEqual([]);
    expect(one).toMatchObject({ id: someService.sal_id, service: { id: someService.id } });
  });

  it("lists and serves taxonomies and taxonomy terms", async () => {
    const taxonomies = await validList("/oruk/taxonomies", "taxonomyList");
    expect(taxonomies.total_items).toBeGreaterThanOrEqual(3);
    const taxonomy = await get(`/oruk/taxonomies/${someService.taxonomy_id}`);
    expect(schemaErrors(orukSchemas.taxonomy, taxonomy)).toEqual([]);
    expect((taxonomy.taxonomy_terms as unknown[]).length).toBeGreaterThan(0);
    const terms = await validList("/oruk/taxonomy_terms?per_page=5", "taxonomyTermList");
    expect(terms.size).toBe(5);
    const ofOne = await validList(`/oruk/taxonomy_terms?taxonomy_id=${someService.taxonomy_id}`, "taxonomyTermList");
    expect(ofOne.contents.every((term) => term.taxonomy_id === someService.taxonomy_id)).toBe(true);
    const term = await get(`/oruk/taxonomy_terms/${someService.term_id}`);
    expect(schemaErrors(orukSchemas.taxonomyTerm, term)).toEqual([]);
  });

  describe("filters", () => {
    const check = async (query: string, expectation: (page: Page) => void | Promise<void>) => {
      for (const endpoint of ["services", "service_at_locations"] as const) {
        const page = await validList(`/oruk/${endpoint}?per_page=500&${query}`, endpoint === "services" ? "serviceList" : "serviceAtLocationList");
        await expectation(page);
      }
    };
    const serviceOf = (item: Record<string, unknown>) => (item.service ?? item) as Record<string, unknown>;

    it("search", async () => {
      await check("search=befriending", (page) => {
        expect(page.total_items).toBeGreaterThan(0);
        expect(page.total_items).toBeLessThan(published);
      });
      await check("search=zzzqqxnothing", (page) => expect(page).toMatchObject({ empty: true, total_items: 0, total_pages: 0, last_page: true }));
    });

    it("taxonomy_term_id and taxonomy_id", async () => {
      await check(`taxonomy_term_id=${someService.term_id}`, (page) => {
        expect(page.total_items).toBeGreaterThan(0);
        expect(page.contents.map((item) => serviceOf(item).id)).toContain(someService.id);
      });
      await check(`taxonomy_id=${someService.taxonomy_id}`, (page) => expect(page.total_items).toBeGreaterThan(0));
      await check("taxonomy_term_id=00000000-0000-4000-8000-000000000000", (page) => expect(page.empty).toBe(true));
    });

    it("postcode with proximity (metres), in any case and spacing", async () => {
      const compact = someService.postcode.replace(" ", "").toLowerCase();
      await check(`postcode=${compact}&proximity=1500`, (page) => {
        expect(page.total_items).toBeGreaterThan(0);
        expect(page.contents.map((item) => serviceOf(item).id)).toContain(someService.id);
      });
      const near = await get<Page>(`/oruk/services?postcode=${compact}&proximity=1500`);
      const far = await get<Page>(`/oruk/services?postcode=${compact}&proximity=20000`);
      expect(far.total_items).toBeGreaterThan(near.total_items);
      await check(`postcode=${encodeURIComponent(someService.postcode)}`, (page) => expect(page.total_items).toBeGreaterThan(0));
    });

    it("minimum_age and maximum_age", async () => {
      const [counts] = await queryRows<{ min18: number; max90: number }>(
        database.db,
        sql`select count(*) filter (where minimum_age >= 18)::int as min18, count(*) filter (where maximum_age <= 90)::int as max90
            from services where listing_status = 'published'`,
      );
      // Each filter must find something, exactly what the data holds, and nothing outside it.
      expect(counts!.min18).toBeGreaterThan(0);
      await check("minimum_age=18", (page) => {
        expect(page.total_items).toBe(counts!.min18);
        expect(page.contents.every((item) => (serviceOf(item).minimum_age as number) >= 18)).toBe(true);
      });
      await check("maximum_age=90", (page) => {
        expect(page.total_items).toBe(counts!.max90);
        expect(page.contents.every((item) => (serviceOf(item).maximum_age as number) <= 90)).toBe(true);
      });
    });

    it("day, start_time and end_time", async () => {
      const [row] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(distinct s.id)::int as n from services s join schedules sc on sc.service_id = s.id
            where s.listing_status = 'published' and sc.byday ~ '(^|,)[+-]?[0-9]*TU(,|$)'`,
      );
      const tuesday = await validList("/oruk/services?day=TU", "serviceList");
      expect(tuesday.total_items).toBe(row!.n);
      const longName = await validList("/oruk/services?day=tuesday", "serviceList");
      expect(longName.total_items).toBe(row!.n);
      await check("day=MO&start_time=09:00&end_time=17:00", (page) => expect(page.total_items).toBeLessThan(published));
    });

    it("modified_after", async () => {
      await check("modified_after=2000-01-01", (page) => expect(page.total_items).toBeGreaterThan(0));
      await check("modified_after=2999-01-01T00:00:00Z", (page) => expect(page.empty).toBe(true));
    });
  });

  describe("bad input", () => {
    it.each([
      ["/oruk/services?per_page=0", "per_page"],
      ["/oruk/services?per_page=100000", "per_page"],
      ["/oruk/services?page=0", "page"],
      ["/oruk/services?page=two", "page"],
      ["/oruk/services?postcode=NOT+A+POSTCODE&proximity=100", "postcode"],
      ["/oruk/services?postcode=CB7+4AA&proximity=-1", "proximity"],
      ["/oruk/services?proximity=500", "proximity"],
      ["/oruk/service_at_locations?day=Funday", "day"],
      ["/oruk/services?modified_after=yesterday", "modified_after"],
      ["/oruk/services?modified_after=0000-01-01", "modified_after"],
      ["/oruk/service_at_locations?modified_after=9999-12-31T23:00:00-01:00", "modified_after"],
      ["/oruk/services?search=a%00b", "search"],
      ["/oruk/services?taxonomy_term_id=not-a-uuid", "taxonomy_term_id"],
      ["/oruk/services?taxonomy_id=123", "taxonomy_id"],
      ["/oruk/services?minimum_age=old", "minimum_age"],
      ["/oruk/services?start_time=25:00", "start_time"],
      ["/oruk/taxonomy_terms?per_page=0", "per_page"],
      ["/oruk/taxonomies?page=-1", "page"],
    ])("%s is a 400 naming %s", async (pathAndQuery, parameter) => {
      const body = await get<{ status: number; parameter: string; message: string }>(pathAndQuery, 400);
      expect(body).toMatchObject({ status: 400, parameter });
      expect(body.message.length).toBeGreaterThan(10);
    });

    // The address reaches the feed with its %00: the value is refused as sent, not quietly cut.
    it.each([
      ["/oruk/services?search=a%00b", "search"],
      ["/oruk/service_at_locations?postcode=CB7%004AA", "postcode"],
      ["/oruk/taxonomy_terms?search=%00", "search"],
      ["/oruk/organizations?search=lunch%00club", "search"],
    ])("%s is a 400 saying %s holds a NUL character", async (pathAndQuery, parameter) => {
      const body = await get<{ status: number; parameter: string; message: string }>(pathAndQuery, 400);
      expect(body).toEqual({ status: 400, error: "Bad Request", parameter, message: `${parameter} must not contain a NUL character (%00).` });
    });

    it("a NUL character in a record's id is a 404 JSON body", async () => {
      const body = await get<{ status: number; parameter: string }>(`/oruk/services/${someService.id}%00`, 404);
      expect(body).toMatchObject({ status: 404, parameter: "id" });
    });

    it("a postcode we do not know is a 400 naming postcode", async () => {
      const body = await get<{ parameter: string }>("/oruk/services?postcode=SW1A+1AA&proximity=100", 400);
      expect(body.parameter).toBe("postcode");
    });

    it.each([
      "/oruk/services/00000000-0000-4000-8000-000000000000",
      "/oruk/services/not-a-uuid",
      "/oruk/service_at_locations/00000000-0000-4000-8000-000000000000",
      "/oruk/taxonomies/00000000-0000-4000-8000-000000000000",
      "/oruk/taxonomy_terms/nope",
      "/oruk/organizations/00000000-0000-4000-8000-000000000000",
    ])("%s is a 404 JSON body", async (pathAndQuery) => {
      const body = await get<{ status: number; message: string }>(pathAndQuery, 404);
      expect(body.status).toBe(404);
    });

    it("does not serve a draft listing by id", async () => {
      const [draft] = await queryRows<{ id: string }>(database.db, sql`select id from services where listing_status = 'draft' limit 1`);
      await get(`/oruk/services/${draft!.id}`, 404);
    });

    it("answers CORS preflight and refuses writes", async () => {
      const preflight = await app.request("/oruk/services", {
        method: "OPTIONS",
        headers: { Origin: "https://example.org", "Access-Control-Request-Method": "GET" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
      expect(preflight.headers.get("access-control-allow-methods")).toMatch(/GET/);
      const post = await app.request("/oruk/services", { method: "POST", body: "{}" });
      expect(post.status).toBe(405);
      expect(post.headers.get("access-control-allow-origin")).toBe("*");
    });
  });
});
