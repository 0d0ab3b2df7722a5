/**
 * The ids of the reference taxonomies (needs, kinds of asset, accessibility) and their terms.
 * Derived from their codes, so every installation, engine and export agrees on them without
 * reading the database.
 */
import { stableId } from "./ids";

export const taxonomyCodes = {
  needs: "asset-atlas-needs",
  kinds: "asset-atlas-kinds",
  accessibility: "asset-atlas-accessibility",
} as const;

export type TaxonomyCode = (typeof taxonomyCodes)[keyof typeof taxonomyCodes];

export function taxonomyId(taxonomy: TaxonomyCode): string {
  return stableId("taxonomy", taxonomy);
}

export function termId(taxonomy: TaxonomyCode, code: string): string {
  return stableId("taxonomy-term", `${taxonomy}/${code}`);
}
