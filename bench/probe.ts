/**
 * A steady stream of page requests, as people using the site while something else runs: its
 * own process, so it does not share the server's event loop. `connections` requests are in
 * flight at once, round the paths in turn, until the parent sends "stop"; then it sends back
 * every request's time in milliseconds and the number that failed.
 *
 *   fork("bench/probe.ts", [JSON.stringify({ origin, paths, connections })])
 */
interface ProbeOptions {
  origin: string;
  paths: string[];
  connections: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as ProbeOptions;
const latencies: number[] = [];
let failures = 0;
let stopping = false;
let next = 0;

async function worker() {
  while (!stopping) {
    const path = options.paths[next++ % options.paths.length]!;
    const started = performance.now();
    try {
      const response = await fetch(`${options.origin}${path}`);
      await response.arrayBuffer();
      if (!response.ok) failures++;
    } catch {
      failures++;
    }
    latencies.push(performance.now() - started);
  }
}

const workers = Array.from({ length: options.connections }, () => worker());
process.on("message", (message) => {
  if (message !== "stop") return;
  stopping = true;
  void Promise.all(workers).then(() => {
    process.send!({ latencies, failures }, () => process.exit(0));
  });
});
process.send!("ready");
