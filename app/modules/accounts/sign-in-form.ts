import { z } from "zod";

/** An email address field, with the GOV.UK pattern's messages. */
export function emailField(missing = "Enter your email address") {
  return z
    .string({ required_error: missing })
    .trim()
    .min(1, missing)
    .max(320, "Email address must be 320 characters or fewer")
    .email("Enter an email address in the correct format, like name@example.org");
}

/** The sign-in form, shared by page and server. */
export const signInSchema = z.object({
  email: emailField(),
  password: z
    .string({ required_error: "Enter your password" })
    .min(1, "Enter your password")
    .max(1000, "Password must be 1,000 characters or fewer"),
  redirectTo: z.string().optional(),
});

/**
 * Stands for this site when reading a target: only its own origin can come back out. A name
 * that cannot be registered (.invalid), so no real site is ever mistaken for it.
 */
const thisSite = "https://asset-atlas.invalid";

/**
 * Only paths on this site: never an open redirect to somebody else's, and never a 500. The
 * target is read as a browser reads a Location header (the WHATWG URL parser drops tabs and
 * newlines and treats \ as /, so "/\t/evil.example" is "//evil.example", another site), and
 * comes back re-serialised, so it holds no character a header cannot carry.
 */
export function safeRedirect(target: string | null | undefined, fallback = "/account"): string {
  if (typeof target !== "string" || !target.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(target, thisSite);
  } catch {
    return fallback;
  }
  if (url.origin !== thisSite) return fallback;
  const path = url.pathname + url.search + url.hash;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser would leave for.
  if (path.startsWith("//") || new URL(path, thisSite).origin !== thisSite) return fallback;
  return path;
}
