/**
 * How a listing is delivered, in the words the listing form, the CSV file and the docs use. It
 * decides where a listing serves: a place people come to serves whoever can travel to it
 * (distance and the person's travel limit decide); support that comes to the home, or works by
 * phone or online, serves the area it declares (docs/decisions/0027-delivery-and-requests.md).
 */
import type { delivery } from "../schema/directory";

export type DeliveryCode = (typeof delivery.enumValues)[number];

export const deliveryChoices = [
  {
    code: "at_venue",
    name: "People come to a place",
    hint: "A lunch club, group, class or drop-in. Distance and each person's travel limit decide who it serves, not the area below.",
  },
  {
    code: "to_home",
    name: "It comes to people's homes",
    hint: "A personal assistant, home help or visiting scheme. It serves the area it covers: choose it below.",
  },
  {
    code: "remote",
    name: "By phone or online",
    hint: "A phone line, call-back or online service. It serves the area chosen below.",
  },
] as const satisfies ReadonlyArray<{ code: DeliveryCode; name: string; hint: string }>;

export const deliveryCodes = deliveryChoices.map((choice) => choice.code) as [DeliveryCode, ...DeliveryCode[]];

export function deliveryName(code: string): string {
  return deliveryChoices.find((choice) => choice.code === code)?.name ?? code;
}

/** Other plain words a spreadsheet may hold for each (lower case, spaces for underscores and dashes). */
const synonyms: Record<string, DeliveryCode> = {
  "at venue": "at_venue",
  venue: "at_venue",
  "people come here": "at_venue",
  "people come to a place": "at_venue",
  "to home": "to_home",
  "at home": "to_home",
  "home visits": "to_home",
  "comes to homes": "to_home",
  "comes to people's homes": "to_home",
  "it comes to people's homes": "to_home",
  remote: "remote",
  "by phone or online": "remote",
  "phone or online": "remote",
  phone: "remote",
  online: "remote",
};

/**
 * A delivery as typed in a file, in plain words or the code, any case: the code, null for a
 * blank (the default rule decides), or undefined for anything else.
 */
export function parseDelivery(typed: string): DeliveryCode | null | undefined {
  const words = typed.trim().toLowerCase().replace(/[’‘]/g, "'").replace(/[_-]+/g, " ").replace(/\s+/g, " ");
  if (words === "") return null;
  return synonyms[words];
}
