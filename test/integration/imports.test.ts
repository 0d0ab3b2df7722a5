/**
 * Bulk import and export through the real HTTP stack on a real database:
 * the example file, every kind of bad input, all-or-nothing, permissions and the audit trail.
 */
import fs from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { attributes, auditEvents, importJobs, locations, serviceAtLocations, services, taxonomyTerms } from "../../db/schema";
import { taxonomyCodes, termId } from "../../db/vocabulary/taxonomy";
import { csvColumnNames } from "../../app/modules/imports/csv-columns";
import { checkCsv, exportCsv } from "../../app/modules/imports/csv.server";
import { applyRetention, exportSubject } from "../../app/modules/privacy/personal-data.server";
import type { Actor } from "../../app/modules/accounts/permissions";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { importFiles } from "../support/import-jobs";
import { projectRoot } from "../support/paths";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let coordinator: TestSession;

const exampleCsv = fs.readFileSync(path.join(projectRoot, "public/downloads/asset-atlas-listings-example.csv"), "utf8");
const [exampleHeader, ...exampleRows] = exampleCsv.trimEnd().split("\r\n");

/** The example file with one row's cell changed (by column name). */
function withCell(rowIndex: number, column: string, value: string, rows = exampleRows.slice(0, 3)): string {
  const position = csvColumnNames.indexOf(column as (typeof csvColumnNames)[number]);
  const edited = rows.map((row, index) => {
    if (index !== rowIndex) return row;
    const cells = parseLine(row);
    cells[position] = value;
    return toLine(cells);
  });
  return [exampleHeader, ...edited].join("\r\n") + "\r\n";
}

const toLine = (cells: string[]) => cells.map((cell) => (/[",]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(",");

/** Splits one simple CSV line (quoted cells, no line breaks inside), enough for the example file. */
function parseLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    }
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}

const files = importFiles(() => ({ app, database }));
const { upload, waitForJob } = files;
/** Uploads a file and waits for its check to finish. */
const check = (file: Blob | string, name = "listings.csv", session = coordinator) => files.check(session, file, name);
const confirmImport = (id: string, session = coordinator) => files.confirm(session, id);

/** The postcodes of a listing's places. */
async function postcodesOf(id: string) {
  const rows = await database.db
    .select({ postcode: locations.postcode })
    .from(serviceAtLocations)
    .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
    .where(eq(serviceAtLocations.serviceId, id));
  return rows.map((row) => row.postcode).sort();
}

async function serviceCount() {
  const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(services);
  return row!.n;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  coordinator = await sessionFor(database, "coordinator");
});
afterAll(async () => {
  await database?.destroy();
});

