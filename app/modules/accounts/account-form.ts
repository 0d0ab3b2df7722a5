import { z } from "zod";
import { roles } from "./permissions";
import { emailField } from "./sign-in-form";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Role, organisation and localities: shared by the invite and edit forms. */
const accessFields = {
  role: z.enum(roles, { errorMap: () => ({ message: "Choose a role" }) }),
  organizationId: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || uuid.test(value), "Choose an organisation from the list"),
  localities: z
    .array(z.string().regex(/^(district|ward):E\d{8}$/, "Choose localities from the list"))
    .max(50)
    .default([]),
};

function checkAccess<T extends { role: string; organizationId?: string; localities: string[] }>(value: T, context: z.RefinementCtx) {
  if (value.role === "provider" && !value.organizationId) {
    context.addIssue({ code: "custom", path: ["organizationId"], message: "Choose the organisation this provider works for" });
  }
  if (value.role === "coordinator" && value.localities.length === 0) {
    context.addIssue({ code: "custom", path: ["localities"], message: "Choose at least one locality for this coordinator" });
  }
}

export const inviteSchema = z
  .object({
    email: emailField("Enter their email address"),
    displayName: z
      .string({ required_error: "Enter their name" })
      .trim()
      .min(1, "Enter their name")
      .max(120, "Name must be 120 characters or fewer"),
    ...accessFields,
  })
  .superRefine(checkAccess);

export const accessSchema = z.object(accessFields).superRefine(checkAccess);

/** The council identity provider's subject (`sub`) for an account; empty unlinks it. */
export const oidcSubjectSchema = z.object({
  oidcSubject: z
    .string()
    .trim()
    .max(255, "The identifier must be 255 characters or fewer")
    .refine((value) => /^[\x21-\x7e]*$/.test(value), "The identifier cannot contain spaces or control characters")
    .transform((value) => (value === "" ? null : value)),
});

export function parseLocality(value: string): { districtCode: string | null; wardCode: string | null } {
  const [kind, code] = value.split(":") as [string, string];
  return kind === "district" ? { districtCode: code, wardCode: null } : { districtCode: null, wardCode: code };
}
