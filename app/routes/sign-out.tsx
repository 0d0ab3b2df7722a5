import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requirePermission } from "../modules/accounts/permissions.server";
import { endSession } from "../modules/accounts/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "account:self");
  throw redirect("/", { headers: { "Set-Cookie": await endSession(db, request) } });
}

export async function loader() {
  // Signing out changes something, so it is a form post; a plain visit goes home.
  throw redirect("/");
}
