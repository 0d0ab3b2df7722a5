import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../support/paths";

// Start-up runs the setup command first (as `npm start` does); a partial OIDC_* set stops it.
describe("start-up with part of the council sign-in configuration", () => {
  it("stops with one line naming the missing variable", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), path.join(projectRoot, "app/setup.ts")],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          OIDC_ISSUER: "https://login.example.gov.uk",
          OIDC_CLIENT_ID: "asset-atlas",
          OIDC_REDIRECT_URI: "https://atlas.example.gov.uk/auth/oidc/callback",
          OIDC_CLIENT_SECRET: "",
        },
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Asset Atlas cannot start: Configuration problem: OIDC_CLIENT_SECRET is not set\./);
  });
});
