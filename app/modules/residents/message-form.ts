/**
 * "Ask about a place": what a resident may send a provider through the site, and the provider's
 * reply. We ask for as little as we can: an email to send the reply to, an optional name, the
 * question, and consent to keep it until the provider has answered. Shared by client and server.
 */
import { z } from "zod";

export const maxMessageLength = 2000;

const trimmed = z
  .string()
  .optional()
  .transform((value) => value?.trim() ?? "");

export const residentEmail = trimmed.pipe(
  z.string().min(1, "Enter your email address, so we can send you the reply").max(200, "Enter an email address of 200 characters or fewer").email("Enter an email address like name@example.org"),
).transform((value) => value.toLowerCase());

export const askProviderSchema = z.object({
  name: trimmed.pipe(z.string().max(100, "Your name must be 100 characters or fewer")).transform((value) => (value === "" ? null : value)),
  email: residentEmail,
  message: trimmed.pipe(
    z
      .string()
      .min(1, "Write your question, for example whether they have a place on Tuesdays")
      .max(maxMessageLength, `Your message must be ${maxMessageLength.toLocaleString("en-GB")} characters or fewer`),
  ),
  consent: z.literal("yes", { errorMap: () => ({ message: "Tick the box to agree to us keeping your message and email until the provider answers" }) }),
});

export const providerReplySchema = z.object({
  reply: trimmed.pipe(
    z.string().min(1, "Write your answer").max(maxMessageLength, `Your answer must be ${maxMessageLength.toLocaleString("en-GB")} characters or fewer`),
  ),
});
