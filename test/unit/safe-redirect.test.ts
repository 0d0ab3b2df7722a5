import { describe, expect, it } from "vitest";
import { safeRedirect } from "../../app/modules/accounts/sign-in-form";
import { hostileRedirectTargets } from "../support/hostile-input";

const site = "http://127.0.0.1:3000";

describe("redirect targets", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeRedirect("/evidence?from=2026-01#chart")).toBe("/evidence?from=2026-01#chart");
    expect(safeRedirect("/people/123/support")).toBe("/people/123/support");
    expect(safeRedirect("/search?q=caf%C3%A9")).toBe("/search?q=caf%C3%A9");
  });

  it("turns anything else into the safe default, and never throws", () => {
    for (const target of [...hostileRedirectTargets, "", null, undefined, "account", "?x=1", "#top"]) {
      const result = safeRedirect(target, "/account");
      expect(result.startsWith("/") && !result.startsWith("//") && !result.startsWith("/\\"), JSON.stringify(target)).toBe(true);
      expect(new URL(result, site).origin, JSON.stringify(target)).toBe(site);
      const unsafe = [...result].some((character) => character.charCodeAt(0) <= 0x20 || character.charCodeAt(0) === 0x7f || /\s/.test(character));
      expect(unsafe, `${JSON.stringify(target)} → ${JSON.stringify(result)}`).toBe(false);
    }
    expect(safeRedirect("//evil.example/x", "/shortlist")).toBe("/shortlist");
    expect(safeRedirect("/\t/evil.example/phish")).toBe("/account");
  });
});
