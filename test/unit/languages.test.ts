import { describe, expect, it } from "vitest";
import { cookieLanguage, requestLanguage, switchHref } from "../../app/modules/i18n/languages";
import { i18nFor } from "../../app/modules/i18n/i18n";

const request = (url: string, cookie?: string) => new Request(url, { headers: cookie ? { cookie } : {} });

describe("choosing the page's language", () => {
  it("takes ?lang= first, then the cookie, then English; ignores languages we do not offer", () => {
    expect(requestLanguage(request("http://x/?lang=pl"))).toBe("pl");
    expect(requestLanguage(request("http://x/?lang=en", "atlas_lang=pl"))).toBe("en");
    expect(requestLanguage(request("http://x/", "other=1; atlas_lang=pl"))).toBe("pl");
    expect(requestLanguage(request("http://x/?lang=xx", "atlas_lang=de"))).toBe("en");
    expect(cookieLanguage(null)).toBeNull();
  });

  it("links the switcher back to the same page, without the lang parameter", () => {
    expect(switchHref("pl", "/search", "?q=lunch&lang=en&page=2")).toBe("/language?lang=pl&return=%2Fsearch%3Fq%3Dlunch%26page%3D2");
    expect(switchHref("en", "/", "")).toBe("/language?lang=en&return=%2F");
  });

  it("translates with fallback to English and leaves React to escape", () => {
    expect(i18nFor("pl").t("common.continue")).toBe("Dalej");
    expect(i18nFor("en").t("guided.errors.unknown-name", { typed: "<b>&" })).toContain("‘<b>&’");
    expect(i18nFor("pl").t("layout.shortlist", { count: 3 })).toBe("Wybrane (3)");
  });
});
