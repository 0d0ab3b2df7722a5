import { describe, expect, it } from "vitest";
import { askForHelpHref, askHelpSchema, ukPhone } from "../../app/modules/requests/ask-for-help-form";

describe("the ask-for-help form's checks", () => {
  it("takes UK phone numbers however they are written and refuses what is not one", () => {
    expect(ukPhone("01353 665555")).toBe("01353 665555");
    expect(ukPhone("(01353) 665-555")).toBe("01353 665555");
    expect(ukPhone("+44 7700 900123")).toBe("07700 900123");
    expect(ukPhone("+44 (0)20 7946 0000")).toBe("020 7946 0000");
    expect(ukPhone("0044 1223 123456")).toBe("01223 123456");
    for (const wrong of ["01353 6655", "12345", "00000 000000", "+1 415 555 0100", "call me", "07700 900123 ext 4", "07700 9001234567"]) {
      expect(ukPhone(wrong), wrong).toBeNull();
    }
  });

  it("reports every problem at once, as locale keys", () => {
    const result = askHelpSchema.safeParse({ contactName: "", askedFor: "", contactPhone: "", contactEmail: "" });
    expect(result.success).toBe(false);
    const fields = result.success ? [] : result.error.issues.map((issue) => `${issue.path[0]}:${issue.message}`);
    expect(fields.sort()).toEqual([
      "askedFor:askHelp.errors.askedFor",
      "consent:askHelp.errors.consent",
      "contactName:askHelp.errors.name",
      "contactPhone:askHelp.errors.noContact",
      "who:askHelp.errors.who",
    ]);
  });

  it("links to the form with only what is given", () => {
    expect(askForHelpHref()).toBe("/ask-for-help");
    expect(askForHelpHref({ for: "someone", where: "CB7 5BX", back: "/what-matters/results?who=someone" })).toBe(
      "/ask-for-help?for=someone&where=CB7+5BX&back=%2Fwhat-matters%2Fresults%3Fwho%3Dsomeone",
    );
  });
});
