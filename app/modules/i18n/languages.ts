/**
 * The languages the public pages are offered in, and how a request says which it wants:
 * `?lang=` on the address first (so a link can show a page in a language), then the language
 * cookie the switcher sets, then English. Shared by server and browser (no data access).
 */
export const languages = [
  { code: "en", tag: "en-GB", name: "English" },
  { code: "pl", tag: "pl", name: "Polski" },
] as const;
export type Language = (typeof languages)[number]["code"];
export const defaultLanguage: Language = "en";
export const languageCookieName = "atlas_lang";

export function isLanguage(value: string | null | undefined): value is Language {
  return languages.some((language) => language.code === value);
}

export function languageTag(code: Language): string {
  return languages.find((language) => language.code === code)!.tag;
}

/** The language cookie's value in a Cookie header, if it names a language we offer. */
export function cookieLanguage(cookieHeader: string | null): Language | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === languageCookieName && isLanguage(value)) return value;
  }
  return null;
}

export function requestLanguage(request: Request): Language {
  const asked = new URL(request.url).searchParams.get("lang");
  if (isLanguage(asked)) return asked;
  return cookieLanguage(request.headers.get("cookie")) ?? defaultLanguage;
}

/** The switcher's link for a language, returning to this page (its `lang` parameter dropped). */
export function switchHref(code: Language, pathname: string, search: string): string {
  const query = new URLSearchParams(search);
  query.delete("lang");
  const rest = query.toString();
  return `/language?${new URLSearchParams({ lang: code, return: `${pathname}${rest ? `?${rest}` : ""}` }).toString()}`;
}
