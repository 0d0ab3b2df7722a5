/**
 * The sentences the search page builds on the server (notices, ways forward, place problems,
 * where it searched, the results line) in the page's language: English word for word as before,
 * Polish with Polish plural forms, on both database drivers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSupport } from "../../app/modules/search/find-support.server";
import { i18nFor } from "../../app/modules/i18n/i18n";
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

const polish = i18nFor("pl").t;
const search = (query: string, t = polish) => findSupport(database.db, new URL(`http://atlas.test/search?${query}`), t);
const page = async (path: string, language: "pl" | "en") => {
  const response = await app.request(path, { headers: { cookie: `atlas_lang=${language}` } });
  expect(response.status, path).toBe(200);
  return response.text();
};

describe(`the search page's own sentences in Polish on ${testDriver}`, () => {
  it("says which words were used, in each language", async () => {
    const inPolish = await search("q=lunch+zzqqx");
    expect(inPolish.notices).toEqual(["Nie ma wyników dokładnie dla „lunch zzqqx”; pokazujemy wyniki dla „lunch”."]);
    expect(inPolish.results.total).toBeGreaterThan(0);
    const inEnglish = await findSupport(database.db, new URL("http://atlas.test/search?q=lunch+zzqqx"));
    expect(inEnglish.notices).toEqual(["No exact match for “lunch zzqqx”; showing results for “lunch”."]);
  });

  it("names the place and the distance with the right Polish form", async () => {
    expect((await search("postcode=Soham&radius=1")).place?.where).toBe("w promieniu 1 mili od: Soham");
    expect((await search("postcode=Soham&radius=2")).place?.where).toBe("w promieniu 2 mil od: Soham");
    expect((await search("postcode=Soham&radius=5")).place?.where).toBe("w promieniu 5 mil od: Soham");
    expect((await search("postcode=Soham&radius=5", i18nFor("en").t)).place?.where).toBe("within 5 miles of Soham");
  });

  it("explains a place it cannot find, a distance out of range and an age that is not one", async () => {
    const missing = await search("q=falls&postcode=Sohm");
    expect(missing.placeProblem?.message).toBe("Nie znaleźliśmy miejscowości o nazwie „Sohm”.");
    expect(missing.placeProblem?.suggestionsIntro).toBe("Czy chodziło Ci o:");
    expect(missing.placeProblem?.suggestions.map((suggestion) => suggestion.label)).toContain("Soham");
    const adjusted = await search("postcode=Soham&radius=500&age=abc");
    expect(adjusted.notices).toEqual([
      "Szukaliśmy w promieniu 50 mil od: Soham. Dalej nie szukamy.",
      "Podaj wiek jako liczbę całkowitą od 0 do 120, na przykład 70. Nie filtrowaliśmy według wieku.",
    ]);
  });

  it("offers ways forward in Polish when nothing is found", async () => {
    const none = await search("q=zzqqxx&postcode=Soham&radius=2&free=yes");
    expect(none.results.total).toBe(0);
    expect(none.waysForward.map((way) => way.label)).toEqual([
      "Szukaj w promieniu 10 mil",
      "Szukaj ponownie bez filtrów",
      "Powiedz nam o grupie lub usłudze, której tu brakuje",
    ]);
  });

  it("renders the results line, the zero-results advice and the cards in the reader's language", async () => {
    const polishPage = await page("/search?q=zzqqxx", "pl");
    expect(polishPage).toContain("Brak wyników dla „zzqqxx”.");
    expect(polishPage).toContain("<title>zzqqxx – wyniki wyszukiwania – Asset Atlas</title>");
    expect(await page("/search?q=zzqqxx", "en")).toContain("No results for “zzqqxx”.");
    const results = await page("/search?q=lunch&postcode=Soham", "pl");
    const line = /<p class="govuk-body atlas-results-count" role="status">([^<]*)<\/p>/.exec(results)?.[1] ?? "";
    const total = Number(/^\d+/.exec(line)?.[0]);
    expect(total).toBeGreaterThan(0);
    const form = total === 1 ? "wynik" : [2, 3, 4].includes(total % 10) && ![12, 13, 14].includes(total % 100) ? "wyniki" : "wyników";
    expect(line).toBe(`${total} ${form} dla „lunch” w promieniu 5 mil od: Soham${total > 20 ? ` – strona 1 z ${Math.ceil(total / 20)}` : ""}`);
    expect(results).toContain("Zastosuj filtry");
    expect(results).not.toContain("Apply filters");
    expect(results).not.toMatch(/atlas-result__when">(Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Ask about)/);
  });
});
