/** `npm run atlas -- referral-reminders` as an operator runs it: a real process on its own database. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { asc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.server";
import { mailOutbox, referrals, services } from "../../db/schema";
import { copyPgliteTemplate } from "../support/database";
import { insertPerson, practitionerId } from "../support/caseload-people";
import { projectRoot } from "../support/paths";

const atlas = (args: string[], dataDir: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "app/cli.ts", ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });

describe("the referral-reminders command", () => {
  it("reminds once about referrals waiting longer than REFERRAL_REMINDER_DAYS", async () => {
    const dataDir = copyPgliteTemplate();
    try {
      const handle = await openDatabase({ dataDir });
      // The demo seed's year of referrals includes some long waiting: count those as reminded already.
      await handle.db.update(referrals).set({ remindedAt: new Date() }).where(isNull(referrals.remindedAt));
      const person = await insertPerson(handle.db, await practitionerId(handle.db), { reference: "CLI-0001" });
      const [listing] = await handle.db.select({ id: services.id }).from(services).where(eq(services.listingStatus, "published")).orderBy(asc(services.name)).limit(1);
      const waiting = (days: number) => ({
        personId: person.id,
        serviceId: listing!.id,
        kind: "referral" as const,
        status: "referred" as const,
        consentToShare: true,
        sharedSummary: "Summary",
        statusChangedAt: new Date(Date.now() - days * 86_400_000),
      });
      await handle.db.insert(referrals).values([waiting(10), waiting(3)]);
      await handle.close();

      // A shorter threshold than the default 14 days, set as an operator would; the app on port 4123.
      const first = atlas(["referral-reminders", "--json"], dataDir, { REFERRAL_REMINDER_DAYS: "7", PORT: "4123", PUBLIC_URL: "" });
      expect(first.stderr).toBe("");
      expect(first.status).toBe(0);
      expect(JSON.parse(first.stdout)).toEqual({ remindersSent: 1 });
      const second = atlas(["referral-reminders"], dataDir, { REFERRAL_REMINDER_DAYS: "7" });
      expect(second.status).toBe(0);
      expect(second.stdout).toContain("Referral reminders sent: 0");

      const check = await openDatabase({ dataDir });
      const mails = await check.db.select().from(mailOutbox).where(eq(mailOutbox.subject, "A referral has waited 10 days for an answer (CLI-0001)"));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toBe("practitioner@demo.example.org");
      // Without PUBLIC_URL the link points at the app's own port (PORT), not a guess.
      expect(mails[0]!.body).toMatch(/See CLI-0001's support: http:\/\/localhost:4123\/people\/[0-9a-f-]{36}\/support/);
      await check.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
