/** The coordinator's answer to a provider's changes: approve, or reject with a reason the provider is told. */
import { z } from "zod";

export const changeDecisionSchema = z
  .object({
    change: z.string().uuid("These changes have been replaced or already dealt with: reload the page"),
    decision: z.enum(["approve", "reject"], { errorMap: () => ({ message: "Choose whether to approve or reject the changes" }) }),
    reason: z
      .string()
      .optional()
      .transform((value) => value?.trim() ?? "")
      .pipe(z.string().max(500, "The reason must be 500 characters or fewer")),
  })
  .superRefine((value, context) => {
    if (value.decision === "reject" && value.reason === "") {
      context.addIssue({ code: "custom", path: ["reason"], message: "Say why you are rejecting the changes: the provider is told" });
    }
  });
