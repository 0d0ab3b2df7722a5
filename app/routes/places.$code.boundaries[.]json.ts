import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../modules/accounts/permissions.server";
import { districtBoundaries, wardBoundary } from "../modules/places/boundaries.server";

/**
 * GET /places/{district or ward code}/boundaries.json: GeoJSON for the maps, fetched by the
 * browser after the page has loaded, so people without JavaScript never download it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "directory:read");
  const code = params.code ?? "";
  const collection = code.startsWith("E05") ? await wardBoundary(db, code) : await districtBoundaries(db, code);
  if (!collection) {
    return Response.json({ error: "No district or ward has that code." }, { status: 404 });
  }
  return Response.json(collection, { headers: { "Cache-Control": "public, max-age=86400" } });
}
