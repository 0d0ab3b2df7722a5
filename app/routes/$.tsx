/** Any address no other route claims: the friendly 404 from the root ErrorBoundary. */
export async function loader() {
  throw new Response("Page not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
