import { config } from "../../env.server";
import { languageCookieName, type Language } from "./languages";

/** A preference, not personal data: a year, readable by no script, sent only to this site. */
export function languageCookieHeader(language: Language): string {
  return `${languageCookieName}=${language}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly${config().cookieSecure ? "; Secure" : ""}`;
}
