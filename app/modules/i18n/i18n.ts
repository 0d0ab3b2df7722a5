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
    instance = i18next.createInstance();
    void instance.init({
      lng: language,
      fallbackLng: defaultLanguage,
      resources: { en: { translation: en }, pl: { translation: pl } },
      // React escapes what it renders; escaping here too would show "&amp;".
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    instances.set(language, instance);
  }
  return instance;
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