describe(`bulk import on ${testDriver}`, () => {
  it("checks the example file without writing, then imports it in one go with an audit entry per listing", async () => {
    const before = await serviceCount();
    const { id, job } = await check(exampleCsv, "asset-atlas-listings-example.csv");
    expect(job.report.problems).toEqual([]);
    expect(job.status).toBe("checked");
    expect(job.report.listings).toHaveLength(20);
    expect(await serviceCount()).toBe(before);

    const page = await (await app.request(`/coordinator/imports/${id}`, { headers: { cookie: coordinator.cookie } })).text();
    expect(page).toContain("is ready to import");
    expect(page).toContain("Import 20 listings");
    expect(page).not.toContain('http-equiv="refresh"');

    const { response, job: done } = await confirmImport(id);
    expect(response.status).toBe(303);
    expect(done.status).toBe("imported");
    expect(done.content).toBe(""); // the file is not kept once imported
    expect(await serviceCount()).toBe(before + 20);
    const written = done.report.listings;
    expect(written.every((listing) => listing.action === "created")).toBe(true);
    const audits = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "asset.import"), eq(auditEvents.subjectId, written[0]!.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ source: "csv", file: "asset-atlas-listings-example.csv", job: id, row: 2 });

    const [lunch] = await database.db.select().from(services).where(eq(services.id, written[0]!.id));
    expect(lunch).toMatchObject({ name: "Soham Tuesday Lunch Club", kind: "vcs_group", listingStatus: "published", capacityTotal: 30, lastVerifiedAt: "2026-09-14" });
    const report = await (await app.request(`/coordinator/imports/${id}`, { headers: { cookie: coordinator.cookie } })).text();
    expect(report).toContain("20 listings imported");

    // A second confirmation does nothing.
    const again = await confirmImport(id);
    expect(again.response.status).toBe(409);
    expect(await serviceCount()).toBe(before + 20);
  });

  const badCases: Array<[string, string, { row: number; field: string; message: RegExp }]> = [
    ["an unknown postcode", withCell(1, "postcode", "CB7 9ZZ"), { row: 3, field: "postcode", message: /CB7 9ZZ is not in our postcode table/ }],
    ["a postcode that is not a postcode", withCell(0, "postcode", "SOHAM"), { row: 2, field: "postcode", message: /not a full UK postcode/ }],
    ["a missing required field", withCell(2, "name", ""), { row: 4, field: "name", message: /name is empty/ }],
    ["a negative hourly rate", withCell(0, "hourly_rate", "-12.50"), { row: 2, field: "hourly_rate", message: /cannot be negative/ }],
    ["a closing time before the opening time", withCell(1, "opening_times", "Mon 16:00-10:00"), { row: 3, field: "opening_times", message: /closing time 10:00 is not after the opening time 16:00/ }],
    ["an unknown need code", withCell(0, "needs", "social-connection;lonliness"), { row: 2, field: "needs", message: /“lonliness” is not a need code we know/ }],
    ["coordinates outside the UK", withCell(0, "latitude", "40.7", exampleRows.slice(0, 3)).replace(",40.7,,", ",40.7,-74.0,"), { row: 2, field: "latitude", message: /outside the UK/ }],
    ["a postcode outside the coordinator's localities", withCell(0, "postcode", "CB6 1AA"), { row: 2, field: "postcode", message: /outside your localities/ }],
    ["an unknown kind", withCell(2, "kind", "charity"), { row: 4, field: "kind", message: /kind “charity” is not one we know/ }],
    ["a future verification date", withCell(0, "last_verified", "2099-01-01"), { row: 2, field: "last_verified", message: /in the future/ }],
    ["more places free than in total", withCell(0, "capacity_available", "99"), { row: 2, field: "capacity_available", message: /cannot be more than capacity_total/ }],
  ];
  for (const [what, file, expected] of badCases) {
    it(`reports ${what} by row and field, and writes nothing`, async () => {
      const before = await serviceCount();
      const { id, job } = await check(file);
      expect(job.report.problems).toContainEqual(expect.objectContaining({ row: expected.row, field: expected.field, message: expect.stringMatching(expected.message) }));
      expect(job.status).toBe("checked");
      const page = await (await app.request(`/coordinator/imports/${id}`, { headers: { cookie: coordinator.cookie } })).text();
      expect(page).toContain("Nothing has been written");
      expect(page).not.toContain("Import 3 listings");
      // Asking to import it anyway is refused, and nothing is written.
      const { response } = await confirmImport(id);
      expect(response.status).toBe(409);
      expect(await serviceCount()).toBe(before);
    });
  }

  it("reports every problem in the file, not just the first", async () => {
    const rows = [
      withCell(0, "hourly_rate", "-1").split("\r\n")[1]!,
      withCell(0, "needs", "nope").split("\r\n")[1]!,
      withCell(0, "postcode", "ZZ1 1ZZ").split("\r\n")[1]!,
      // Two problems in one row, one of them only the postcode table can find.
      withCell(0, "postcode", "CB7 9ZZ", [withCell(0, "opening_times", "Mon 16:00-10:00").split("\r\n")[1]!]).split("\r\n")[1]!,
    ];
    const { job } = await check([exampleHeader, ...rows].join("\r\n"));
    expect(job.report.problems.map((p) => [p.row, p.field])).toEqual([
      [2, "hourly_rate"],
      [3, "needs"],
      [4, "postcode"],
      [5, "postcode"],
      [5, "opening_times"],
    ]);
  });

  it("refuses a file with the wrong columns, naming them and suggesting the right ones", async () => {
    const header = exampleHeader!.replace("postcode", "postocde").replace("organisation,", "organisation,colour,");
    const { job } = await check([header, ...exampleRows.slice(0, 2)].join("\r\n"));
    const messages = job.report.problems.map((p) => p.message);
    expect(messages).toContainEqual(expect.stringMatching(/“postocde” is not a column we know. Did you mean “postcode”\?/));
    expect(messages).toContainEqual(expect.stringMatching(/“colour” is not a column we know/));
    expect(messages).toContainEqual(expect.stringMatching(/required column “postcode” is missing/));
    expect(job.report.problems.every((p) => p.row === 1)).toBe(true);
  });

  it("refuses a row with more cells than the header has columns", async () => {
    const { job } = await check([exampleHeader, `${exampleRows[0]},extra,cells`].join("\r\n"));
    expect(job.report.problems).toContainEqual(expect.objectContaining({ row: 2, field: "", message: expect.stringMatching(new RegExp(`has \\d+ cells but the header has ${csvColumnNames.length} columns`)) }));
  });

  it("refuses a broken CSV (an unclosed quote) with a message", async () => {
    const { job } = await check([exampleHeader, `x,"Soham Friendship Circle,broken`].join("\r\n"));
    expect(job.report.problems[0]!.message).toMatch(/cannot be read as CSV.*quote/);
  });

  it("refuses a file that is not UTF-8 on the upload page, before any job is made", async () => {
    const latin1 = Buffer.from(exampleCsv.replace("£5 for lunch", "£5 for lunch"), "latin1"); // £ as the single byte 0xA3
    const jobsBefore = (await database.db.select({ id: importJobs.id }).from(importJobs)).length;
    const response = await upload(coordinator, new Blob([latin1]), "windows.csv");
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain("windows.csv is not UTF-8 text");
    expect(page).toContain("CSV UTF-8 (Comma delimited)");
    expect(page).toContain("govuk-error-summary");
    expect((await database.db.select({ id: importJobs.id }).from(importJobs)).length).toBe(jobsBefore);
    const utf16 = await upload(coordinator, new Blob([Buffer.from(`\ufeff${exampleCsv}`, "utf16le")]), "utf16.csv");
    expect(utf16.status).toBe(400);
    expect(await utf16.text()).toContain("is not UTF-8 text");
  });

  it("refuses a 50 MB file from its size, with a clear message", async () => {
    const big = new Blob([new Uint8Array(50 * 1024 * 1024).fill(0x61)]);
    const response = await upload(coordinator, big, "huge.csv");
    expect(response.status).toBe(413);
    const page = await response.text();
    expect(page).toContain("The file is 50 MB. The largest file you can upload is 20 MB");
  });

  it("refuses an upload that does not say its size (a streamed body), without reading it", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("--x\r\n"));
        controller.close();
      },
    });
    const response = await app.request("/coordinator/imports", {
      method: "POST",
      body,
      headers: { origin: app.origin, cookie: coordinator.cookie, "content-type": "multipart/form-data; boundary=x" },
      duplex: "half", // Node's fetch needs this for a stream body
    });
    expect(response.status).toBe(411);
    expect(await response.text()).toContain("did not say how large the file is");
  });

  it("refuses an empty file and a post without a file", async () => {
    const empty = await upload(coordinator, "", "empty.csv");
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("empty.csv is empty. Choose the file with your listings in it.");
    const form = new FormData();
    form.set("csrf", coordinator.csrf);
    const none = await app.request("/coordinator/imports", { method: "POST", body: form, headers: { origin: app.origin, cookie: coordinator.cookie } });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Choose a CSV or Open Referral UK JSON file to upload.");
  });

  it("writes nothing at all when the database refuses one row part-way through the write", async () => {
    // A need term that has gone from the taxonomy: every check passes, the write then fails on
    // the row that links to it, after the earlier rows were inserted — and all are rolled back.
    const memory = termId(taxonomyCodes.needs, "memory");
    await database.db.delete(attributes).where(eq(attributes.taxonomyTermId, memory));
    await database.db.delete(taxonomyTerms).where(eq(taxonomyTerms.id, memory));
    const before = await serviceCount();
    const auditsBefore = (await database.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, "asset.import"))).length;
    const { id, job } = await check(exampleCsv);
    expect(job.report.problems).toEqual([]);
    const { job: done } = await confirmImport(id);
    expect(done.status).toBe("failed");
    expect(done.report.error).toMatch(/Nothing was written/);
    expect(await serviceCount()).toBe(before);
    expect((await database.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, "asset.import"))).length).toBe(auditsBefore);
    const page = await (await app.request(`/coordinator/imports/${id}`, { headers: { cookie: coordinator.cookie } })).text();
    expect(page).toContain("Nothing was imported");
  });

  it("leaves nothing behind when a long file fails at its very last row, after earlier batches were written", async () => {
    // 120 new listings: written in several short transactions, the last row linking a need
    // term the database no longer holds (the check passes; the write of the last batch fails).
    const memory = termId(taxonomyCodes.needs, "memory");
    await database.db.delete(attributes).where(eq(attributes.taxonomyTermId, memory));
    await database.db.delete(taxonomyTerms).where(eq(taxonomyTerms.id, memory));
    const template = parseLine(exampleRows[0]!);
    const column = (name: string) => csvColumnNames.indexOf(name as (typeof csvColumnNames)[number]);
    const lines = Array.from({ length: 120 }, (_, index) => {
      const cells = [...template];
      cells[column("name")] = `Long file listing ${index + 1}`;
      if (index === 119) cells[column("needs")] = "memory";
      return toLine(cells);
    });
    const before = await serviceCount();
    const auditsBefore = (await database.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, "asset.import"))).length;
    const { id, job } = await check([exampleHeader, ...lines].join("\r\n") + "\r\n");
    expect(job.report.problems).toEqual([]);
    expect(job.report.listings).toHaveLength(120);
    const { job: done } = await confirmImport(id);
    expect(done.status).toBe("failed");
    expect(done.report.error).toMatch(/Nothing was written/);
    expect(await serviceCount()).toBe(before);
    const [left] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from services where name like 'Long file listing %'`);
    expect(left!.n).toBe(0);
    // The listings the earlier batches wrote were queued for search, and their removal queued after.
    const ids = JSON.stringify(job.report.listings.map((listing) => listing.id));
    const [queued] = await queryRows<{ written: number; undone: number }>(
      database.db,
      sql`select count(distinct service_id) filter (where reason = 'import:csv')::int as written,
                 count(distinct service_id) filter (where reason = 'import:csv:undone')::int as undone
          from search_outbox where service_id = any (array(select json_array_elements_text(${ids}::json)::uuid))`,
    );
    expect(queued!.written).toBeGreaterThan(0);
    expect(queued!.undone).toBe(queued!.written);
    // Earlier batches had been written (their audit entries stay, as a record of what was attempted: ADR 0021).
    expect((await database.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, "asset.import"))).length).toBeGreaterThan(auditsBefore);
  });

  it("shows progress on a page that refreshes itself while a job runs", async () => {
    const [user] = await queryRows<{ id: string }>(database.db, sql`select id from users where role = 'coordinator' limit 1`);
    const [job] = await database.db
      .insert(importJobs)
      .values({ format: "csv", fileName: "slow.csv", fileBytes: 10, content: "", createdBy: user!.id, actor: {}, status: "running", rowsTotal: 10_000, rowsProcessed: 4_000 })
      .returning();
    const page = await (await app.request(`/coordinator/imports/${job!.id}`, { headers: { cookie: coordinator.cookie } })).text();
    expect(page).toMatch(/<meta http-equiv="refresh" content="2"\/?>/);
    expect(page).toContain("4,000 of 10,000 rows processed");
    const still = await (await app.request(`/coordinator/imports/${job!.id}?refresh=off`, { headers: { cookie: coordinator.cookie } })).text();
    expect(still).not.toContain('http-equiv="refresh"');
  });
});

describe(`jobs outlive the server that took them, on ${testDriver}`, () => {
  it("picks up a job left queued or running by a server that went away, when its status page is opened", async () => {
    const [user] = await queryRows<{ id: string }>(database.db, sql`select id from users where email = 'coordinator@demo.example.org'`);
    const localities = await queryRows<{ wardCode: string | null; districtCode: string | null }>(
      database.db,
      sql`select ward_code as "wardCode", district_code as "districtCode" from user_localities where user_id = ${user!.id}`,
    );
    const actor = { role: "coordinator", userId: user!.id, organizationId: null, localities };
    const orphan = (status: string, quietMs: number) => ({
      format: "csv",
      fileName: `orphan-${status}.csv`,
      fileBytes: exampleCsv.length,
      content: exampleCsv,
      createdBy: user!.id,
      actor,
      status,
      heartbeatAt: new Date(Date.now() - quietMs),
    });
    const jobs = await database.db.insert(importJobs).values([orphan("queued", 10_000), orphan("running", 3 * 60_000), orphan("running", 1_000)]).returning({ id: importJobs.id });
    for (const job of jobs) expect((await app.request(`/coordinator/imports/${job.id}`, { headers: { cookie: coordinator.cookie } })).status).toBe(200);
    expect((await waitForJob(jobs[0]!.id)).status).toBe("checked");
    expect((await waitForJob(jobs[1]!.id)).status).toBe("checked");
    // Still within its heartbeat: another server may be working on it, so it is left alone.
    const [fresh] = await database.db.select({ status: importJobs.status }).from(importJobs).where(eq(importJobs.id, jobs[2]!.id));
    expect(fresh!.status).toBe("running");
  });
});

describe(`import and export permissions on ${testDriver}`, () => {
  it("refuses uploads from roles without the permission, and sends strangers to sign in", async () => {
    for (const role of ["resident", "provider", "practitioner", "commissioner"] as const) {
      const response = await upload(await sessionFor(database, role), exampleCsv);
      expect(response.status, role).toBe(403);
    }
    const anonymous = await upload(null, exampleCsv);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/sign-in/);
  });

  it("refuses an upload without the form's anti-forgery token", async () => {
    const response = await upload({ ...coordinator, csrf: "wrong" }, exampleCsv);
    expect(response.status).toBe(403);
  });

  it("shows a job only to the person who started it and administrators", async () => {
    const { id } = await check(exampleCsv);
    const admin = await sessionFor(database, "administrator");
    expect((await app.request(`/coordinator/imports/${id}`, { headers: { cookie: admin.cookie } })).status).toBe(200);
    // The same job seen by a different coordinator account: 404, not a hint that it exists.
    await database.db.update(importJobs).set({ createdBy: null }).where(eq(importJobs.id, id));
    expect((await app.request(`/coordinator/imports/${id}`, { headers: { cookie: coordinator.cookie } })).status).toBe(404);
  });

  it("exports only the listings in a coordinator's localities; an administrator's export has them all", async () => {
    const coordinatorCsv = await (await app.request("/coordinator/exports/listings.csv", { headers: { cookie: coordinator.cookie } })).text();
    const admin = await sessionFor(database, "administrator");
    const adminResponse = await app.request("/coordinator/exports/listings.csv", { headers: { cookie: admin.cookie } });
    expect(adminResponse.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(adminResponse.headers.get("content-disposition")).toMatch(/^attachment; filename="asset-atlas-listings-\d{4}-\d{2}-\d{2}\.csv"$/);
    const adminCsv = await adminResponse.text();
    const lines = (text: string) => text.trimEnd().split("\r\n").length - 1;
    expect(lines(coordinatorCsv)).toBeGreaterThan(0);
    expect(lines(adminCsv)).toBeGreaterThan(lines(coordinatorCsv));
    const postcodes = coordinatorCsv.trimEnd().split("\r\n").slice(1).map((line) => parseLine(line)[csvColumnNames.indexOf("postcode")]!);
    const wards = await queryRows<{ ward_name: string }>(database.db, sql`select distinct ward_name from postcodes where postcode in (${sql.join(postcodes.map((p) => sql`${p}`), sql`, `)})`);
    expect(new Set(wards.map((w) => w.ward_name))).toEqual(new Set(["Soham North", "Soham South", "Fordham & Isleham"]));
    const json = (await (await app.request("/coordinator/exports/listings.json", { headers: { cookie: coordinator.cookie } })).json()) as { contents: unknown[] };
    expect(json.contents).toHaveLength(lines(coordinatorCsv));
    const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "listings.export"));
    expect(audits.length).toBeGreaterThanOrEqual(3);
  });

  it("exports awkward text so that it reads back the same: line breaks, quotes, commas, a formula-like start", async () => {
    const awkward = '=1+1, said the "sum"\nsecond line, with £ and é';
    const [target] = await database.db.select({ id: services.id }).from(services).limit(1);
    await database.db.update(services).set({ description: awkward }).where(eq(services.id, target!.id));
    const administrator: Actor = { role: "administrator", userId: null, organizationId: null, localities: [] };
    const exported = await exportCsv(database.db, administrator);
    expect(exported).toContain(`"'=1+1, said the ""sum""\nsecond line, with £ and é"`);
    const checked = await checkCsv(database.db, administrator, exported);
    expect(checked.listings.find((listing) => listing.id === target!.id)?.description).toBe(awkward);
  });

  it("refuses exports to roles without the permission", async () => {
    for (const role of ["resident", "provider", "practitioner", "commissioner"] as const) {
      const session = await sessionFor(database, role);
      expect((await app.request("/coordinator/exports/listings.csv", { headers: { cookie: session.cookie } })).status, role).toBe(403);
      expect((await app.request("/coordinator/exports/listings.json", { headers: { cookie: session.cookie } })).status, role).toBe(403);
    }
  });

  it("refuses, row by row, a coordinator's change to a listing outside their localities", async () => {
    const admin = await sessionFor(database, "administrator");
    const all = await (await app.request("/coordinator/exports/listings.csv", { headers: { cookie: admin.cookie } })).text();
    const elyRow = all.split("\r\n").find((line) => /,CB6 1[A-Z]{2},/.test(line))!;
    const { job } = await check([all.split("\r\n")[0]!.replace(/^\uFEFF/, ""), elyRow].join("\r\n"));
    expect(job.report.problems.map((p) => p.field)).toEqual(expect.arrayContaining(["postcode", "id"]));
    expect(job.report.problems.find((p) => p.field === "id")!.message).toMatch(/outside your localities, so you cannot change it/);
  });

  it("refuses a coordinator's file that moves one of their listings out of their localities, and leaves it where it was", async () => {
    const exported = await (await app.request("/coordinator/exports/listings.csv", { headers: { cookie: coordinator.cookie } })).text();
    const [header, ...lines] = exported.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    const columns = parseLine(header!);
    const at = (name: string) => columns.indexOf(name);
    const row = lines.map(parseLine).find((cells) => cells.length === columns.length && /^CB7 5/.test(cells[at("postcode")]!) && cells[at("id")])!;
    const id = row[at("id")]!;
    const before = await postcodesOf(id);
    expect(before).toContain(row[at("postcode")]);
    // To Ely (CB6 1AA): not one of the coordinator's wards. Its coordinates go with the old place.
    const moved = row.map((cell, index) => (index === at("postcode") ? "CB6 1AA" : index === at("latitude") || index === at("longitude") ? "" : cell));
    const { id: jobId, job } = await check([header, toLine(moved)].join("\r\n") + "\r\n");
    expect(job.report.problems).toEqual([{ row: 2, field: "postcode", message: expect.stringMatching(/^CB6 1AA is outside your localities, so you cannot place a listing there/) }]);
    expect((await confirmImport(jobId)).response.status).toBe(409);
    expect(await postcodesOf(id)).toEqual(before);
    // The same row left where it is imports.
    const { job: stays } = await check([header, toLine(row)].join("\r\n") + "\r\n");
    expect(stays.report.problems).toEqual([]);
  });
});

describe(`uploaded files as personal data on ${testDriver}`, () => {
  it("deletes import jobs after 30 days and lists a person's uploads in their data export", async () => {
    const { id } = await check(exampleCsv, "kept.csv");
    const [old] = await database.db
      .insert(importJobs)
      .values({ format: "csv", fileName: "old.csv", fileBytes: 1, content: "x", actor: {}, status: "checked", createdAt: new Date(Date.now() - 31 * 86_400_000) })
      .returning();
    const results = await applyRetention(database.db);
    expect(results["import files"]).toBeGreaterThanOrEqual(1);
    const left = await database.db.select({ id: importJobs.id }).from(importJobs);
    expect(left.map((job) => job.id)).toContain(id);
    expect(left.map((job) => job.id)).not.toContain(old!.id);
    const administrator: Actor = { role: "administrator", userId: null, organizationId: null, localities: [] };
    const exported = await exportSubject(database.db, administrator, { email: "coordinator@demo.example.org" });
    expect(JSON.stringify(exported.data["import files"])).toContain("kept.csv");
  });
});

describe(`Open Referral UK files through the upload page on ${testDriver}`, () => {
  async function coordinatorExport() {
    const response = await app.request("/coordinator/exports/listings.json", { headers: { cookie: coordinator.cookie } });
    return (await response.json()) as { contents: Record<string, unknown>[] };
  }

  it("checks and imports a coordinator's own ORUK export as updates, all audited", async () => {
    const exported = await coordinatorExport();
    // Changed since they were exported (a later last_modified), so the harvester updates them.
    const changed = exported.contents.slice(0, 5).map((service) => ({ ...service, description: `${String(service.description)} Now also on Fridays.`, last_modified: new Date().toISOString() }));
    const file = JSON.stringify({ contents: changed });
    const before = await serviceCount();
    const { id, job } = await check(new Blob([file], { type: "application/json" }), "ours.json");
    expect(job.format).toBe("oruk");
    expect(job.report.problems).toEqual([]);
    expect(job.report.listings.map((l) => l.action)).toEqual(["updated", "updated", "updated", "updated", "updated"]);
    const { job: done } = await confirmImport(id);
    expect(done.status).toBe("imported");
    expect(await serviceCount()).toBe(before);
    const [updated] = await database.db.select().from(services).where(eq(services.id, done.report.listings[0]!.id));
    expect(updated!.description).toMatch(/Now also on Fridays\.$/);
    const audits = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "asset.import"), eq(auditEvents.subjectId, done.report.listings[0]!.id)));
    expect(audits.some((audit) => (audit.details as { source?: string; job?: string }).source === "oruk" && (audit.details as { job?: string }).job === id)).toBe(true);
  });

  it("reports records that have not changed since they were exported as unchanged", async () => {
    const exported = await coordinatorExport();
    const { job } = await check(new Blob([JSON.stringify({ contents: exported.contents.slice(0, 2) })]), "same.json");
    expect(job.report.problems).toEqual([]);
    expect(job.report.listings.map((l) => l.action)).toEqual(["unchanged", "unchanged"]);
  });

  it("reports every bad record by its position and field, and writes nothing", async () => {
    const exported = await coordinatorExport();
    const good = exported.contents[0]!;
    const records = [good, { ...good, id: "b5c9b0a2-6a3f-4d1e-9b7a-000000000001", name: undefined }, { ...good, id: "b5c9b0a2-6a3f-4d1e-9b7a-000000000002", status: "closed" }];
    const before = await serviceCount();
    const { id, job } = await check(new Blob([JSON.stringify(records)]), "bad.json");
    expect(job.report.problems).toEqual([
      { row: 2, field: "name", message: "it has no name" },
      expect.objectContaining({ row: 3, field: "status" }),
    ]);
    expect((await confirmImport(id)).response.status).toBe(409);
    expect(await serviceCount()).toBe(before);
  });

  it("refuses a file that is not JSON", async () => {
    const { job } = await check(new Blob(['{"contents": [']), "broken.json");
    expect(job.report.problems[0]!.message).toMatch(/^The file is not JSON/);
  });

  it("refuses, and rolls back, a new ORUK listing outside the coordinator's localities", async () => {
    const admin = await sessionFor(database, "administrator");
    const all = (await (await app.request("/coordinator/exports/listings.json", { headers: { cookie: admin.cookie } })).json()) as { contents: Record<string, unknown>[] };
    const mine = new Set((await coordinatorExport()).contents.map((service) => service.id));
    const elsewhere = all.contents.find((service) => !mine.has(service.id))!;
    // A new listing (fresh ids throughout) in Ely, which is not one of the coordinator's wards.
    const copy = {
      id: "b5c9b0a2-6a3f-4d1e-9b7a-0000000000aa",
      name: "Ely Newcomers' Tea",
      organization: { id: "b5c9b0a2-6a3f-4d1e-9b7a-0000000000ab", name: "Ely Newcomers" },
      service_at_locations: [
        {
          id: "b5c9b0a2-6a3f-4d1e-9b7a-0000000000ac",
          location: {
            id: "b5c9b0a2-6a3f-4d1e-9b7a-0000000000ad",
            addresses: [{ address_1: "1 High Street", city: "Ely", state_province: "Cambridgeshire", postal_code: "CB6 1AA", country: "GB", address_type: "physical" }],
          },
        },
      ],
    };
    const before = await serviceCount();
    const { job } = await check(new Blob([JSON.stringify([copy])]), "elsewhere.json");
    expect(job.report.problems).toContainEqual(expect.objectContaining({ row: 1, message: expect.stringMatching(/none of its locations has a postcode in your localities/) }));
    expect(await serviceCount()).toBe(before);
    // And the existing listing itself may not be changed by this coordinator.
    const { job: existing } = await check(new Blob([JSON.stringify([elsewhere])]), "theirs.json");
    expect(existing.report.problems).toContainEqual(expect.objectContaining({ row: 1, field: "id", message: expect.stringMatching(/outside your localities/) }));
  });

  it("refuses a coordinator's ORUK file that moves one of their listings out of their localities, and leaves it where it was", async () => {
    type Located = { location: { addresses?: Array<Record<string, unknown>>; x_atlas?: Record<string, unknown> } };
    const postcodeOf = (service: Record<string, unknown>) => ((service.service_at_locations as Located[] | undefined)?.[0]?.location.addresses?.[0]?.postal_code as string | undefined) ?? "";
    const service = (await coordinatorExport()).contents.find((candidate) => (candidate.service_at_locations as Located[] | undefined)?.length === 1 && /^CB7 5/.test(postcodeOf(candidate)))!;
    const id = service.id as string;
    const before = await postcodesOf(id);
    expect(before).toEqual([postcodeOf(service)]);
    // Its one place now in Ely (CB6 1AA), changed since the export so the import would update it.
    const moved = structuredClone(service);
    for (const { location } of moved.service_at_locations as Located[]) {
      for (const address of location.addresses ?? []) address.postal_code = "CB6 1AA";
      if (location.x_atlas) location.x_atlas.postcode = "CB6 1AA";
      delete (location as Record<string, unknown>).latitude;
      delete (location as Record<string, unknown>).longitude;
    }
    moved.last_modified = new Date().toISOString();
    const { id: jobId, job } = await check(new Blob([JSON.stringify([moved])]), "moved.json");
    expect(job.report.problems).toEqual([
      { row: 1, field: "service_at_locations", message: expect.stringMatching(/none of its locations has a postcode in your localities, so you cannot move it there/) },
    ]);
    expect((await confirmImport(jobId)).response.status).toBe(409);
    expect(await postcodesOf(id)).toEqual(before);
  });
});
