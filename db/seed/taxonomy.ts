/**
 * Reference taxonomies the product needs in every installation (not demo data): the needs
 * taxonomy, the kinds of asset and accessibility features, each as an ORUK taxonomy.
 */
import { assetKinds } from "../vocabulary/kinds";
import { accessibilityFeatures, needs } from "../vocabulary/needs";
import { taxonomyCodes, taxonomyId, termId } from "../vocabulary/taxonomy";
import type { Database } from "../client.server";
import { taxonomies, taxonomyTerms } from "../schema";

const definitions = [
  {
    code: taxonomyCodes.needs,
    name: "Asset Atlas needs",
    description: "What a person needs help with, in plain English; each need is linked to risk factors for loss of independence.",
    terms: needs.map((need) => ({ code: need.code, name: need.name, description: need.description })),
  },
  {
    code: taxonomyCodes.kinds,
    name: "Asset Atlas asset kinds",
    description: "The kind of community asset: voluntary group, hub, micro-enterprise, personal assistant and so on.",
    terms: assetKinds.map((kind) => ({ code: kind.code, name: kind.name, description: kind.name })),
  },
  {
    code: taxonomyCodes.accessibility,
    name: "Asset Atlas accessibility",
    description: "Accessibility features a listing offers.",
    terms: accessibilityFeatures.map((feature) => ({ code: feature.code, name: feature.name, description: feature.name })),
  },
];

export async function seedTaxonomies(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const taxonomy of definitions) {
      const id = taxonomyId(taxonomy.code);
      await tx
        .insert(taxonomies)
        .values({ id, name: taxonomy.name, description: taxonomy.description, version: "1" })
        .onConflictDoUpdate({ target: taxonomies.id, set: { name: taxonomy.name, description: taxonomy.description } });
      for (const term of taxonomy.terms) {
        await tx
          .insert(taxonomyTerms)
          .values({ id: termId(taxonomy.code, term.code), taxonomyId: id, ...term })
          .onConflictDoUpdate({ target: taxonomyTerms.id, set: { name: term.name, description: term.description } });
      }
    }
  });
}
