/**
 * The heap after a full garbage collection is a metric only when Node runs with --expose-gc (the
 * soak starts the app so); `npm start` does not, so production scrapes never force a collection.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../support/paths";

const script = `
  const { registerProcessHeapGauge } = await import("./server/processes.ts");
  const { metrics } = await import("./app/modules/operations/metrics.server.ts");
  registerProcessHeapGauge();
  // Garbage: made and dropped, so the heap in use holds it until the collector runs.
  Array.from({ length: 200_000 }, (_, n) => ({ n, text: "x".repeat(20) })).length;
  console.log(JSON.stringify(await metrics().registry.getMetricsAsJSON()));
`;
function heapMetrics(nodeOptions: string[]) {
  const result = spawnSync(process.execPath, [...nodeOptions, "--import", "tsx", "--input-type=module", "-e", script], { cwd: projectRoot, encoding: "utf8", timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  const json = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as Array<{ name: string; values: Array<{ value: number; labels: { pid?: string } }> }>;
  return new Map(json.filter((metric) => metric.name.startsWith("atlas_app_process_heap")).map((metric) => [metric.name, metric.values]));
}

describe("an app process's heap metrics", () => {
  it("has the heap after a full collection, below the heap in use, only under --expose-gc", () => {
    const plain = heapMetrics([]);
    expect([...plain.keys()]).toEqual(["atlas_app_process_heap_used_bytes"]);

    const exposed = heapMetrics(["--expose-gc"]);
    expect([...exposed.keys()].sort()).toEqual(["atlas_app_process_heap_after_gc_bytes", "atlas_app_process_heap_used_bytes"]);
    const [inUse] = exposed.get("atlas_app_process_heap_used_bytes")!;
    const [afterGc] = exposed.get("atlas_app_process_heap_after_gc_bytes")!;
    expect(afterGc!.labels.pid).toBe(inUse!.labels.pid);
    expect(afterGc!.value).toBeGreaterThan(1_000_000);
    // Read after a collection that freed the garbage: less than was in use just before it.
    expect(afterGc!.value).toBeLessThan(inUse!.value);
  });
});
