/** The feed's answers that the HTTP server gives before Remix: CORS and JSON on those too. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe(`the ORUK feed at the HTTP edge on ${testDriver}`, () => {
  it("refuses writes, even cross-site ones, in JSON with CORS and an Allow header", async () => {
    for (const origin of [app.origin, "https://other.example"]) {
      const response = await app.request("/oruk/services", { method: "POST", headers: { origin }, body: "{}" });
      expect(response.status).toBe(405);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      expect(await response.json()).toMatchObject({ status: 405, error: "Method Not Allowed" });
    }
  });

  it("answers an unreadable address with a JSON 400 and CORS, not a 500", async () => {
    const response = await app.request("/oruk/services/%E0%A4%A");
    expect(response.status).toBe(400);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.json()).toMatchObject({ status: 400, error: "Bad Request" });
  });

  it("answers an unreadable page address with a plain page, not a 500", async () => {
    const response = await app.request("/assets/%E0%A4%A");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("There is a problem");
  });
});
