/**
 * One i18next instance per language, built from the bundled messages (two small objects, so
 * no loading over the network and nothing asynchronous: the server renders in the chosen
 * language and the browser hydrates with the same words). docs/decisions explains the choice.
 */
import i18next, { type i18n } from "i18next";
import { en } from "../../locales/en";
import { pl } from "../../locales/pl";
import { defaultLanguage, type Language } from "./languages";

const instances = new Map<Language, i18n>();

export function i18nFor(language: Language): i18n {
  let instance = instances.get(language);
  if (!instance) {
    instance = plainI18n(language);
    instance.t = remembering(instance.t);
    instances.set(language, instance);
  }
  return instance;
}

/** A new i18next instance for a language, its `t` as i18next gives it (i18nFor's remembers). */
export function plainI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: defaultLanguage,
    resources: { en: { translation: en }, pl: { translation: pl } },
    // React escapes what it renders; escaping here too would show "&amp;".
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

/** Most words a page asks for, it asked for on the page before: at most this many are kept per language. */
const rememberedLimit = 20_000;

/**
 * A language's `t` that remembers what it said. The messages are bundled and never change while
 * the app runs, so the same key with the same plain values always gives the same words, and
 * i18next works each one out afresh (key parsing, fallbacks, plurals, interpolation): a sixth of
 * the search page's time before this. Calls with anything but plain values (objects, arrays,
 * more arguments) go straight to i18next.
 */
function remembering(translate: Translate): Translate {
  const t = translate as unknown as (...all: unknown[]) => unknown;
  const said = new Map<string, string>();
  const remembered = (...args: unknown[]) => {
    const id = args.length <= 2 ? rememberedAs(args[0], args[1]) : null;
    if (id === null) return t(...args);
    const known = said.get(id);
    if (known !== undefined) return known;
    const words = t(...args);
    if (typeof words !== "string") return words;
    if (said.size >= rememberedLimit) said.clear();
    said.set(id, words);
    return words;
  };
  return remembered as unknown as Translate;
}

/** The key a call is remembered under, or null when its arguments are not all plain values. */
function rememberedAs(key: unknown, options: unknown): string | null {
  if (typeof key !== "string") return null;
  if (options === undefined) return key;
  if (typeof options === "string") return `${key}\u0000${options}`;
  if (typeof options !== "object" || options === null || Array.isArray(options)) return null;
  let id = key;
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name];
    const type = typeof value;
    if (type !== "string" && type !== "number" && type !== "boolean" && value !== undefined) return null;
    // Long values (someone's own text) are not worth keeping: the limit counts entries, not bytes.
    if (type === "string" && (value as string).length > 200) return null;
    id += `\u0001${name}\u0002${type[0]}${String(value)}`;
  }
  return id;
}

/** A page's <title> in the page's language, for a route's `meta` (which cannot use hooks): the root loader says the language. */
export function translatedTitle(matches: ReadonlyArray<{ id: string; data: unknown }>, key: string, options: { error?: boolean; values?: Record<string, string> } = {}): string {
  const root = matches.find((match) => match.id === "root")?.data as { language?: Language } | undefined;
  const t = i18nFor(root?.language ?? defaultLanguage).t;
  return t(options.error ? "common.errorTitle" : "common.title", { page: t(key, options.values) });
}

/** A language's `t`, for code outside React (loaders, pure formatters) that builds words. */
export type Translate = i18n["t"];

/** English's `t`: the default for functions that build text, so their English callers need not pass one. */
export const english: Translate = i18nFor(defaultLanguage).t;
