/** Sending a shortlist to oneself or a relative: by email or by text message. Shared by client and server. */
import { z } from "zod";
import { residentEmail } from "../residents/message-form";

/** "07700 900123", "+44 7700 900123" → "+447700900123"; null if it is not a UK mobile number. */
export function normaliseMobile(typed: string): string | null {
  const digits = typed.replace(/[\s()\-.]/g, "");
  const match = /^(?:\+44|0044|0)(7\d{9})$/.exec(digits);
  return match ? `+44${match[1]}` : null;
}

export const sendByEmailSchema = z.object({ email: residentEmail });

export const sendByTextSchema = z.object({
  mobile: z
    .string()
    .optional()
    .transform((value) => value?.trim() ?? "")
    .pipe(z.string().min(1, "Enter a mobile number, like 07700 900123").max(30, "Enter a UK mobile number, like 07700 900123"))
    .transform((value, context) => {
      const mobile = normaliseMobile(value);
      if (!mobile) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "Enter a UK mobile number, like 07700 900123 (texts cannot go to a landline)" });
        return z.NEVER;
      }
      return mobile;
    }),
});
