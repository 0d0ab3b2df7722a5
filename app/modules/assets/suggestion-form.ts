/**
 * The forms anyone can send about listings, without an account, and the coordinator's answer.
 * Shared by client and server. We ask for as little as we can: an email only if the person
 * wants a reply.
 */
import { z } from "zod";
import { normalisePostcode } from "./asset-form";

const trimmed = z
  .string()
  .optional()
  .transform((value) => value?.trim() ?? "");
const optional = (max: number, message: string) =>
  trimmed.pipe(z.string().max(max, message)).transform((value) => (value === "" ? undefined : value));
const replyEmail = trimmed.pipe(
  z.union([z.literal(""), z.string().email("Enter an email address like name@example.org, or leave it empty").max(200)]),
).transform((value) => (value === "" ? null : value.toLowerCase()));

export const suggestListingSchema = z.object({
  name: trimmed.pipe(z.string().min(1, "Enter the name of the group or service").max(200, "The name must be 200 characters or fewer")),
  description: trimmed.pipe(
    z.string().min(1, "Say what it offers, in a sentence or two").max(2000, "The description must be 2,000 characters or fewer"),
  ),
  organisation: optional(200, "The organisation's name must be 200 characters or fewer"),
  postcode: trimmed
    .refine((value) => value === "" || normalisePostcode(value) !== null, "Enter a full postcode, like CB7 4AA, or leave it empty")
    .transform((value) => (value === "" ? undefined : normalisePostcode(value)!)),
  phone: optional(30, "Enter a phone number like 01353 123456"),
  website: optional(500, "The website address must be 500 characters or fewer"),
  email: replyEmail,
});

export const reportProblemSchema = z.object({
  message: trimmed.pipe(
    z.string().min(1, "Tell us what is wrong with the listing").max(2000, "Your message must be 2,000 characters or fewer"),
  ),
  email: replyEmail,
});

export const resolveSuggestionSchema = z.object({
  decision: z.enum(["accept", "reject"], { errorMap: () => ({ message: "Choose whether to accept or reject it" }) }),
  reply: optional(2000, "The reply must be 2,000 characters or fewer"),
});

export const claimSchema = z.object({
  message: trimmed.pipe(
    z
      .string()
      .min(1, "Say how you are connected to this listing, so the coordinator can check")
      .max(1000, "Your message must be 1,000 characters or fewer"),
  ),
});

export const claimDecisionSchema = z.object({
  claim: z.string().uuid("Choose a claim"),
  decision: z.enum(["approve", "refuse"], { errorMap: () => ({ message: "Choose whether to approve or refuse the claim" }) }),
});
