/** Reading the server-rendered /search page in integration tests (no browser). */
import { expect } from "vitest";

/** GET /search?query through the test app; fails the test on anything but 200. */
export async function searchPage(app: { request(path: string): Promise<Response> }, query: string): Promise<string> {
  const response = await app.request(`/search?${query}`);
  const html = await response.text();
  expect(response.status, `${query}\n${html.slice(0, 300)}`).toBe(200);
  return html;
}

/** The results line ("17 results for “lunch” within 5 miles of Soham"), as the page's status says it. */
export const resultsStatus = (html: string) => /<p class="govuk-body atlas-results-count" role="status">([^<]*)<\/p>/.exec(html)?.[1];
