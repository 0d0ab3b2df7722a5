/**
 * Where the project's own files are read from: the migrations, the SQL functions and the
 * reference data under db/. ATLAS_ROOT names the folder (for a start from another folder, or a
 * test that builds its own copy); unset, it is the folder the process was started in. The app's
 * environment schema (app/env.server.ts) checks the same setting with the same rule, so a bad
 * value stops the server at start with the other configuration problems.
 */
import path from "node:path";
import process from "node:process";
import { z } from "zod";

export const atlasRootSetting = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined))
  .refine((value) => value === undefined || path.isAbsolute(value), "must be an absolute path, such as /srv/asset-atlas");

/** The project's folder, from ATLAS_ROOT or the working folder. */
export function projectRoot(env: Record<string, string | undefined> = process.env): string {
  const parsed = atlasRootSetting.safeParse(env.ATLAS_ROOT);
  if (!parsed.success) throw new Error(`Configuration problem: ATLAS_ROOT ${parsed.error.issues[0]!.message}.`);
  return parsed.data ?? process.cwd();
}

/** A path inside the project, such as projectPath("db/migrations"). */
export function projectPath(relative: string): string {
  return path.resolve(projectRoot(), relative);
}
