/** Checks on rendered HTML that axe cannot make without a browser. */

/** Every id the page uses more than once (an id must be unique, or labels and descriptions point at the wrong element). */
export function duplicateIds(html: string): string[] {
  const seen = new Map<string, number>();
  for (const match of html.matchAll(/\sid="([^"]+)"/g)) seen.set(match[1]!, (seen.get(match[1]!) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
}

const withheldLabels = ["fewer than 5", "not shown"];

/**
 * Every chart's withheld bars against the data table that follows it: a bar the chart leaves out
 * must say what the table's row says ("fewer than 5" or "not shown"), and a bar it draws must
 * belong to a row the table shows. Returns the disagreements (none is right).
 */
export function chartLabelDisagreements(html: string): string[] {
  const problems: string[] = [];
  for (const chart of html.matchAll(/<svg[^>]*data-chart="([^"]+)"[^>]*>([\s\S]*?)<\/svg>/g)) {
    const after = html.slice(chart.index! + chart[0].length);
    for (const bar of chart[2]!.matchAll(/<g data-row="([^"]*)"(?: data-label="([^"]*)")?>/g)) {
      const [, barLabel, display] = bar;
      if (barLabel === "Home care unit cost") continue; // a unit cost, not a row of the table
      const label = barLabel!.replace(/, median$/, ""); // the market chart's bars are its rows' medians
      const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const row = new RegExp(`<tr[^>]*>\\s*<th scope="row"[^>]*>${escaped}</th>([\\s\\S]*?)</tr>`).exec(after);
      if (!row) {
        problems.push(`${chart[1]}: no table row for the bar "${label}"`);
        continue;
      }
      const inTable = withheldLabels.find((text) => row[1]!.includes(`>${text}<`)) ?? null;
      const inChart = display && withheldLabels.includes(display) ? display : null;
      if (inTable !== inChart) problems.push(`${chart[1]}: "${label}" says ${inChart ?? "a figure"} in the chart but ${inTable ?? "a figure"} in the table`);
    }
  }
  return problems;
}
