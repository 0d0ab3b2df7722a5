import { openBenchDatabase } from "./bench/database";
const size = Number(process.argv[2] ?? 5000);
const t = performance.now();
const { handle, buildSeconds } = await openBenchDatabase(size, (line) => console.log(`${((performance.now() - t) / 1000).toFixed(1)}s ${line}`));
console.log("build", buildSeconds);
await handle.close();
