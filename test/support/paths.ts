import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const tmpRoot = path.join(projectRoot, ".tmp");
export const pgliteTemplateDir = path.join(tmpRoot, "templates", "pglite");
export const postgresTemplateName = "atlas_test_template";
