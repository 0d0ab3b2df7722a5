/**
 * /search as a resident's browser gets it (server-rendered HTML, no JavaScript): every filter
 * in the URL, plain messages for what we adjusted, escaped output, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { resultsStatus, searchPage } from "../support/search-html";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await database?.destroy();
});

const page = (query: string) => searchPage(app, query);
const decode = (href: string) => href.replace(/&amp;/g, "&");
const status = resultsStatus;

describe(`the /search page on ${testDriver}`, () => {
  it("says which words it used when no listing has them all, and what it shows when none match", async () => {
    const some = await page("q=lunch+club+zzyzx");
    expect(some).toContain("No exact match for “lunch club zzyzx”; showing results for “lunch club”.");
    expect(status(some)).toMatch(/^\d+ results for “lunch club zzyzx”/);
    const swimming = await page("q=swimming&postcode=CB7+5BX");
    expect(swimming).toContain("Nothing is listed for “swimming”. The nearest listings for confidence and staying well are shown instead");
    expect(status(swimming)).toMatch(/^\d+ results for “swimming” within 5 miles of CB7 5BX/);
  });

  it("offers ways forward, as links that work without JavaScript, only when nothing is found", async () => {
    const far = await page("q=swimming&postcode=CB7+5BX&radius=0.1&day=SU");
    expect(far).toContain("Nothing within 0.1 miles of CB7 5BX helps with confidence and staying well.");
    const links = [...far.matchAll(/<li><a class="govuk-link"[^>]* href="([^"]+)">([^<]+)<\/a><\/li>/g)].map((match) => [decode(match[1]!), match[2]]);
    expect(links).toEqual(
      expect.arrayContaining([
        ["/search?q=swimming&postcode=CB7+5BX&radius=10&day=SU", "Search within 10 miles instead"],
        ["/search?q=swimming&postcode=CB7+5BX&radius=0.1", "Search again without the filters"],
        ["/search?postcode=CB7+5BX&radius=0.1&need=confidence-health&day=SU", "See everything for confidence and staying well"],
        ["/suggest", "Tell us about a group or service that should be listed"],
      ]),
    );
    expect(await page("q=lunch")).not.toContain("Tell us about a group or service that should be listed");
  });

  it("finds befriending and lunch clubs for “lonely” near CB7 4, with distances", async () => {
    const html = await page("q=lonely&postcode=cb7+4");
    expect(status(html)).toMatch(/^\d+ results for “lonely” within 5 miles of CB7 4/);
    expect(html).toMatch(/befriend/i);
    expect(html).toMatch(/Lunch Club/);
    expect(html).toMatch(/<strong class="atlas-result__distance">(\d+(\.\d)? miles|1 mile|under 0\.1 miles)<\/strong>/);
  });

  it("is one GET form holding every filter, with facet counts", async () => {
    const html = await page("q=lonely&postcode=CB7+4");
    const form = /<form[^>]*method="get"[^>]*action="\/search"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? "";
    for (const name of ["q", "postcode", "radius", "need", "kind", "day", "free", "dp", "capacity", "age", "access", "sort"]) {
      expect(form, name).toContain(`name="${name}"`);
    }
    expect(form).toMatch(/Company and social connection<span class="atlas-facet-count"> \(\d+\)<\/span>/);
    expect(form).toMatch(/<label class="govuk-label govuk-checkboxes__label" for="filter-need-memory">/);
    expect(html).not.toMatch(/<form[^>]*>(?:(?!<\/form>)[\s\S])*<form/); // no nested forms
  });

  it("narrows by a need, keeps the box ticked, and keeps every filter in the page links", async () => {
    const query = "q=lonely&postcode=CB7+4&radius=10&need=social-connection&kind=vcs_group&day=TU&free=yes&age=70&sort=distance";
    const all = Number(/^(\d+)/.exec(status(await page("q=lonely&postcode=CB7+4&radius=10")) ?? "")?.[1]);
    const html = await page("q=lonely&postcode=CB7+4&radius=10&need=social-connection");
    const narrowed = Number(/^(\d+)/.exec(status(html) ?? "")?.[1]);
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThanOrEqual(all);
    expect(html).toMatch(/id="filter-need-social-connection"[^>]*checked=""/);
    const broad = await page("need=social-connection&day=TU&free=yes&age=70&postcode=CB7&radius=20&sort=distance");
    const next = /<a[^>]*rel="next"[^>]*href="([^"]+)"/.exec(broad)?.[1];
    expect(next).toBeDefined();
    const url = new URL(decode(next!), "http://x");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      postcode: "CB7",
      radius: "20",
      need: "social-connection",
      day: "TU",
      free: "yes",
      age: "70",
      sort: "distance",
      page: "2",
    });
    expect(await page(query)).toContain("within 10 miles of CB7 4");
  });

  it("says plainly when it cannot find a postcode, and suggests known ones", async () => {
    const html = await page("q=lunch&postcode=xx1+1xx");
    expect(html).toContain("We could not find the postcode ‘XX1 1XX’. Check it, or try just the first part, like CB7.");
    expect(html).toContain("govuk-error-summary");
    expect(html).toMatch(/<title>Error: /);
    expect(status(html)).toMatch(/^\d+ results for “lunch”/); // still searched, without the place
    const nearly = await page("postcode=CB7+4ZZ");
    expect(nearly).toMatch(/href="\/search\?postcode=CB7\+4"[^>]*>CB7 4<\/a>/);
  });

  it("clamps the radius with a message, never a 500", async () => {
    expect(await page("postcode=CB7+4&radius=-5")).toContain("We searched within 0.1 miles of CB7 4, the nearest we search.");
    expect(await page("postcode=CB7+4&radius=10000")).toContain("We searched within 50 miles of CB7 4, the furthest we search.");
    expect(await page("postcode=CB7+4&radius=far")).toContain("The distance should be a number of miles");
  });

  it("asks for a postcode to sort by distance, and explains a bad age", async () => {
    expect(await page("q=lunch&sort=distance")).toContain("To sort by distance, enter a postcode or place.");
    expect(await page("age=very+old")).toContain("Enter an age as a whole number");
  });

  it("answers a page past the end with a link back to the first page, keeping the search", async () => {
    const html = await page("q=lunch&need=social-connection&page=99999");
    expect(html).toContain("There is no page 500.");
    expect(html).toContain('href="/search?q=lunch&amp;need=social-connection"');
  });

  it("escapes SQL and HTML in every parameter, and never gives a 500", async () => {
    const nasties = ["<script>alert(1)</script>", "'; drop table services; --", '"><img src=x onerror=alert(1)>', "%00", "\u0000"];
    const names = ["q", "postcode", "radius", "need", "kind", "access", "day", "free", "dp", "capacity", "age", "sort", "page"];
    for (const name of names) {
      for (const nasty of nasties) {
        const html = await page(`${name}=${encodeURIComponent(nasty)}`);
        expect(html, `${name}=${nasty}`).not.toContain("<script>alert(1)</script>");
        expect(html, `${name}=${nasty}`).not.toContain("<img src=x");
      }
    }
    const echoed = await page(`q=${encodeURIComponent("<script>alert(1)</script>")}&postcode=${encodeURIComponent("<b>CB7</b>")}`);
    expect(echoed).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const stillThere = await page("");
    expect(status(stillThere)).toMatch(/^\d{3} results/);
  });

  it("copes with a 2,000-character query and unknown facet values", async () => {
    expect(await page(`q=${"lunch ".repeat(400)}`)).toContain("Your search was long");
    const all = status(await page(""));
    expect(status(await page("need=unicorns&kind=castle&access=jetpack&day=someday"))).toBe(all);
  });
});
