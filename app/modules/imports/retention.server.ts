/**
 * Uploaded import files are personal data in a small way: listings name contact people, and a
 * job records who uploaded it. Files are emptied once imported; jobs go after 30 days.
 */
import { eq, lt } from "drizzle-orm";
import { importJobs, users } from "../../../db/schema";
import type { PersonalDataSource } from "../privacy/personal-data.server";

export const importJobRetentionDays = 30;

export const importJobSource: PersonalDataSource = {
  name: "import files",
  description: `Listing files uploaded for import (they may name contact people) and who uploaded them; deleted ${importJobRetentionDays} days after upload.`,
  async applyRetention(db, _policy, now) {
    const removed = await db
      .delete(importJobs)
      .where(lt(importJobs.createdAt, new Date(now.getTime() - importJobRetentionDays * 86_400_000)))
      .returning({ id: importJobs.id });
    return removed.length;
  },
  async exportSubject(db, subject) {
    if (!subject.email) return [];
    return db
      .select({ id: importJobs.id, fileName: importJobs.fileName, format: importJobs.format, status: importJobs.status, createdAt: importJobs.createdAt })
      .from(importJobs)
      .innerJoin(users, eq(users.id, importJobs.createdBy))
      .where(eq(users.email, subject.email.trim().toLowerCase()));
  },
  async eraseSubject(db, subject) {
    if (!subject.email) return 0;
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, subject.email.trim().toLowerCase()));
    if (!user) return 0;
    const updated = await db.update(importJobs).set({ createdBy: null, actor: {} }).where(eq(importJobs.createdBy, user.id)).returning({ id: importJobs.id });
    return updated.length;
  },
};
