import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { services } from "../../db/schema";
import { maxShortlist, parseShortlist } from "../../app/modules/shortlist/shortlist";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let published: Array<{ id: string; name: string }>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  published = await database.db
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(eq(services.listingStatus, "published"))
    .orderBy(services.id)
    .limit(maxShortlist + 1);
});
afterAll(async () => {
  await database?.destroy();
});

async function change(cookie: string, fields: Record<string, string>) {
  const response = await app.request("/shortlist", {
    method: "POST",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  const setCookie = response.headers.get("set-cookie");
  return { response, cookie: setCookie ? setCookie.split(";")[0]! : cookie };
}

const html = async (path: string, cookie = "") => (await app.request(path, { headers: { cookie } })).text();
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

describe(`shortlists without an account on ${testDriver}`, () => {
  it("adds two listings, shows them with phone numbers and times, and goes back where the person was", async () => {
    let cookie = "";
    for (const asset of published.slice(0, 2)) {
      const result = await change(cookie, { intent: "add", id: asset.id, returnTo: "/search?q=lunch" });
      expect(result.response.status).toBe(303);
      expect(result.response.headers.get("location")).toBe("/search?q=lunch");
      cookie = result.cookie;
    }
    const page = await html("/shortlist", cookie);
    for (const asset of published.slice(0, 2)) expect(page).toContain(escape(asset.name));
    expect(page).toMatch(/01632 960\d{3}/);
    expect(page).toContain("Shortlist (2)");
    expect(page).toContain("Share this shortlist");

    const removed = await change(cookie, { intent: "remove", id: published[0]!.id, returnTo: "/shortlist" });
    expect(await html("/shortlist", removed.cookie)).not.toContain(escape(published[0]!.name));
  });

  it("shares by link: the same list, read-only, which the reader can keep", async () => {
    const ids = published.slice(0, 3).map((a) => a.id);
    const page = await html(`/shortlist?ids=${ids.join(",")}`);
    expect(page).toContain("A shared shortlist");
    for (const asset of published.slice(0, 3)) expect(page).toContain(escape(asset.name));
    const saved = await change("", { intent: "save", ids: ids.join(",") });
    expect(saved.response.headers.get("location")).toBe("/shortlist");
    expect(await html("/shortlist", saved.cookie)).toContain("Shortlist (3)");
  });

  it("never shows a listing that is not published, and ignores ids that are not ids", async () => {
    const [draft] = await database.db
      .select({ id: services.id, name: services.name })
      .from(services)
      .where(and(ne(services.listingStatus, "published")))
      .limit(1);
    const page = await html(`/shortlist?ids=${draft!.id},not-an-id,<script>,${published[0]!.id}`);
    expect(page).not.toContain(escape(draft!.name));
    expect(page).toContain("One listing is no longer available");
    expect(page).not.toContain("<script>,");
  });

  it("keeps at most the limit, and says so", async () => {
    const full = published.slice(0, maxShortlist).map((a) => a.id).join(",");
    const saved = await change("", { intent: "save", ids: full });
    const extra = await change(saved.cookie, { intent: "add", id: published[maxShortlist]!.id, returnTo: "/" });
    expect(extra.response.headers.get("location")).toBe("/shortlist?full=1");
    expect(parseShortlist(full)).toHaveLength(maxShortlist);
  });

  it("refuses a change it cannot understand, with a plain message, and never redirects off-site", async () => {
    const bad = await change("", { intent: "explode", id: published[0]!.id });
    expect(bad.response.status).toBe(400);
    const offsite = await change("", { intent: "add", id: published[0]!.id, returnTo: "//evil.example/" });
    expect(offsite.response.headers.get("location")).toBe("/shortlist");
  });
});
