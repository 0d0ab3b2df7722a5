/**
 * The short "Something has changed" form a provider fills in from an emailed link: the details
 * people most often need to correct, in the listing form's own rules, and anything else in
 * their words. Shared by the page and the action.
 */
import { z } from "zod";
import { assetFormShape, type AssetInput } from "../assets/asset-form";
import { describe, fieldNames } from "../assets/change-summary";

const empty = (value: string | null) => (value === "" ? null : value);

export const changeByLinkSchema = z
  .object({
    description: assetFormShape.description,
    contactName: assetFormShape.contactName,
    phone: assetFormShape.phone.transform(empty),
    email: assetFormShape.email.transform((value) => (value === "" ? null : value.toLowerCase())),
    website: assetFormShape.website.transform(empty),
    note: z
      .string()
      .optional()
      .transform((value) => value?.trim() ?? "")
      .pipe(z.string().max(2000, "What else has changed must be 2,000 characters or fewer"))
      .transform(empty),
  });

export type ChangeByLink = z.output<typeof changeByLinkSchema>;

/** The listing with the provider's answer in place of the details the form shows. */
export function withChangeByLink(current: AssetInput, change: ChangeByLink): AssetInput {
  return { ...current, description: change.description, contactName: change.contactName, phone: change.phone, email: change.email, website: change.website };
}

/** Whether the answer changes anything or says something: an empty answer is refused. */
export function saysSomething(current: AssetInput, change: ChangeByLink): boolean {
  const next = withChangeByLink(current, change);
  return change.note !== null || (["description", "contactName", "phone", "email", "website"] as const).some((field) => (current[field] ?? null) !== (next[field] ?? null));
}

/** What the provider is asked to check: the details people act on, in words. */
export function checkedDetails(listing: AssetInput): { label: string; value: string }[] {
  const where = [listing.venueName, listing.address1, listing.address2, listing.town, listing.postcode].filter(Boolean).join(", ");
  const fields: Array<keyof AssetInput> = ["description", "schedules", "isFree", "sessionPricePence", "hourlyRatePence", "fees", "capacity", "contactName", "phone", "email", "website"];
  return [
    { label: "Name", value: listing.name },
    { label: "Where", value: where || "(none)" },
    ...fields
      .filter((field) => field === "description" || field === "schedules" || field === "isFree" || (listing[field] !== null && listing[field] !== undefined))
      .map((field) => ({ label: field === "isFree" ? "Free to attend" : fieldNames[field], value: describe(field, listing[field]) })),
  ];
}
