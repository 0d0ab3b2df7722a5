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

/** Only paths on this site: never an open redirect to somebody else's. */
export function safeRedirect(target: string | null | undefined, fallback = "/account"): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
