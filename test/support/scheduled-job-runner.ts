/**
 * A process of its own that claims one scheduled job on DATABASE_URL and runs it for ever,
 * renewing its lease, until it is killed: the runner that test/integration-postgres/
 * scheduled-job-kill.test.ts kills with SIGKILL.
 *
 *   node --import tsx test/support/scheduled-job-runner.ts <job name> <lease ms> <heartbeat ms>
 */
import { openDatabase } from "../../db/client.server";
import { runDueJobs } from "../../app/modules/operations/scheduled-jobs.server";

const [name, leaseMs, heartbeatMs] = process.argv.slice(2);
const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: "" });
// The heartbeat's timer does not keep a process alive on its own (it is unref'd): this does.
setInterval(() => {}, 60_000);
const ran = await runDueJobs(
  handle.db,
  [
    {
      name: name!,
      everyMs: 86_400_000,
      run: async () => {
        console.log(`running ${process.pid}`);
        return new Promise<string>(() => {}); // never finishes
      },
    },
  ],
  { leaseMs: Number(leaseMs), heartbeatMs: Number(heartbeatMs) },
);
if (ran.length === 0) {
  console.log("not claimed");
  process.exit(2);
}
