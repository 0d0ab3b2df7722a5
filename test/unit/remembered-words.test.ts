import { describe, expect, it } from "vitest";
import { en } from "../../app/locales/en";
import { i18nFor, plainI18n } from "../../app/modules/i18n/i18n";
import type { Language } from "../../app/modules/i18n/languages";

/** Every message key, with plural suffixes taken off (i18next adds them from `count`). */
function keysOf(messages: object, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([name, value]) =>
    typeof value === "object" && value !== null ? keysOf(value as object, `${prefix}${name}.`) : [`${prefix}${name.replace(/_(zero|one|two|few|many|other)$/, "")}`],
  );
}

/** i18next as it is, with nothing remembered: what the remembering `t` must always agree with. */
const plainT = (language: Language) => plainI18n(language).t as unknown as (key: string, options?: unknown) => unknown;

const keys = [...new Set(keysOf(en))];
const optionSets: Array<Record<string, unknown> | undefined> = [
  undefined,
  ...[0, 1, 2, 5, 22].map((count) => ({ count, text: "lunch club", where: " near Soham", page: 2, pages: 3, max: 200, name: "Ely Lunch Club" })),
  { count: 3, text: "walking" },
];

describe("the remembering translator", () => {
  for (const language of ["en", "pl"] as const) {
    it(`gives exactly what i18next gives, first time and every time after (${language})`, () => {
      const remembered = i18nFor(language).t as unknown as (key: string, options?: unknown) => unknown;
      const plain = plainT(language);
      let compared = 0;
      for (const key of keys) {
        for (const options of optionSets) {
          const expected = plain(key, options);
          expect(remembered(key, options), `${key} ${JSON.stringify(options)}`).toEqual(expected);
          expect(remembered(key, options), `${key} again`).toEqual(expected);
          compared += 1;
        }
      }
      // Enough keys that a cache mixing them up would be caught (the message files have hundreds).
      expect(compared).toBeGreaterThan(keys.length * optionSets.length - 1);
      expect(keys.length).toBeGreaterThan(300);
    });
  }

  it("keeps different values apart: a count, a name or a language is part of what it remembers", () => {
    const t = i18nFor("en").t as unknown as (key: string, options?: unknown) => string;
    const tPl = i18nFor("pl").t as unknown as (key: string, options?: unknown) => string;
    expect(t("layout.shortlist", { count: 1 })).toBe("Shortlist (1)");
    expect(t("layout.shortlist", { count: 2 })).toBe("Shortlist (2)");
    expect(t("layout.shortlist", { count: "2" })).toBe("Shortlist (2)");
    expect(tPl("layout.shortlist", { count: 2 })).not.toBe(t("layout.shortlist", { count: 2 }));
    expect(t("search.forText", { text: "lunch" })).not.toBe(t("search.forText", { text: "swimming" }));
  });

  it("passes objects through untouched rather than remembering them", () => {
    const t = i18nFor("en").t as unknown as (key: string, options?: unknown) => unknown;
    const layout = t("layout", { returnObjects: true }) as Record<string, unknown>;
    expect(layout.skip).toBe("Skip to main content");
    const nested = { count: 1, nested: { a: 1 } };
    expect(t("layout.shortlist", nested)).toBe("Shortlist (1)");
  });
});
