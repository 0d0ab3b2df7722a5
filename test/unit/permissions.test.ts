import { describe, expect, it } from "vitest";
import { anonymous, can, permissionTable, roles, type Actor, type Permission } from "../../app/modules/accounts/permissions";

const actor = (role: Actor["role"], extra: Partial<Actor> = {}): Actor => ({ ...anonymous, role, userId: "u", ...extra });
const asset = { organizationId: "org-a", districtCode: "E07000009", wardCode: "E05011569" }; // Soham North

describe("the permission table", () => {
  it("lets anyone read the directory", () => {
    for (const role of ["anonymous", ...roles] as const) expect(can(actor(role), "directory:read")).toBe(true);
  });

  it("never lets a commissioner see a person's record", () => {
    expect(can(actor("commissioner"), "person:read")).toBe(false);
    expect(can(actor("commissioner"), "person:write")).toBe(false);
    expect(can(actor("commissioner"), "evidence:read")).toBe(true);
  });

  it("lets a provider change only their own organisation's listing", () => {
    expect(can(actor("provider", { organizationId: "org-a" }), "asset:update", asset)).toBe(true);
    expect(can(actor("provider", { organizationId: "org-b" }), "asset:update", asset)).toBe(false);
    expect(can(actor("provider", { organizationId: null }), "asset:update", asset)).toBe(false);
    expect(can(actor("provider", { organizationId: "org-a" }), "asset:review", asset)).toBe(false);
  });

  it("lets a coordinator change listings only in their localities", () => {
    const wardCoordinator = actor("coordinator", { localities: [{ districtCode: null, wardCode: "E05011569" }] });
    const otherWard = actor("coordinator", { localities: [{ districtCode: null, wardCode: "E05011561" }] });
    const district = actor("coordinator", { localities: [{ districtCode: "E07000009", wardCode: null }] });
    expect(can(wardCoordinator, "asset:update", asset)).toBe(true);
    expect(can(otherWard, "asset:update", asset)).toBe(false);
    expect(can(district, "asset:update", asset)).toBe(true);
    expect(can(actor("coordinator"), "asset:update", asset)).toBe(false);
  });

  it("keeps referrals, outcomes and diverted care to practitioners; anyone with a provider's link may answer it", () => {
    for (const role of ["anonymous", ...roles] as const) {
      expect(can(actor(role), "referral:read"), role).toBe(role === "practitioner");
      expect(can(actor(role), "referral:write"), role).toBe(role === "practitioner");
      expect(can(actor(role), "referral:respond"), role).toBe(true);
    }
  });

  it("gives administrators everything but people's records and claiming listings, and anonymous visitors nothing beyond reading, suggesting, asking a provider or the council for help and answering a referral, message or listing link", () => {
    const notForAdministrators = (permission: Permission) =>
      permission.startsWith("person:") || permission === "referral:read" || permission === "referral:write" || permission === "asset:claim";
    for (const permission of Object.keys(permissionTable) as Permission[]) {
      expect(can(actor("administrator"), permission, asset), permission).toBe(!notForAdministrators(permission));
      const anonymousMay =
        permission === "directory:read" || permission === "account:sign-in" || permission === "referral:respond" || permission === "asset:suggest" ||
        permission === "asset:ask" || permission === "request:ask" || permission === "message:reply" || permission === "listing:answer-link";
      expect(can(anonymous, permission, asset), permission).toBe(anonymousMay);
    }
  });
});
