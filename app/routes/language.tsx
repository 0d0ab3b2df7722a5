import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requirePermission } from "../modules/accounts/permissions.server";
import { languageCookieHeader } from "../modules/i18n/language.server";
import { isLanguage } from "../modules/i18n/languages";
import { safeRedirect } from "../modules/accounts/sign-in-form";
import { invariantResponse } from "../modules/errors/app-error";

/** The language switcher: a plain link (works without JavaScript) that remembers the choice in a cookie and goes back. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "directory:read");
  const url = new URL(request.url);
  const asked = url.searchParams.get("lang");
  // Only back to a page on this site (the same rule as after signing in).
  const back = safeRedirect(url.searchParams.get("return"), "/");
  invariantResponse(isLanguage(asked), "Choose English or Polski.");
  return redirect(back, { headers: { "Set-Cookie": languageCookieHeader(asked) } });
}
