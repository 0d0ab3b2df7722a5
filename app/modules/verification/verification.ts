/**
 * Keeping listings true: every published listing has a last-verified date, and falls due for
 * re-verification in stages. The intervals are configurable (VERIFICATION_*_DAYS).
 */
import { daysBetween, londonDay } from "../../../db/calendar";

export type VerificationStage = "current" | "due" | "overdue" | "long-overdue";

export interface VerificationIntervals {
  dueDays: number;
  overdueDays: number;
  longOverdueDays: number;
}

export const defaultIntervals: VerificationIntervals = { dueDays: 180, overdueDays: 365, longOverdueDays: 545 };

export const stageNames: Record<VerificationStage, string> = {
  current: "Up to date",
  due: "Due",
  overdue: "Overdue",
  "long-overdue": "Long overdue",
};

/** The stage of a listing last verified on `lastVerified` (YYYY-MM-DD, or null for never). */
export function verificationStage(lastVerified: string | null, today: Date, intervals: VerificationIntervals): VerificationStage {
  if (!lastVerified) return "long-overdue";
  // Days by the London calendar: just after midnight BST the UTC date is still yesterday's.
  const days = daysBetween(lastVerified.slice(0, 10), londonDay(today));
  if (days >= intervals.longOverdueDays) return "long-overdue";
  if (days >= intervals.overdueDays) return "overdue";
  if (days >= intervals.dueDays) return "due";
  return "current";
}
