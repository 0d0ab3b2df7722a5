/**
 * Saved searches through the real app: saving from the search page's form, the list, rename and
 * delete, one account never seeing or changing another's, the limit, bad input (a clear message
 * and never a 500), and export and erasure with the account.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { savedSearches, savedShortlists, services, users } from "../../db/schema";
import { anonymous } from "../../app/modules/accounts/permissions";
import { eraseSubject, exportSubject } from "../../app/modules/privacy/personal-data.server";
import { maxSavedSearchName, maxSavedSearches } from "../../app/modules/saved-searches/saved-search";
import { appSuite } from "../support/app";
import { testDriver } from "../support/database";
import { postForms } from "../support/forms";
import { duplicateIds } from "../support/html";
import { sessionFor, sessionForUser, type TestSession } from "../support/sessions";

const suite = appSuite();
let resident: TestSession;
let residentId = "";
let other: TestSession;

beforeAll(async () => {
  const [account] = await suite.database.db.select({ id: users.id }).from(users).where(eq(users.role, "resident")).limit(1);
  residentId = account!.id;
  resident = await sessionForUser(suite.database, residentId);
  other = await sessionFor(suite.database, "practitioner");
});

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function post(path: string, session: TestSession | null, fields: Record<string, string>) {
  return suite.app.request(path, {
    method: "POST",
    headers: { origin: suite.app.origin, "content-type": "application/x-www-form-urlencoded", ...(session ? { cookie: session.cookie } : {}) },
    body: new URLSearchParams({ ...fields, ...(session ? { csrf: session.csrf } : {}) }),
    redirect: "manual",
  });
}

const get = (path: string, session: TestSession | null) => suite.app.request(path, { headers: session ? { cookie: session.cookie } : {}, redirect: "manual" });
const save = (session: TestSession | null, name: string, query: string) => post("/account/saved-searches", session, { intent: "save", name, query });
const held = (userId = residentId) => suite.database.db.select().from(savedSearches).where(eq(savedSearches.userId, userId)).orderBy(savedSearches.createdAt);

async function clear() {
  await suite.database.db.delete(savedSearches);
}

describe(`saving a search on ${testDriver}`, () => {
  it("offers a signed-in person a form with a sensible name, and anyone else sign-in that brings them back", async () => {
    const signedIn = await (await get("/search?q=lunch+club&postcode=Soham", resident)).text();
    const [form] = postForms(signedIn, `${suite.app.origin}/search`, "/account/saved-searches");
    expect(form!.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "query", value: "?q=lunch+club&postcode=Soham" }),
        expect.objectContaining({ name: "name", value: "lunch club near Soham" }),
        expect.objectContaining({ name: "csrf", value: resident.csrf }),
      ]),
    );
    expect(duplicateIds(signedIn)).toEqual([]);
    const visitor = await (await get("/search?q=lunch+club&postcode=Soham", null)).text();
    expect(visitor).not.toContain('action="/account/saved-searches"');
    expect(visitor).toContain(`href="/sign-in?redirectTo=${encodeURIComponent("/search?q=lunch+club&postcode=Soham")}"`);
    expect(visitor).toContain("Sign in to save this search");
    // Nothing searched yet: nothing to save.
    expect(await (await get("/search", resident)).text()).not.toContain("Save this search");
    // A need and no words: the need names it.
    const byNeed = await (await get("/search?need=memory", resident)).text();
    expect(postForms(byNeed, `${suite.app.origin}/search`, "/account/saved-searches")[0]!.fields).toEqual(expect.arrayContaining([expect.objectContaining({ name: "name", value: "Memory and dementia" })]));
  });

  it("stores only the known parameters, in the search page's own order, and lists it with a link that runs it", async () => {
    await clear();
    const response = await save(resident, "  Lunch   near Mum  ", "?utm_source=mail&postcode=Soham&q=lunch+club&page=3&evil=%3Cscript%3E&need=social-connection&need=not-a-need&free=on");
    expect(response.status).toBe(303);
    const [row] = await held();
    expect(row).toMatchObject({ name: "Lunch near Mum", query: "q=lunch+club&postcode=Soham&need=social-connection&free=yes" });
    expect(response.headers.get("location")).toBe(`/account/saved-searches?outcome=saved&id=${row!.id}`);
    const page = await (await get(response.headers.get("location")!, resident)).text();
    expect(page).toContain("Saved “Lunch near Mum”.");
    expect(page).toContain(`href="/search?q=lunch+club&amp;postcode=Soham&amp;need=social-connection&amp;free=yes"`);
    expect(page).toContain("“lunch club” · near Soham · filters: 2");
    expect(page).toContain(`href="/account/saved-searches/${row!.id}?delete=yes"`);
    expect(duplicateIds(page)).toEqual([]);
    const polish = await (await get("/account/saved-searches?lang=pl", resident)).text();
    expect(polish).toContain('<html lang="pl"');
    expect(polish).toContain("Twoje zapisane wyszukiwania i lista wybranych");
    expect(polish).toContain("Zmień nazwę");
    // The same search again, however it is written, is kept once: a new name renames it.
    const again = await save(resident, "Lunch near Mum", "/search?need=social-connection&q=lunch%20club&free=yes&postcode=Soham");
    expect(await (await get(again.headers.get("location")!, resident)).text()).toContain("You have already saved this search as “Lunch near Mum”.");
    const renamed = await save(resident, "Mum's lunch", "q=lunch+club&postcode=Soham&need=social-connection&free=1");
    expect(await (await get(renamed.headers.get("location")!, resident)).text()).toContain(escape("we changed its name to “Mum's lunch”."));
    expect((await held()).map((search) => search.name)).toEqual(["Mum's lunch"]);
  });

  it("answers bad input with a plain message on the page, never a 500, and stores nothing", async () => {
    await clear();
    const cases: Array<[string, Record<string, string>, string]> = [
      ["an empty name", { intent: "save", name: "   ", query: "q=lunch" }, "Enter a name for the search"],
      ["a 10,000-character name", { intent: "save", name: "x".repeat(10_000), query: "q=lunch" }, `The name must be ${maxSavedSearchName} characters or fewer`],
      ["a 5,000-character query", { intent: "save", name: "Long", query: `q=${"lunch+".repeat(833)}` }, "That search is too long to save"],
      ["only unknown parameters", { intent: "save", name: "Nothing", query: "utm_source=x&colour=red&page=2" }, "There is nothing to save yet"],
      ["no query at all", { intent: "save", name: "Nothing" }, "There is nothing to save yet"],
      ["an intent it does not know", { intent: "explode", name: "x", query: "q=lunch" }, "That did not work: nothing was changed"],
    ];
    for (const [what, fields, message] of cases) {
      const response = await post("/account/saved-searches", resident, fields);
      expect(response.status, what).toBe(400);
      const page = await response.text();
      expect(page, what).toContain(escape(message));
      expect(page, what).toContain("govuk-error-summary");
    }
    // A name that is too long is shown again cut short, to be corrected, not stored.
    const long = await (await post("/account/saved-searches", resident, { intent: "save", name: "y".repeat(10_000), query: "q=lunch" })).text();
    expect(long).toContain(`value="${"y".repeat(500)}"`);
    expect(long).not.toContain("y".repeat(501));
    expect(await held()).toEqual([]);
  });

  it(`keeps at most ${maxSavedSearches} searches an account, and says what to do`, async () => {
    await clear();
    await suite.database.db.insert(savedSearches).values(Array.from({ length: maxSavedSearches - 1 }, (_, index) => ({ userId: residentId, name: `Search ${index}`, query: `q=search+${index}` })));
    expect((await save(resident, "Fiftieth", "q=fiftieth")).status).toBe(303);
    const refused = await save(resident, "Fifty-first", "q=fifty-first");
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(`You have saved ${maxSavedSearches} searches, the most you can keep. Delete one you no longer need`);
    expect(await held()).toHaveLength(maxSavedSearches);
    // Renaming one already kept still works when the account is full.
    expect((await save(resident, "Fiftieth, renamed", "q=fiftieth")).status).toBe(303);
    const list = await (await get("/account/saved-searches", resident)).text();
    expect(list).toContain(`You have saved ${maxSavedSearches} of the ${maxSavedSearches} searches you can keep.`);
    expect(list).toContain("Fiftieth, renamed");
  });

  it("holds the limit when several saves arrive at once", async () => {
    await clear();
    await suite.database.db.insert(savedSearches).values(Array.from({ length: maxSavedSearches - 2 }, (_, index) => ({ userId: residentId, name: `Search ${index}`, query: `q=search+${index}` })));
    const answers = await Promise.all(Array.from({ length: 5 }, (_, index) => save(resident, `At once ${index}`, `q=at+once+${index}`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 303, 400, 400, 400]);
    expect(await held()).toHaveLength(maxSavedSearches);
  });

  it("asks anyone without an account to sign in, and stores nothing for them", async () => {
    await clear();
    const saving = await save(null, "Mine", "q=lunch");
    expect(saving.status).toBe(302);
    expect(saving.headers.get("location")).toBe("/sign-in?redirectTo=%2Faccount%2Fsaved-searches");
    const listing = await get("/account/saved-searches", null);
    expect(listing.headers.get("location")).toBe("/sign-in?redirectTo=%2Faccount%2Fsaved-searches");
    expect(await suite.database.db.select().from(savedSearches)).toEqual([]);
  });
});

describe(`renaming and deleting a saved search on ${testDriver}`, () => {
  it("renames with a form that says what is wrong, and deletes only after asking", async () => {
    await clear();
    await save(resident, "Falls help", "q=falls&postcode=Ely");
    const [row] = await held();
    const renamePage = await (await get(`/account/saved-searches/${row!.id}`, resident)).text();
    expect(renamePage).toContain("Change the name of a saved search");
    expect(renamePage).toContain(`value="Falls help"`);
    expect(renamePage).toContain(`href="/search?q=falls&amp;postcode=Ely"`);

    const empty = await post(`/account/saved-searches/${row!.id}`, resident, { intent: "rename", name: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Enter a name for the search");
    const long = await post(`/account/saved-searches/${row!.id}`, resident, { intent: "rename", name: "z".repeat(10_000) });
    expect(long.status).toBe(400);
    const renamed = await post(`/account/saved-searches/${row!.id}`, resident, { intent: "rename", name: "Falls help for Dad" });
    expect(renamed.status).toBe(303);
    expect(await (await get(renamed.headers.get("location")!, resident)).text()).toContain("The saved search is now called “Falls help for Dad”.");

    const confirm = await (await get(`/account/saved-searches/${row!.id}?delete=yes`, resident)).text();
    expect(confirm).toContain("Are you sure you want to delete “Falls help for Dad”?");
    expect(postForms(confirm, `${suite.app.origin}/account/saved-searches/${row!.id}`, `/account/saved-searches/${row!.id}`)[0]!.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "intent", value: "delete" })]),
    );
    expect(await held()).toHaveLength(1); // asking changed nothing
    const deleted = await post(`/account/saved-searches/${row!.id}`, resident, { intent: "delete" });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/account/saved-searches?outcome=deleted");
    const after = await (await get("/account/saved-searches?outcome=deleted", resident)).text();
    expect(after).toContain("The saved search was deleted.");
    expect(after).toContain("You have not saved any searches yet.");
    expect(await held()).toEqual([]);
    // Deleting it again: not found, not a 500.
    expect((await post(`/account/saved-searches/${row!.id}`, resident, { intent: "delete" })).status).toBe(404);
  });

  it("never shows or changes another account's search: it is not found", async () => {
    await clear();
    await save(resident, "Resident's own", "q=gardening");
    const [row] = await held();
    const othersList = await (await get("/account/saved-searches", other)).text();
    expect(othersList).not.toContain("Resident");
    expect(othersList).toContain("You have not saved any searches yet.");
    const seen = await get(`/account/saved-searches/${row!.id}`, other);
    expect(seen.status).toBe(404);
    expect(await seen.text()).toContain("We could not find that saved search");
    expect((await post(`/account/saved-searches/${row!.id}`, other, { intent: "rename", name: "Taken over" })).status).toBe(404);
    expect((await post(`/account/saved-searches/${row!.id}`, other, { intent: "delete" })).status).toBe(404);
    expect(await held()).toEqual([expect.objectContaining({ id: row!.id, name: "Resident's own" })]);
    // The success message names a search only for its owner.
    const [practitioner] = await suite.database.db.select({ id: users.id }).from(users).where(eq(users.role, "practitioner")).limit(1);
    expect(await held(practitioner!.id)).toEqual([]);
    expect(await (await get(`/account/saved-searches?outcome=saved&id=${row!.id}`, other)).text()).not.toContain("Resident&#x27;s own");
  });

  it("answers ids that are not ids with not found", async () => {
    for (const id of ["123", "not-an-id", "%27%3B%20drop%20table%20saved_searches%3B--", "00000000-0000-4000-8000-00000000000g"]) {
      expect((await get(`/account/saved-searches/${id}`, resident)).status, id).toBe(404);
      expect((await post(`/account/saved-searches/${id}`, resident, { intent: "delete" })).status, id).toBe(404);
      expect((await post(`/account/saved-searches/${id}`, resident, { intent: "rename", name: "x" })).status, id).toBe(404);
    }
    const list = await get("/account/saved-searches?outcome=renamed&id=not-an-id", resident);
    expect(list.status).toBe(200);
  });
});

describe(`the kept shortlist and the account's personal data on ${testDriver}`, () => {
  it("shows the account's kept shortlist beside its saved searches", async () => {
    const [listing] = await suite.database.db.select({ id: services.id, name: services.name }).from(services).where(eq(services.listingStatus, "published")).limit(1);
    const added = await post("/shortlist", resident, { intent: "add", id: listing!.id, returnTo: "/account/saved-searches" });
    expect(added.status).toBe(303);
    // Another browser, no shortlist cookie: the list comes from the account.
    const page = await (await get("/account/saved-searches", resident)).text();
    expect(page).toContain(escape(listing!.name));
    expect(page).toContain('href="/shortlist"');
    expect(await (await get("/account/saved-searches", other)).text()).toContain("Nothing on your shortlist yet.");
  });

  it("exports saved searches with the account and erases them with it", async () => {
    await clear();
    await save(resident, "To export", "q=singing");
    const [account] = await suite.database.db.select({ email: users.email }).from(users).where(eq(users.id, residentId));
    const admin = { ...anonymous, role: "administrator" as const };
    const exported = await exportSubject(suite.database.db, admin, { email: account!.email });
    expect(exported.data["saved shortlists and searches"]).toEqual(expect.arrayContaining([expect.objectContaining({ search: "To export", query: "q=singing" })]));
    const erased = await eraseSubject(suite.database.db, admin, { email: account!.email });
    expect(erased["saved shortlists and searches"]).toBe(2); // the shortlist and the one search
    expect(await held()).toEqual([]);
    expect(await suite.database.db.select().from(savedShortlists).where(and(eq(savedShortlists.userId, residentId)))).toEqual([]);
  });
});
