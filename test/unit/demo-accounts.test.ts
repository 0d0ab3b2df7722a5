import argon2 from "argon2";
import { describe, expect, it } from "vitest";
import { demoPassword, demoPasswordHash } from "../../db/seed/demo-accounts";

describe("the demo accounts' password", () => {
  // argon2id is slow on purpose (64 MiB, three passes): several seconds on a busy machine.
  it("is stored as an argon2id hash of the published demo password, which sign-in verifies", { timeout: 30_000 }, async () => {
    expect(demoPasswordHash).toMatch(/^\$argon2id\$/);
    expect(await argon2.verify(demoPasswordHash, demoPassword)).toBe(true);
    expect(await argon2.verify(demoPasswordHash, `${demoPassword}x`)).toBe(false);
  });
});
