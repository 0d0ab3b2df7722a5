import { useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "../root";

/** The session's anti-forgery token, for every form a signed-in person posts. */
export function CsrfField() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  return root?.csrfToken ? <input type="hidden" name="csrf" value={root.csrfToken} /> : null;
}
