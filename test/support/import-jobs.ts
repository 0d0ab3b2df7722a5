/** Uploading an import file through the real upload page, and confirming it, as a coordinator does. */
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { importJobs } from "../../db/schema";
import type { ImportReport } from "../../app/modules/imports/jobs.server";
import type { createTestApp } from "./app";
import type { TestDatabase } from "./database";
import type { TestSession } from "./sessions";

type App = Awaited<ReturnType<typeof createTestApp>>;

/** `context` is read at each call, so the helpers can be made before beforeAll starts the app. */
export function importFiles(context: () => { app: App; database: TestDatabase }) {
  async function upload(session: TestSession | null, file: Blob | string, name = "listings.csv", extra: Record<string, string> = {}) {
    const { app } = context();
    const form = new FormData();
    if (session) form.set("csrf", session.csrf);
    for (const [key, value] of Object.entries(extra)) form.set(key, value);
    form.set("file", typeof file === "string" ? new Blob([file]) : file, name);
    return app.request("/coordinator/imports", {
      method: "POST",
      body: form,
      headers: { origin: app.origin, ...(session ? { cookie: session.cookie } : {}) },
      redirect: "manual",
    });
  }
  async function waitForJob(id: string) {
    const { db } = context().database;
    for (let i = 0; i < 300; i++) {
      const [job] = await db.select({ status: importJobs.status }).from(importJobs).where(eq(importJobs.id, id));
      if (job && job.status !== "queued" && job.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [job] = await db.select().from(importJobs).where(eq(importJobs.id, id));
    return { ...job!, report: job!.report as unknown as ImportReport };
  }
  /** Uploads a file and waits for its check (the dry run) to finish. */
  async function check(session: TestSession, file: Blob | string, name = "listings.csv") {
    const response = await upload(session, file, name);
    expect(response.status, await response.clone().text()).toBe(303);
    const id = response.headers.get("location")!.split("/").pop()!;
    return { id, job: await waitForJob(id) };
  }
  /** Confirms a checked import and waits for it to be written. */
  async function confirm(session: TestSession, id: string) {
    const { app } = context();
    const response = await app.request(`/coordinator/imports/${id}`, {
      method: "POST",
      headers: { origin: app.origin, cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf: session.csrf }),
      redirect: "manual",
    });
    return { response, job: await waitForJob(id) };
  }
  return { upload, waitForJob, check, confirm };
}
