import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../modules/accounts/permissions.server";
import { exportListings } from "../modules/imports/export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "asset:export");
  return exportListings(db, actor, "oruk");
}
