/** The kinds of community asset, in the users' words. Shared by server and client. */

export const assetKinds = [
  { code: "vcs_group", name: "Voluntary or community group" },
  { code: "community_hub", name: "Community hub or building" },
  { code: "micro_enterprise", name: "Community micro-enterprise" },
  { code: "personal_assistant", name: "Personal assistant (PA)" },
  { code: "faith_group", name: "Faith group" },
  { code: "local_business", name: "Local business" },
  { code: "commissioned_service", name: "Council-commissioned service" },
  { code: "technology_enabled_care", name: "Technology-enabled care" },
] as const;

export type AssetKind = (typeof assetKinds)[number]["code"];

export function assetKindName(code: string): string {
  return assetKinds.find((kind) => kind.code === code)?.name ?? code;
}

export const listingStatuses = [
  { code: "draft", name: "Draft" },
  { code: "in_review", name: "In review" },
  { code: "published", name: "Published" },
  { code: "archived", name: "Archived" },
] as const;

export type ListingStatus = (typeof listingStatuses)[number]["code"];
