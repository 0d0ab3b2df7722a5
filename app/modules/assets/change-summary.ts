/**
 * A proposed change to a listing in words, field by field, for the coordinator who checks it:
 * "Opening times: Tuesdays 10:00 to 12:00 → Tuesdays and Thursdays 10:00 to 12:00".
 */
import { accessibilityFeatures, needName } from "../../../db/vocabulary/needs";
import type { AssetInput } from "./asset-form";
import { describeDays, formatHourlyRate } from "./format";
import { assetKindName } from "../../../db/vocabulary/kinds";
import { deliveryName } from "../../../db/vocabulary/delivery";

export const fieldNames: Record<keyof AssetInput, string> = {
  name: "Name",
  description: "Description",
  kind: "Kind of asset",
  organisation: "Organisation",
  delivery: "How it reaches people",
  postcode: "Postcode",
  latitude: "Pin (latitude)",
  longitude: "Pin (longitude)",
  venueName: "Venue",
  address1: "Address line 1",
  address2: "Address line 2",
  town: "Town or village",
  schedules: "Opening times",
  isFree: "Free",
  hourlyRatePence: "Hourly rate",
  sessionPricePence: "Price of a session",
  fees: "Fees",
  capacity: "Places or hours",
  minimumAge: "Youngest age",
  maximumAge: "Oldest age",
  eligibilityConditions: "Who it is for",
  needs: "Needs it meets",
  accessibility: "Accessibility",
  accessibilityNote: "Accessibility note",
  directPayment: "Direct Payment",
  contactName: "Contact name",
  phone: "Phone",
  email: "Email",
  website: "Website",
  serviceArea: "Area it serves",
};

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** Each field that differs, in the form's order, as words. */
export function summariseChange(current: AssetInput, proposed: AssetInput, areaName: (value: string) => string = (value) => value): FieldChange[] {
  return (Object.keys(fieldNames) as Array<keyof AssetInput>)
    .filter((field) => JSON.stringify(current[field] ?? null) !== JSON.stringify(proposed[field] ?? null))
    .map((field) => ({
      field,
      label: fieldNames[field],
      before: describe(field, current[field], areaName),
      after: describe(field, proposed[field], areaName),
    }));
}

/** One field's value in words; "(none)" when empty. */
export function describe(field: keyof AssetInput, value: unknown, areaName: (value: string) => string = (value) => value): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return "(none)";
  switch (field) {
    case "kind":
      return assetKindName(String(value));
    case "delivery":
      return deliveryName(String(value));
    case "needs":
      return (value as string[]).map(needName).join(", ");
    case "accessibility":
      return (value as string[]).map((code) => accessibilityFeatures.find((feature) => feature.code === code)?.name ?? code).join(", ");
    case "schedules":
      return (value as AssetInput["schedules"]).map((schedule) => `${describeDays(schedule.days.join(",")) ?? schedule.days.join(", ")} ${schedule.opensAt} to ${schedule.closesAt}`).join("; ");
    case "hourlyRatePence":
      return formatHourlyRate(Number(value));
    case "sessionPricePence":
      return `£${(Number(value) / 100).toFixed(2)} a session`;
    case "capacity": {
      const capacity = value as NonNullable<AssetInput["capacity"]>;
      const unit = capacity.unit === "hours_per_week" ? "hours a week" : "places";
      const waiting = capacity.waitingList ? `, waiting list${capacity.waitingListWeeks ? ` of about ${capacity.waitingListWeeks} weeks` : ""}` : "";
      return `${capacity.available} of ${capacity.total} ${unit} free${waiting}`;
    }
    case "serviceArea":
      return areaName(String(value));
    default:
      if (typeof value === "boolean") return value ? "Yes" : "No";
      return String(value);
  }
}
