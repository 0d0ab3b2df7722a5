/**
 * The SQL functions and triggers in force, one file each in db/functions/ (a function with the
 * triggers that call it). The generated migrations build the tables; these files hold the rules,
 * so a reader finds the definition in force in one place instead of in whichever migration
 * redefined it last. `migrate()` applies a file after the migrations whenever its text has
 * changed (a checksum per file in app_meta), in one transaction; an unchanged file is not
 * touched, so a restart takes no table locks. See docs/decisions/0020-sql-rules-in-files.md.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { like, sql } from "drizzle-orm";
import type { Database } from "./client.server";
import { appMeta } from "./schema";
import { projectPath } from "./project-root";

export const functionsFolder = projectPath("db/functions");

export interface FunctionFile {
  name: string;
  statements: string[];
  checksum: string;
}

/** Every file, in name order, split at the migrations' own `--> statement-breakpoint` marker. */
export function readFunctionFiles(folder = functionsFolder): FunctionFile[] {
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(folder, file), "utf8");
      return {
        name: file.slice(0, -".sql".length),
        statements: text.split("--> statement-breakpoint").map((part) => part.trim()).filter((part) => part.length > 0),
        checksum: createHash("sha256").update(text).digest("hex"),
      };
    });
}

const metaKey = (name: string) => `function:${name}`;

/** Applies the files whose text differs from what this database last applied; returns their names. */
export async function applyFunctions(db: Database, folder = functionsFolder): Promise<string[]> {
  const files = readFunctionFiles(folder);
  const applied = new Map((await db.select().from(appMeta).where(like(appMeta.key, "function:%"))).map((row) => [row.key, row.value]));
  const changed = files.filter((file) => applied.get(metaKey(file.name)) !== file.checksum);
  if (changed.length === 0) return [];
  await db.transaction(async (tx) => {
    for (const file of changed) {
      for (const statement of file.statements) await tx.execute(sql.raw(statement));
      await tx
        .insert(appMeta)
        .values({ key: metaKey(file.name), value: file.checksum })
        .onConflictDoUpdate({ target: appMeta.key, set: { value: file.checksum, updatedAt: new Date() } });
    }
  });
  return changed.map((file) => file.name);
}
