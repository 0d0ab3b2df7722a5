/** An indicator's value as people read it (shared by server and page). */
import type { Indicator } from "../../../db/vocabulary/indicators";
import { formatPence, poundsToPence } from "../../../db/evidence/money";

export function formatValue(indicator: Pick<Indicator, "unit">, value: string | number): string {
  const number = typeof value === "number" ? value : Number(value);
  if (indicator.unit === "percent") return `${Number(number.toFixed(1))}%`;
  if (indicator.unit === "pounds") return formatPence(poundsToPence(number.toFixed(2)));
  return Number(number.toFixed(1)).toLocaleString("en-GB");
}
