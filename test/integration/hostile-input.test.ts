/**
 * Hostile input at every route and method in route-policies.ts, as anonymous and as each role:
 * a NUL byte, a 100 kB string, a right-to-left override, a script tag and an SQL fragment in
 * every field of the route's own forms (found on the rendered page, so a new form is covered
 * without anyone listing its fields), and a body of the wrong type, an empty one and a JSON one.
 * GETs carry the text payloads in their query. Every answer: no 5xx, no stack trace, no script
 * echoed unescaped; and no write at all when the role may not use the route (a trigger on every
 * table logs each row written, and the log must not grow).
 */
import { and, asc, desc, eq, inArray, isNotNull, ne, notInArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { listingSuggestions, locations, mailOutbox, persons, postcodes, referrals, serviceAtLocations, services, userLocalities, users } from "../../db/schema";
import { demoAccounts } from "../../db/seed/demo-accounts";
import { hashPassword } from "../../app/modules/accounts/sign-in.server";
import { anonymous, can, roles, type Actor, type Role } from "../../app/modules/accounts/permissions";
import { routePolicies, type RoutePolicy } from "../../app/modules/accounts/route-policies";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { referralFormFields } from "../support/caseload-people";
import { postForms, type FormField, type PageForm } from "../support/forms";
import { sessionForUser, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const accountIds = new Map<Role, string>();
const substitutions: Array<[string, string]> = [];
let postcodeInLocality = "";
let foreignAssets: string[] = [];

const actors = ["anonymous", ...roles] as const;
type ActorName = (typeof actors)[number];

/** What an actor may do, as the permission table says (the route × role test checks the app agrees). */
const actorFor = (role: ActorName): Actor => ({ ...anonymous, role, userId: role === "anonymous" ? null : "x" });
const foreignAsset = { organizationId: "someone-else", districtCode: "elsewhere", wardCode: "elsewhere" };
const allowed = (role: ActorName, permission: RoutePolicy["loader"], policy: RoutePolicy) =>
  permission === "public" || can(actorFor(role), permission, policy.onAsset ? foreignAsset : undefined);

const script = '<script>alert("atlas-xss")</script>';

/** The text payloads: each turns a plausible value for a field into a hostile one. */
const textPayloads: Record<string, (plausible: string, where: "body" | "query") => string> = {
  "NUL byte": (plausible) => `${plausible.slice(0, 1)}\u0000${plausible.slice(1)}`,
  // 100 kB in a body; an address has room for about 16 kB of headers, so 8 kB there.
  "100 kB string": (_plausible, where) => "a".repeat(where === "body" ? 100_000 : 8_000),
  "RTL override": (plausible) => `${plausible}\u202Egnp.exe`,
  "script tag": () => script,
  "SQL fragment": () => "' OR '1'='1'; DROP TABLE users; --",
};
const bodyPayloads = ["wrong content type", "empty body", "JSON body"] as const;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const db = database.db;
  for (const account of demoAccounts) {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, account.email));
    accountIds.set(account.role, user!.id);
  }
  // {asset}: a published listing neither the demo provider's nor in the demo coordinator's localities.
  const [provider] = await db.select().from(users).where(eq(users.id, accountIds.get("provider")!));
  const coordinatorWards = (await db.select({ wardCode: userLocalities.wardCode }).from(userLocalities).where(eq(userLocalities.userId, accountIds.get("coordinator")!))).map((w) => w.wardCode!);
  // One for each route, since what administrators post to one (archiving it, say) would change what the next route finds.
  foreignAssets = (
    await db
      .selectDistinct({ id: services.id })
      .from(services)
      .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
      .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(and(eq(services.listingStatus, "published"), isNotNull(services.email), ne(services.organizationId, provider!.organizationId!), notInArray(locations.wardCode, coordinatorWards)))
      .orderBy(asc(services.id))
  ).map((row) => row.id);
  expect(foreignAssets.length).toBeGreaterThan(Object.keys(routePolicies).length);
  // {user}: an account of its own, so that what administrators post to it changes no one the test signs in as.
  const [target] = await db.insert(users).values({ email: "hostile-target@example.org", displayName: "Hostile Target", role: "resident" }).returning({ id: users.id });
  // A person on the demo practitioner's caseload with a referral that can record care avoided.
  const [referral] = await db
    .select({ id: referrals.id, personId: referrals.personId })
    .from(referrals)
    .innerJoin(persons, eq(persons.id, referrals.personId))
    .where(and(eq(persons.ownerId, accountIds.get("practitioner")!), inArray(referrals.status, ["accepted", "started"])))
    .orderBy(asc(referrals.id))
    .limit(1);
  // Real secret links, so their forms are reached: a provider's referral link and a reset link
  // for an account nobody here signs in as.
  await db.insert(users).values({ email: "hostile-reset@example.org", displayName: "Hostile Reset", role: "resident", passwordHash: await hashPassword("a long enough password") });
  await app.request("/password-reset?index", { method: "POST", headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" }, body: "email=hostile-reset%40example.org" });
  const resetMail = await db.select({ body: mailOutbox.body }).from(mailOutbox).where(eq(mailOutbox.to, "hostile-reset@example.org"));
  const resetToken = /\/password-reset\/([A-Za-z0-9_-]{43})/.exec(resetMail[0]?.body ?? "")?.[1];
  expect(resetToken, "a reset link for the test account").toBeTruthy();
  const respondToken = await providerLink(referral!.personId);
  const suggestion = await app.request("/suggest", { method: "POST", headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" }, body: "name=Hostile+suggestion&description=To+be+reviewed", redirect: "manual" });
  expect(suggestion.status).toBe(303);
  const [{ id: suggestionId }] = (await db.select({ id: listingSuggestions.id }).from(listingSuggestions).orderBy(desc(listingSuggestions.createdAt)).limit(1)) as [{ id: string }];
  const zero = "00000000-0000-4000-8000-000000000000";
  substitutions.push(
    ["{user}", target!.id],
    [`/support/${zero}/diverted`, `/support/${referral!.id}/diverted`],
    [`/people/${zero}`, `/people/${referral!.personId}`],
    [`/coordinator/suggestions/${zero}`, `/coordinator/suggestions/${suggestionId}`],
    ["/password-reset/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", `/password-reset/${resetToken}`],
    ["/referrals/respond/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", `/referrals/respond/${respondToken}`],
  );
  const [postcode] = await db.select({ postcode: postcodes.postcode }).from(postcodes).where(inArray(postcodes.wardCode, coordinatorWards)).limit(1);
  postcodeInLocality = postcode!.postcode;
  // Every row written from here on is logged, by table.
  await db.execute(sql`create table test_write_log (id bigserial primary key, table_name text not null, operation text not null)`);
  await db.execute(sql`create function test_log_write() returns trigger language plpgsql as $$
    begin insert into test_write_log (table_name, operation) values (TG_TABLE_NAME, TG_OP); return null; end $$`);
  const tables = await queryRows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'test_write_log'`);
  for (const { name } of tables) {
    await db.execute(sql.raw(`create trigger test_log_write after insert or update or delete on "${name}" for each row execute function test_log_write()`));
    await db.execute(sql.raw(`create trigger test_log_truncate after truncate on "${name}" for each statement execute function test_log_write()`));
  }
}, 120_000);
afterAll(async () => {
  await database?.destroy();
});

/** A referral from the demo practitioner to a published listing with an email; the provider's token from the outbox. */
async function providerLink(personId: string): Promise<string> {
  const db = database.db;
  const [listing] = await db.select({ id: services.id }).from(services).where(and(eq(services.listingStatus, "published"), sql`${services.email} is not null`)).limit(1);
  const session = await sessionForUser(database, accountIds.get("practitioner")!);
  const response = await app.request(`/people/${personId}/refer/${listing!.id}`, {
    method: "POST",
    headers: { origin: app.origin, cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: session.csrf, ...referralFormFields }),
    redirect: "manual",
  });
  expect(response.status).toBeLessThan(400);
  const [mail] = await queryRows<{ body: string }>(db, sql`select body from mail_outbox where body like '%/referrals/respond/%' order by created_at desc limit 1`);
  return /\/referrals\/respond\/([A-Za-z0-9_-]{43})/.exec(mail!.body)![1]!;
}

const pathFor = (policy: RoutePolicy, index: number) =>
  substitutions.reduce((path, [from, to]) => path.replaceAll(from, to), policy.path.replaceAll("{asset}", foreignAssets[index]!));

/** A value a person might type into the field, for the payloads that go inside one. */
function plausible(field: FormField): string {
  if (field.value) return field.value;
  const name = field.name.toLowerCase();
  if (field.type === "email" || name.includes("email")) return "hostile@example.org";
  if (field.type === "tel" || name.includes("phone")) return "01632 960000";
  if (field.type === "number" || /hours|miles|age|rate|price|total|available|amount|count|weeks|cost/.test(name)) return "3";
  if (field.type === "date" || name.endsWith("date") || name.endsWith("from") || name.endsWith("to")) return "2026-01-15";
  if (field.type === "time" || /opens|closes/.test(name)) return "10:00";
  if (field.type === "url" || name.includes("website")) return "https://example.org";
  if (field.type === "password" || name.includes("password") || name === "confirm") return "correct horse battery";
  if (name.includes("postcode")) return postcodeInLocality;
  if (name === "latitude") return "52.33";
  if (name === "longitude") return "0.33";
  return "Hostile test";
}

interface Attempt {
  /** Who sends it, and with which payload. */
  who: ActorName;
  label: string;
  init: RequestInit & { headers: Record<string, string> };
  path: string;
}

/** One post of a form with every text field carrying the payload, choices and hidden fields as the page set them. */
function formAttempt(who: ActorName, form: PageForm, payload: string, session: TestSession | undefined): Attempt {
  const values: Array<[string, string | Blob]> = [];
  for (const field of form.fields) {
    if (field.name === "csrf") continue;
    if (field.kind === "text") values.push([field.name, textPayloads[payload]!(plausible(field), "body")]);
    else if (field.kind === "file") values.push([field.name, new File([`name,description\n"${textPayloads[payload]!("Hostile", "body")}",x\n`], "hostile.csv", { type: "text/csv" })]);
    else values.push([field.name, field.value]);
  }
  if (session) values.push(["csrf", session.csrf]);
  const headers: Record<string, string> = { origin: app.origin, ...(session ? { cookie: session.cookie } : {}) };
  let body: BodyInit;
  if (form.multipart) {
    const data = new FormData();
    for (const [name, value] of values) data.append(name, value);
    body = data;
  } else {
    const data = new URLSearchParams();
    for (const [name, value] of values) data.append(name, value as string);
    body = data;
    headers["content-type"] = "application/x-www-form-urlencoded";
  }
  return { who, label: payload, path: form.action, init: { method: "POST", headers, body, redirect: "manual" } };
}

function bodyAttempt(who: ActorName, form: PageForm, payload: (typeof bodyPayloads)[number], session: TestSession | undefined): Attempt {
  const headers: Record<string, string> = { origin: app.origin, ...(session ? { cookie: session.cookie } : {}) };
  const fields = Object.fromEntries(form.fields.map((field) => [field.name, field.name === "csrf" ? (session?.csrf ?? "") : plausible(field)]));
  if (payload === "wrong content type") {
    return { who, label: payload, path: form.action, init: { method: "POST", headers: { ...headers, "content-type": "text/plain" }, body: new URLSearchParams(fields).toString(), redirect: "manual" } };
  }
  if (payload === "JSON body") {
    return { who, label: payload, path: form.action, init: { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(fields), redirect: "manual" } };
  }
  return { who, label: payload, path: form.action, init: { method: "POST", headers, redirect: "manual" } };
}

/** Forms to post to the route: those on its page, seen by someone who may use it; else a form of likely field names. */
async function formsFor(id: string, policy: RoutePolicy, path: string): Promise<PageForm[]> {
  const viewer = actors.find((actor) => allowed(actor, policy.action!, policy) && allowed(actor, policy.loader, policy));
  const session = viewer && viewer !== "anonymous" ? await sessionForUser(database, accountIds.get(viewer)!) : undefined;
  const page = await app.request(path, { headers: session ? { cookie: session.cookie } : {}, redirect: "manual" });
  const url = new URL(path, app.origin);
  const found = page.ok ? postForms(await page.text(), url.href, url.pathname) : [];
  // Forms differing only in hidden values (one per row of a list) are one form here.
  const distinct = new Map(found.map((form) => [form.fields.map((f) => `${f.kind}:${f.name}`).join(","), form]));
  const forms = [...distinct.values()].slice(0, 3);
  if (forms.length > 0) return forms;
  const guessed = ["name", "description", "email", "message", "reason", "intent", "id"].map((name): FormField => ({ name, kind: "text", value: "", type: "text" }));
  return [{ action: path, multipart: false, fields: guessed }];
}

const stackTrace = /\n\s+at [\w.<>$[\] ]+ \(.*:\d+:\d+\)|node_modules\/|\/app\/modules\//;

const problems: string[] = [];
const counted = { cases: 0, requests: 0 };

/**
 * Sends the attempts together, a few at a time, and checks every answer. Attempts by roles that
 * may not use the route are sent only with each other, so the write log must not grow at all.
 */
async function check(all: Attempt[], mayWrite: boolean, route: string) {
  for (let start = 0; start < all.length; start += 12) await checkTogether(all.slice(start, start + 12), mayWrite, route);
}

async function checkTogether(attempts: Attempt[], mayWrite: boolean, route: string) {
  const [{ mark }] = (await queryRows<{ mark: number }>(database.db, sql`select coalesce(max(id), 0)::int as mark from test_write_log`)) as [{ mark: number }];
  const answers = await Promise.all(
    attempts.map(async (attempt) => {
      try {
        const response = await app.request(attempt.path, attempt.init);
        return { attempt, response, body: await response.text() };
      } catch (error) {
        return { attempt, response: null, body: "", error }; // a dropped connection is an answer too, and as bad as a 500
      }
    }),
  );
  counted.requests += answers.length;
  for (const { attempt, response, body, error } of answers) {
    const where = `${attempt.init.method ?? "GET"} ${route} as ${attempt.who} with ${attempt.label}`;
    if (!response) {
      problems.push(`${where}: no answer (${(error as Error & { cause?: Error }).cause?.message ?? String(error)})`);
      continue;
    }
    if (response.status >= 500) problems.push(`${where}: ${response.status}`);
    if (stackTrace.test(body)) problems.push(`${where}: a stack trace or source path in the answer`);
    if ((response.headers.get("content-type") ?? "").includes("html") && body.includes(script)) problems.push(`${where}: the script tag echoed unescaped`);
  }
  if (!mayWrite) {
    const writes = await queryRows<{ table_name: string; operation: string }>(
      database.db,
      sql`select table_name, operation from test_write_log where id > ${mark} and not (table_name = 'sessions' and operation = 'UPDATE')`,
    );
    const sent = attempts.map((attempt) => `${attempt.init.method ?? "GET"} as ${attempt.who} with ${attempt.label}`).join("; ");
    if (writes.length > 0) problems.push(`${route}, one of ${sent}: wrote ${writes.map((w) => `${w.operation} ${w.table_name}`).join(", ")} though none may`);
  }
}

describe(`hostile input at every route, as everyone, on ${testDriver}`, () => {
  it("never answers 5xx, a stack trace or an unescaped script, and writes nothing a role may not write", async () => {
    for (const [index, [id, policy]] of Object.entries(routePolicies).entries()) {
      const path = pathFor(policy, index);
      const forms = policy.action ? await formsFor(id, policy, path) : [];
      const session = (actor: ActorName) => (actor === "anonymous" ? Promise.resolve(undefined) : sessionForUser(database, accountIds.get(actor)!));
      // GET, with every query parameter (and a few that routes read) carrying the payload.
      const gets: Attempt[] = [];
      for (const actor of actors) {
        const cookie = (await session(actor))?.cookie;
        for (const payload of Object.keys(textPayloads)) {
          const url = new URL(path, app.origin);
          for (const name of new Set([...url.searchParams.keys(), "q", "redirectTo", "page"])) url.searchParams.set(name, textPayloads[payload]!(url.searchParams.get(name) ?? "lunch", "query"));
          gets.push({ who: actor, label: payload, path: url.pathname + url.search, init: { headers: cookie ? { cookie } : {}, redirect: "manual" } });
          counted.cases++;
        }
      }
      await check(gets.filter((get) => !allowed(get.who, policy.loader, policy)), false, id);
      await check(gets.filter((get) => allowed(get.who, policy.loader, policy)), true, id);
      if (!policy.action) continue;
      // POST every form with each payload; a fresh session each time, as a post (signing out, say) may end it.
      const posts: Attempt[] = [];
      for (const actor of actors) {
        for (const payload of [...Object.keys(textPayloads), ...bodyPayloads]) {
          for (const form of forms) {
            const sent = await session(actor);
            posts.push(payload in textPayloads ? formAttempt(actor, form, payload, sent) : bodyAttempt(actor, form, payload as (typeof bodyPayloads)[number], sent));
          }
          counted.cases++;
        }
      }
      await check(posts.filter((post) => !allowed(post.who, policy.action!, policy)), false, id);
      // Allowed posts change things, one after another, as people would.
      for (const post of posts.filter((attempt) => allowed(attempt.who, policy.action!, policy))) await check([post], true, id);
    }
    console.log(`[hostile input] ${counted.cases} route × method × role × payload cases, ${counted.requests} requests, on ${testDriver}`);
    expect(problems).toEqual([]);
    const routes = Object.values(routePolicies);
    const expected = routes.length * actors.length * Object.keys(textPayloads).length + routes.filter((p) => p.action).length * actors.length * (Object.keys(textPayloads).length + bodyPayloads.length);
    expect(counted.cases).toBe(expected);
  }, 1_800_000);
});
