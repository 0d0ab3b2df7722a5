import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requirePermission } from "../modules/accounts/permissions.server";
import { languageCookieHeader } from "../modules/i18n/language.server";
import { isLanguage, safeReturnPath } from "../modules/i18n/languages";

/** The language switcher: a plain link (works without JavaScript) that remembers the choice in a cookie and goes back. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "directory:read");
  const url = new URL(request.url);
  const asked = url.searchParams.get("lang");
  const back = safeReturnPath(url.searchParams.get("return"));
  if (!isLanguage(asked)) throw new Response("Choose English or Polski.", { status: 400 });
  return redirect(back, { headers: { "Set-Cookie": languageCookieHeader(asked) } });
}
