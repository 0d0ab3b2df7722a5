/**
 * A Polish reader searches on a phone, with and without JavaScript: the search, its filters,
 * result cards, notices, a place it cannot find, a search with no results and a listing are all
 * in Polish (listing texts stay as written, marked lang="en-GB"), axe-core finds nothing, and
 * the switcher brings the site back to English.
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, browserSuite, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript } from "../support/browser";

const run = browserAvailable();
const phone = { width: 375, height: 812 };

/**
 * English words a Polish page must not show outside listing texts. Words that are also Polish
 * ("to", "on", "by", "my", "a", "map" as in "źródła danych map") are left out on purpose.
 */
const englishWords =
  /\b(the|and|of|for|with|your|you|our|is|are|this|that|from|near|results?|miles|places?|free|search|filters?|page|show|hide|ask|about|sort|best|match|nearest|first|any|full|waiting|weeks?|hours?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|error|apply|clear|remove|previous|next|try|postcode|location|kind|support|group|helps?)\b/gi;

/** The words of the page a reader sees or hears (text, labels, the title), without listing texts. */
async function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    body.querySelectorAll('[lang="en-GB"], script, style, [hidden]').forEach((element) => element.remove());
    const labels = [...document.querySelectorAll("[aria-label]")].filter((element) => !element.closest('[lang="en-GB"]')).map((element) => element.getAttribute("aria-label"));
    return [document.title, body.textContent, ...labels].join(" \n ");
  });
}

async function expectPolish(page: Page, where: string): Promise<void> {
  expect(await page.locator("html").getAttribute("lang")).toBe("pl");
  const words = await pageWords(page);
  // Each English word with a little of what surrounds it, so a failure says where it is.
  const found = [...words.matchAll(englishWords)].map((match) => words.slice(Math.max(0, match.index - 30), match.index + 30).replace(/\s+/g, " "));
  expect(found, `English words on ${where} (${page.url()})`).toEqual([]);
}

async function expectAxeClean(page: Page, browser: Browser, javaScriptEnabled: boolean): Promise<void> {
  if (javaScriptEnabled) await expectNoAxeViolations(page);
  else await expectNoAxeViolationsWithoutJavaScript(page, browser);
}

