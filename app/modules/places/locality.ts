/** Listings this close together, with this similar a name and a need in common, may be one. */
export const duplicateRule = { metres: 1000, nameSimilarity: 0.45 };
