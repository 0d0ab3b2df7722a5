/**
 * The load generator, run as its own process so that autocannon does not share the server's
 * event loop: `node --import tsx bench/load.ts '<json>'` prints autocannon's result as JSON.
 */
import autocannon from "autocannon";

interface LoadOptions {
  origin: string;
  paths: string[];
  connections: number;
  seconds: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as LoadOptions;
let next = 0;
const result = await autocannon({
  url: options.origin,
  connections: options.connections,
  duration: options.seconds,
  requests: [
    {
      method: "GET",
      setupRequest: (request) => ({ ...request, path: options.paths[next++ % options.paths.length]! }),
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests,
    latency: result.latency,
    throughput: result.throughput,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
    duration: result.duration,
  }),
);