describe.skipIf(!run)("searching in Polish in a real browser", () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`finds support, filters, explains a missing place and no results, and switches back (JavaScript ${javaScriptEnabled ? "on" : "off"})`, { timeout: 180_000 }, async () => {
      const context = await suite.browser.newContext({ viewport: phone, javaScriptEnabled });
      const page = await context.newPage();
      try {
        await page.goto(`${suite.app.url}/`);
        await page.getByRole("link", { name: "Polski" }).click();
        await page.getByRole("heading", { level: 1, name: "Znajdź wsparcie blisko siebie" }).waitFor();
        await expectPolish(page, "the home page");

        // A search with a place: a count in the right Polish form, cards in Polish.
        await page.getByLabel("Co by pomogło?").fill("lunch");
        await page.getByLabel("Kod pocztowy lub miejscowość (opcjonalnie)").fill("Soham");
        await page.getByRole("button", { name: "Szukaj", exact: true }).click();
        await page.getByRole("heading", { level: 1, name: "Wyniki wyszukiwania" }).waitFor();
        const count = (await page.locator(".atlas-results-count").innerText()).trim();
        expect(count).toMatch(/^(\d+) (wynik|wyniki|wyników) dla „lunch” w promieniu 5 mil od: Soham/);
        const total = Number(/^\d+/.exec(count)![0]);
        const form = total === 1 ? "wynik" : [2, 3, 4].includes(total % 10) && ![12, 13, 14].includes(total % 100) ? "wyniki" : "wyników";
        expect(count).toContain(`${total} ${form} `);
        expect(await page.locator("li.atlas-result").count()).toBeGreaterThan(0);
        expect(await page.locator("li.atlas-result .atlas-result__distance").first().innerText()).toMatch(/^(poniżej 0\.1 mili|[\d.]+ (mila|mile|mil|mili))$/);
        expect(await page.title()).toBe("lunch – wyniki wyszukiwania – Asset Atlas");
        await expectPolish(page, "search results");
        await expectAxeClean(page, suite.browser, javaScriptEnabled);

        // Filters: the disclosure, a flag, and the selected filter it leaves.
        await page.locator("summary", { hasText: "Filtry" }).click();
        await page.getByLabel("Bezpłatne lub tanie (do £5 za spotkanie)").check();
        await page.getByLabel("Sortuj według").selectOption("name");
        await page.getByRole("button", { name: "Zastosuj filtry" }).click();
        await page.getByRole("heading", { level: 2, name: "Wybrane filtry:" }).waitFor();
        await page.getByRole("link", { name: "Usuń ten filtr: Bezpłatne lub tanie" }).waitFor();
        await page.getByRole("link", { name: "Usuń ten filtr: Nazwa (od A do Z)" }).waitFor();
        expect(await page.locator("summary.atlas-filter__toggle").innerText()).toBe("Filtry (wybrane: 2)");
        await expectPolish(page, "filtered results");
        await expectAxeClean(page, suite.browser, javaScriptEnabled);

        // A place we cannot find: the error summary and the "Error:" words in Polish.
        await page.getByLabel("Co by pomogło?").fill("falls");
        await page.getByLabel("Kod pocztowy lub miejscowość", { exact: true }).fill("Sohm");
        await page.getByRole("button", { name: "Szukaj", exact: true }).click();
        await page.getByRole("alert").filter({ hasText: "Nie znaleźliśmy miejscowości o nazwie „Sohm”." }).waitFor();
        await page.getByText("Czy chodziło Ci o:").waitFor();
        expect(await page.title()).toBe("Błąd: falls – wyniki wyszukiwania – Asset Atlas");
        expect(await page.locator("#search-postcode-error").textContent()).toMatch(/^Błąd:\s+Nie znaleźliśmy/);
        await expectAxeClean(page, suite.browser, javaScriptEnabled);

        // No results at all: what to try, in Polish.
        await page.goto(`${suite.app.url}/search`);
        await page.getByLabel("Co by pomogło?").fill("zzqqxx");
        await page.getByRole("button", { name: "Szukaj", exact: true }).click();
        await page.getByText("Brak wyników dla „zzqqxx”.").waitFor();
        await page.getByText("Spróbuj:").waitFor();
        await page.getByRole("link", { name: "Powiedz nam o grupie lub usłudze, której tu brakuje" }).waitFor();
        await expectPolish(page, "a search with no results");
        await expectAxeClean(page, suite.browser, javaScriptEnabled);

        // Some words used: the notice says which, in Polish.
        await page.goto(`${suite.app.url}/search?q=lunch+zzqqx`);
        await page.getByText("Nie ma wyników dokładnie dla „lunch zzqqx”; pokazujemy wyniki dla „lunch”.").waitFor();
        await expectPolish(page, "a search with some words used");

        // Back to English with the switcher: the same search, in English.
        await page.getByRole("link", { name: "English" }).click();
        await page.getByRole("heading", { level: 1, name: "Search results" }).waitFor();
        expect(await page.locator("html").getAttribute("lang")).toBe("en-GB");
        expect(await page.locator(".atlas-results-count").innerText()).toMatch(/^\d+ results? for “lunch zzqqx”/);
        await page.getByText("No exact match for “lunch zzqqx”; showing results for “lunch”.").waitFor();
      } finally {
        await context.close();
      }
    });
  }

  it("shows a listing in Polish around its own words, which stay marked as English", { timeout: 120_000 }, async () => {
    const context = await suite.browser.newContext({ viewport: phone });
    const page = await context.newPage();
    try {
      // The switcher's own address: it sets the language cookie, so the listing is in Polish too.
      await page.goto(`${suite.app.url}/language?lang=pl&return=${encodeURIComponent("/search?q=lunch")}`);
      await page.locator("li.atlas-result h2 a").first().click();
      await page.getByRole("heading", { level: 2, name: "Jak się skontaktować" }).waitFor();
      const text = await pageWords(page);
      for (const english of ["Add to shortlist", "By arrangement", "Ask when you get in touch", "These details", "Report a problem", "Search for other support", "Adults of any age", "available now"]) {
        expect(text, english).not.toContain(english);
      }
      await page.getByRole("button", { name: /^Dodaj do wybranych/ }).waitFor();
      await page.getByRole("link", { name: "Zgłoś problem z tym wpisem" }).waitFor();
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });
});
