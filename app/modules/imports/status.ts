/** How an import job is described to people. Shared by server and client (no data access). */

export function jobStatusName(job: { phase: string; status: string }): string {
  if (job.status === "queued") return job.phase === "check" ? "waiting to be checked" : "waiting to be imported";
  if (job.status === "running") return job.phase === "check" ? "being checked" : "being imported";
  if (job.status === "checked") return "checked, not imported yet";
  if (job.status === "imported") return "imported";
  return "not imported";
}

/** Seconds between automatic refreshes of the status page while a job runs. */
export const refreshSeconds = 2;

export const jobIsRunning = (job: { status: string }) => job.status === "queued" || job.status === "running";
