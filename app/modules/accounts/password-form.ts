import { z } from "zod";
import { emailField } from "./sign-in-form";

/** How long emailed links work (pages say so, so this is shared with the browser). */
export const resetLinkMinutes = 60;
export const invitationLinkDays = 7;

/** Choosing a password: long enough to be safe, short enough to hash. */
export const newPasswordSchema = z
  .object({
    password: z
      .string({ required_error: "Enter a new password" })
      .min(12, "Your password must be at least 12 characters long")
      .max(200, "Your password must be 200 characters or fewer"),
    confirm: z.string({ required_error: "Enter the password again" }).min(1, "Enter the password again"),
  })
  .refine((value) => value.password === value.confirm, {
    path: ["confirm"],
    message: "The passwords do not match",
  });

export const resetRequestSchema = z.object({ email: emailField() });
