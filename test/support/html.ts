/** Checks on rendered HTML that axe cannot make without a browser. */

/** Every id the page uses more than once (an id must be unique, or labels and descriptions point at the wrong element). */
export function duplicateIds(html: string): string[] {
  const seen = new Map<string, number>();
  for (const match of html.matchAll(/\sid="([^"]+)"/g)) seen.set(match[1]!, (seen.get(match[1]!) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
}
