/**
 * The page's words in the page's language: the i18next instance the root layout provides, and
 * its `t`. react-i18next's own hook copies the whole instance on every call during a server
 * render (a wrapper it keeps for re-renders in the browser), which cost the search page more
 * than any other function; ours are one instance per language that never changes, so the
 * instance and its `t` serve as they are.
 */
import { useContext } from "react";
import { I18nContext } from "react-i18next";
import { i18nFor } from "./i18n";
import { defaultLanguage } from "./languages";

export function useT() {
  const i18n = useContext(I18nContext)?.i18n ?? i18nFor(defaultLanguage);
  return { t: i18n.t, i18n };
}
