/** The programme indicators as CSV: one row a value, with the indicator's references beside it. */
import { stringify } from "csv-stringify/sync";
import type { KpiView } from "./kpis.server";

export function kpiCsv(views: readonly KpiView[], periodLabel: string): string {
  return stringify([
    [`Asset Atlas: programme indicators (values worked out from records are for ${periodLabel})`],
    ["Counts of 1 to 4 people are shown as 'fewer than 5'; a share that would describe 1 to 4 people is withheld the same way."],
    [],
    ["Indicator code", "Indicator", "Period", "Value", "Price year", "Source", "Baseline", "England average", "Target", "Better when", "What good looks like"],
    ...views.flatMap((view) => {
      const fixed = [
        view.baseline ? `${view.baseline.display} (${view.baseline.period})` : (view.indicator.reference?.baselineNote ?? ""),
        view.englandAverage ? `${view.englandAverage.display} (${view.englandAverage.period})` : "",
        view.target ? `${view.target.display} (${view.target.period})` : "",
        view.indicator.direction,
        view.indicator.whatGoodLooksLike,
      ];
      const points = view.points.length > 0 ? view.points : [null];
      return points.map((point) => [view.indicator.code, view.indicator.name, point?.period ?? "", point?.display ?? "", point?.priceYear ?? "", point?.source ?? "", ...fixed]);
    }),
  ]);
}
