import { describe, expect, it } from "vitest";
import { stableId } from "../../db/vocabulary/ids";

describe("stable ids", () => {
  it("are valid version 5 UUIDs, the same every time", () => {
    const id = stableId("service", "ely-lunch-club-1");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableId("service", "ely-lunch-club-1")).toBe(id);
  });

  it("differ by namespace and by key", () => {
    expect(stableId("location", "a")).not.toBe(stableId("service", "a"));
    expect(stableId("service", "a")).not.toBe(stableId("service", "b"));
  });
});
