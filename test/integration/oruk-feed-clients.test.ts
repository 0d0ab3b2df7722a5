/**
 * The feed as third-party clients read it: filters a harvester relies on (organization_id, a
 * postcode without a radius), contact details where HSDS 3.0 clients look for them (phones,
 * contacts, url, email, addresses), the optional endpoints and parameters the profile names
 * (each honoured, or refused with a 400 naming it), a valid OpenAPI document, and links that
 * stay https behind a TLS proxy. Every answer still validates against the UK profile schemas.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadConfigForTests } from "../../app/env.server";
import { queryRows } from "../../db/client.server";
import { createTestApp } from "../support/app";
import { useConfig } from "../support/config";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { orukSchemas, schemaErrors, validateOpenApi } from "../support/oruk";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

type Json = Record<string, unknown>;
interface Page<T = Json> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  contents: T[];
}

async function get<T = Json>(pathAndQuery: string, expectedStatus = 200, headers: Record<string, string> = {}) {
  const response = await app.request(pathAndQuery, { headers });
  expect(response.headers.get("access-control-allow-origin"), pathAndQuery).toBe("*");
  const body = (await response.json()) as T;
  expect(response.status, `${pathAndQuery}: ${JSON.stringify(body).slice(0, 300)}`).toBe(expectedStatus);
  return body;
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(database.db, query);
  return row!.n;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await database?.destroy();
});

describe(`the ORUK feed for third-party clients on ${testDriver}`, () => {
  it("filters /services and /service_at_locations by organization_id", async () => {
    const [organisation] = await queryRows<{ id: string; n: number }>(
      database.db,
      sql`select organization_id as id, count(*)::int as n from services where listing_status = 'published'
          group by organization_id having count(*) >= 2 order by organization_id limit 1`,
    );
    const services = await get<Page>(`/oruk/services?organization_id=${organisation!.id}`);
    expect(schemaErrors(orukSchemas.serviceList, services)).toEqual([]);
    expect(services.total_items).toBe(organisation!.n);
    expect(services.contents.every((item) => item.organization_id === organisation!.id)).toBe(true);
    const sals = await get<Page>(`/oruk/service_at_locations?organization_id=${organisation!.id}&per_page=500`);
    expect(sals.total_items).toBeGreaterThanOrEqual(organisation!.n);
    expect(sals.contents.every((item) => (item.service as Json).organization_id === organisation!.id)).toBe(true);
    const none = await get<Page>("/oruk/services?organization_id=00000000-0000-4000-8000-000000000000");
    expect(none.total_items).toBe(0);
    const bad = await get<Json>("/oruk/services?organization_id=acme", 400);
    expect(bad.parameter).toBe("organization_id");
  });

  it("matches a postcode without a radius to the services whose area covers it: its ward, or its whole district", async () => {
    const [place] = await queryRows<{ ward_code: string; district_code: string }>(
      database.db,
      sql`select ward_code, district_code from postcodes where postcode = 'CB7 4AA'`,
    );
    const expected = await count(sql`select count(*)::int as n from services s where s.listing_status = 'published' and exists (
      select 1 from service_areas sa where sa.service_id = s.id
      and (sa.ward_code = ${place!.ward_code} or (sa.ward_code is null and sa.district_code = ${place!.district_code})))`);
    const wardOnlyElsewhere = await count(sql`select count(*)::int as n from services s where s.listing_status = 'published'
      and not exists (select 1 from service_areas sa where sa.service_id = s.id
        and (sa.ward_code = ${place!.ward_code} or (sa.ward_code is null and sa.district_code = ${place!.district_code})))`);
    expect(wardOnlyElsewhere).toBeGreaterThan(0);
    const page = await get<Page>("/oruk/services?postcode=CB7+4AA&per_page=500");
    expect(page.total_items).toBe(expected);
    const sals = await get<Page>("/oruk/service_at_locations?postcode=CB7+4AA&per_page=500");
    const salServices = new Set(sals.contents.map((item) => (item.service as Json).id));
    expect(salServices.size).toBe(expected);
  });

  it("puts phones, contacts, email, url and addresses where HSDS 3.0 clients read them", async () => {
    const [withPhone] = await queryRows<{ id: string; number: string; website: string | null }>(
      database.db,
      sql`select s.id, p.number, o.website from services s join contacts c on c.service_id = s.id join phones p on p.contact_id = c.id
          join organizations o on o.id = s.organization_id
          where s.listing_status = 'published' and c.email is not null and o.website is not null order by s.id limit 1`,
    );
    const service = await get<Json>(`/oruk/services/${withPhone!.id}`);
    expect(schemaErrors(orukSchemas.service, service)).toEqual([]);
    expect((service.phones as Json[]).map((phone) => phone.number)).toContain(withPhone!.number);
    const contact = (service.contacts as Json[])[0]!;
    expect((contact.phones as Json[]).map((phone) => phone.number)).toContain(withPhone!.number);
    expect(contact.email).toEqual(expect.stringContaining("@"));
    // No page of its own: the organisation's website is where a client sends people.
    expect(service.url).toBe(withPhone!.website);
    const list = await get<Page>(`/oruk/services?per_page=500`);
    expect(list.contents.find((item) => item.id === withPhone!.id)?.url).toBe(withPhone!.website);

    // Every location has an address a client can show, the postcode at least.
    const page = await get<Page>("/oruk/services?per_page=500&full=true");
    const locations = page.contents.flatMap((item) => (item.service_at_locations as Json[]).map((sal) => sal.location as Json));
    expect(locations.length).toBeGreaterThan(300);
    for (const location of locations) {
      const addresses = location.addresses as Json[];
      expect(addresses.length, JSON.stringify(location).slice(0, 200)).toBeGreaterThan(0);
      expect(addresses[0]!.postal_code).toMatch(/^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/);
    }
  });

  it("serves /organizations and /organizations/{id}, valid against the profile", async () => {
    const organisations = await count(sql`select count(distinct organization_id)::int as n from services where listing_status = 'published'`);
    const page = await get<Page>("/oruk/organizations?per_page=500");
    expect(schemaErrors(orukSchemas.organizationList, page)).toEqual([]);
    expect(page.total_items).toBe(organisations);
    const first = page.contents[0]!;
    const one = await get<Json>(`/oruk/organizations/${first.id as string}`);
    expect(schemaErrors(orukSchemas.organization, one)).toEqual([]);
    expect((one.services as Json[]).length).toBeGreaterThan(0);
    const full = await get<Json>(`/oruk/organizations/${first.id as string}?full_service=true`);
    expect(schemaErrors(orukSchemas.organization, full)).toEqual([]);
    expect((full.services as Json[])[0]!.service_at_locations).toEqual(expect.any(Array));
    const searched = await get<Page>(`/oruk/organizations?search=${encodeURIComponent(String(first.name))}`);
    expect(searched.contents.map((item) => item.id)).toContain(first.id);
    await get(`/oruk/organizations/00000000-0000-4000-8000-000000000000`, 404);
  });

  it("honours search on taxonomies and terms, and parent_id and top_only on terms", async () => {
    const all = await get<Page>("/oruk/taxonomies?per_page=500");
    const needs = await get<Page>("/oruk/taxonomies?search=needs");
    expect(needs.total_items).toBeGreaterThan(0);
    expect(needs.total_items).toBeLessThan(all.total_items);
    const terms = await get<Page>("/oruk/taxonomy_terms?search=dementia");
    expect(schemaErrors(orukSchemas.taxonomyTermList, terms)).toEqual([]);
    expect(terms.total_items).toBeGreaterThan(0);
    expect(terms.contents.every((term) => /dementia/i.test(`${String(term.name)} ${String(term.description)}`))).toBe(true);
    const [parent] = await queryRows<{ id: string; n: number }>(
      database.db,
      sql`select parent_id as id, count(*)::int as n from taxonomy_terms where parent_id is not null group by parent_id order by parent_id limit 1`,
    );
    if (parent) {
      const children = await get<Page>(`/oruk/taxonomy_terms?parent_id=${parent.id}`);
      expect(children.total_items).toBe(parent.n);
    } else {
      const children = await get<Page>(`/oruk/taxonomy_terms?parent_id=00000000-0000-4000-8000-000000000000`);
      expect(children.total_items).toBe(0);
    }
    const topLevel = await count(sql`select count(*)::int as n from taxonomy_terms where parent_id is null`);
    const top = await get<Page>("/oruk/taxonomy_terms?top_only=true&per_page=500");
    expect(top.total_items).toBe(topLevel);
  });

  it("honours full, minimal and format on /services", async () => {
    const published = await count(sql`select count(*)::int as n from services where listing_status = 'published'`);
    const full = await get<Page>("/oruk/services?full=true&per_page=3");
    expect(full.size).toBe(3);
    for (const service of full.contents) expect(schemaErrors(orukSchemas.service, service)).toEqual([]);
    expect(full.contents[0]!.schedules).toEqual(expect.any(Array));
    const minimal = await get<Page>("/oruk/services?minimal=true");
    expect(minimal.total_items).toBe(published);
    expect(minimal.contents).toHaveLength(published);
    expect(Object.keys(minimal.contents[0]!).sort()).toEqual(["id", "last_modified"]);
    const response = await app.request("/oruk/services?format=ndjson");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const lines = (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as Json);
    expect(lines).toHaveLength(published);
    expect(schemaErrors(orukSchemas.serviceList, { ...full, contents: lines.slice(0, 50) })).toEqual([]);
    await get("/oruk/services?format=json");
    expect((await get<Json>("/oruk/services?format=xml", 400)).parameter).toBe("format");
    expect((await get<Json>("/oruk/services?full=yes", 400)).parameter).toBe("full");
    expect((await get<Json>("/oruk/services?full=true&minimal=true", 400)).parameter).toBe("minimal");
  });

  // Every parameter the profile's OpenAPI names is honoured where it applies, or refused with a
  // 400 that names it: never silently ignored.
  const profileParameters = ["search", "page", "per_page", "minimal", "full", "modified_after", "taxonomy_term_id", "taxonomy_id", "organization_id", "full_service", "postcode", "proximity", "format", "minimum_age", "maximum_age", "start_time", "end_time", "day", "top_only", "parent_id"];
  const honoured: Record<string, string[]> = {
    "/oruk/": [],
    "/oruk/services": ["search", "page", "per_page", "minimal", "full", "modified_after", "taxonomy_term_id", "taxonomy_id", "organization_id", "postcode", "proximity", "format", "minimum_age", "maximum_age", "start_time", "end_time", "day"],
    "/oruk/service_at_locations": ["search", "page", "per_page", "full", "modified_after", "taxonomy_term_id", "taxonomy_id", "organization_id", "postcode", "proximity", "format", "minimum_age", "maximum_age", "start_time", "end_time", "day"],
    "/oruk/taxonomies": ["search", "page", "per_page", "format"],
    "/oruk/taxonomy_terms": ["search", "page", "per_page", "format", "taxonomy_id", "parent_id", "top_only"],
    "/oruk/organizations": ["search", "page", "per_page", "format", "full", "full_service"],
  };
  for (const [endpoint, accepted] of Object.entries(honoured)) {
    const refused = profileParameters.filter((name) => !accepted.includes(name));
    it(`${endpoint} refuses, naming it, each profile parameter it does not honour (${refused.length})`, async () => {
      for (const name of refused) {
        const body = await get<Json>(`${endpoint}?${name}=1`, 400);
        expect(body.parameter, `${endpoint}?${name}`).toBe(name);
        expect(String(body.message)).toContain(name);
      }
    });
  }

  it("refuses filters on a single record", async () => {
    const [service] = await queryRows<{ id: string }>(database.db, sql`select id from services where listing_status = 'published' limit 1`);
    expect((await get<Json>(`/oruk/services/${service!.id}?postcode=CB7+4AA`, 400)).parameter).toBe("postcode");
  });

  it("serves a valid OpenAPI 3.1 document that lists what it honours", async () => {
    const document = await get<Json>("/oruk/openapi.json");
    expect(await validateOpenApi(document)).toEqual([]);
    expect(document.openapi).toBe("3.1.0");
    const paths = document.paths as Record<string, { get: { parameters?: { $ref?: string; name?: string }[] } }>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(["/organizations", "/organizations/{id}"]));
    const names = (path: string) =>
      (paths[path]!.get.parameters ?? []).map((parameter) => parameter.name ?? parameter.$ref!.split("/").pop());
    for (const [endpoint, accepted] of Object.entries(honoured)) {
      const path = endpoint.replace("/oruk", "") || "/";
      expect(names(path).sort(), path).toEqual([...accepted].sort());
    }
  });

  it("keeps https in its own links behind a TLS proxy: from PUBLIC_URL, or the proxy's header with TRUST_PROXY", async () => {
    const headers = { "X-Forwarded-Proto": "https" };
    const links = async () => {
      const meta = await get<Json>("/oruk/", 200, headers);
      const document = await get<{ servers: { url: string }[] }>("/oruk/openapi.json", 200, headers);
      return [meta.openapi_url, document.servers[0]!.url];
    };
    try {
      useConfig({ PUBLIC_URL: "https://atlas.example.gov.uk/" });
      expect(await links()).toEqual(["https://atlas.example.gov.uk/oruk/openapi.json", "https://atlas.example.gov.uk/oruk"]);
      useConfig({ TRUST_PROXY: "true" });
      const [openapiUrl, serverUrl] = await links();
      expect(openapiUrl).toMatch(/^https:\/\/[^/]+\/oruk\/openapi\.json$/);
      expect(serverUrl).toMatch(/^https:\/\/[^/]+\/oruk$/);
      // Neither set: a client's header is not believed (safe by default), and the links say what was asked.
      useConfig({});
      expect((await links())[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oruk\/openapi\.json$/);
    } finally {
      reloadConfigForTests();
    }
  });
});
