import fs from "node:fs";
import { afterAll, beforeAll, it } from "vitest";
import { createTestApp } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { sessionFor } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => database?.destroy());

it("smoke", async () => {
  const session = await sessionFor(database, "commissioner");
  for (const path of ["/evidence", "/evidence", "/evidence?district=E07000009", "/evidence/csv/by-ward", "/evidence/trace?dimension=month&key=total"]) {
    const t = performance.now();
    const response = await app.request(path, { headers: { cookie: session.cookie } });
    const body = await response.text();
    console.log(path, response.status, Math.round(performance.now() - t), "ms", response.headers.get("server-timing"));
    fs.writeFileSync(`.tmp/smoke-${path.replace(/[^a-z]/g, "_")}.html`, body);
  }
});
