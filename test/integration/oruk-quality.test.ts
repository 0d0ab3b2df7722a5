/**
 * The coordinators' data-quality report: the published listings as the feed serves them,
 * counted field by field (checked here against the database directly), only in the
 * coordinator's localities, and its page.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { anonymous } from "../../app/modules/accounts/permissions";
import { directoryQuality } from "../../app/modules/oruk/quality.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const administrator = { ...anonymous, role: "administrator" as const };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await database?.destroy();
});

describe(`data quality on ${testDriver}`, () => {
  it("counts every published listing, field by field, as the database holds them", async () => {
    const report = await directoryQuality(database.db, administrator);
    const [counts] = await queryRows<{ total: number; url: number; phone: number; contact: number }>(
      database.db,
      sql`select count(*)::int as total,
        count(*) filter (where s.url is not null or o.website is not null)::int as url,
        count(*) filter (where exists (select 1 from contacts c join phones p on p.contact_id = c.id where c.service_id = s.id))::int as phone,
        count(*) filter (where s.email is not null or exists (select 1 from contacts c where c.service_id = s.id
          and (c.email is not null or exists (select 1 from phones p where p.contact_id = c.id))))::int as contact
        from services s join organizations o on o.id = s.organization_id where s.listing_status = 'published'`,
    );
    expect(report.total).toBe(counts!.total);
    const met = Object.fromEntries(report.fields.map((field) => [field.code, field.met]));
    expect(met).toMatchObject({ id: counts!.total, name: counts!.total, organization: counts!.total, url: counts!.url, phone: counts!.phone, contact: counts!.contact });
    expect(report.usable).toBeLessThanOrEqual(counts!.url);
    expect(report.failing.length).toBeGreaterThanOrEqual(counts!.total - counts!.url);
    for (const listing of report.noUrlOrPhone) expect(listing.missing).toEqual(expect.arrayContaining(["url", "phone"]));
  });

  it("shows a coordinator only their localities' listings", async () => {
    const response = await app.request("/coordinator/data-quality", { headers: { cookie: (await sessionFor(database, "coordinator")).cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    const [ownCount] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(distinct s.id)::int as n from services s join service_at_locations sal on sal.service_id = s.id
          join locations l on l.id = sal.location_id
          join user_localities cl on (cl.ward_code = l.ward_code or (cl.ward_code is null and cl.district_code = l.district_code))
          join users u on u.id = cl.user_id where u.role = 'coordinator' and s.listing_status = 'published'`,
    );
    expect(ownCount!.n).toBeGreaterThan(0);
    expect(html).toMatch(new RegExp(`of ${ownCount!.n} listings \\(\\d+%\\) are usable`));
    expect(html).toContain("Field by field");
  });
});
