import { z } from "zod";

/** The sign-in form, shared by page and server. */
export const signInSchema = z.object({
  email: z
    .string({ required_error: "Enter your email address" })
    .trim()
    .min(1, "Enter your email address")
    .max(320, "Email address must be 320 characters or fewer")
    .email("Enter an email address in the correct format, like name@example.org"),
  password: z
    .string({ required_error: "Enter your password" })
    .min(1, "Enter your password")
    .max(1000, "Password must be 1,000 characters or fewer"),
  redirectTo: z.string().optional(),
});

/** Only paths on this site: never an open redirect to somebody else's. */
export function safeRedirect(target: string | null | undefined, fallback = "/account"): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
