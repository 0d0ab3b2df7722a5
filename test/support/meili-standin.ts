/**
 * A stand-in for Meilisearch's write side (node:http on 127.0.0.1, a free port): indexes,
 * settings, documents (add or replace, delete a batch), stats, index swaps and the task API
 * (a task answers "processing" once, then "succeeded"), so the worker's and the reindex's HTTP
 * behaviour can be checked here, where no Meilisearch binary can be installed. As Meilisearch
 * does, it refuses a body sent without `Content-Type: application/json` (415) and a swap that
 * does not say whether it renames; it records each request's `Authorization` and
 * `X-Meilisearch-Client` headers so tests can see the official client made it.
 *
 * why a stand-in and not Meilisearch: there is no server binary for this machine (see
 * /work/shared/STACK.md). It does not search: the engine's searches are checked by the contract
 * suite against a real Meilisearch whenever MEILI_HOST is set.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  authorization: string | undefined;
  /** The X-Meilisearch-Client header: the official JS client names itself and its version. */
  client: string | undefined;
}

interface StandinIndex {
  primaryKey: string | null;
  settings: Json;
  documents: Map<string, Json>;
}

interface Failure {
  method: string;
  path: RegExp;
  /** An HTTP status, "task" for a task that fails, or "html" for a proxy's 502 page (not JSON). */
  as: number | "task" | "html";
  times: number;
}

export interface MeiliStandin {
  host: string;
  requests: RecordedRequest[];
  indexes: Map<string, StandinIndex>;
  /** Answer the next `times` matching requests with `as` (a status such as 503, or a failed task). */
  fail(method: string, path: RegExp, as: number | "task" | "html", times?: number): void;
  /** Runs before a matching request is answered (the request waits for it). */
  before(method: string, path: RegExp, hook: () => Promise<void>): void;
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

export async function startMeiliStandin(): Promise<MeiliStandin> {
  const requests: RecordedRequest[] = [];
  const indexes = new Map<string, StandinIndex>();
  const tasks = new Map<number, { polled: number; status: string; error: Json | null }>();
  const failures: Failure[] = [];
  const hooks: { method: string; path: RegExp; hook: () => Promise<void> }[] = [];
  let nextTask = 0;

  const task = (work: () => void, failed = false) => {
    const uid = nextTask++;
    let error: Json | null = failed ? { message: "stand-in: task failed as asked", code: "internal" } : null;
    if (!failed) {
      try {
        work();
      } catch (problem) {
        error = { message: problem instanceof Error ? problem.message : String(problem), code: "invalid_request" };
      }
    }
    tasks.set(uid, { polled: 0, status: error ? "failed" : "succeeded", error });
    return { status: 202, body: { taskUid: uid, indexUid: null, status: "enqueued", type: "stand-in", enqueuedAt: new Date().toISOString() } };
  };
  const indexOf = (uid: string) => {
    const index = indexes.get(uid);
    if (!index) throw new Error(`index ${uid} not found`);
    return index;
  };
  const ensure = (uid: string, primaryKey: string | null) => {
    if (!indexes.has(uid)) indexes.set(uid, { primaryKey, settings: {}, documents: new Map() });
    return indexes.get(uid)!;
  };

  function answer(method: string, path: string, search: URLSearchParams, body: unknown, failTask: boolean): { status: number; body: unknown } {
    let match: RegExpExecArray | null;
    if (method === "GET" && (match = /^\/tasks\/(\d+)$/.exec(path))) {
      const state = tasks.get(Number(match[1]));
      if (!state) return { status: 404, body: { message: "task not found", code: "task_not_found" } };
      state.polled++;
      return { status: 200, body: { uid: Number(match[1]), status: state.polled === 1 ? "processing" : state.status, error: state.polled === 1 ? null : state.error } };
    }
    if (method === "POST" && path === "/indexes") {
      const { uid, primaryKey } = body as { uid: string; primaryKey?: string };
      return task(() => {
        if (indexes.has(uid)) throw new Error(`index ${uid} already exists`);
        ensure(uid, primaryKey ?? null);
      }, failTask);
    }
    if (method === "POST" && path === "/swap-indexes") {
      const swaps = body as { indexes: [string, string]; rename?: unknown }[];
      // Meilisearch 1.18+ takes `rename`; the stand-in swaps only (a rename is not what reindex wants).
      if (swaps.some((swap) => swap.rename !== false)) {
        return { status: 400, body: { message: "stand-in: expected rename: false on every swap", code: "invalid_swap_rename" } };
      }
      return task(() => {
        for (const { indexes: [a, b] } of swaps) {
          const first = indexOf(a);
          indexes.set(a, indexOf(b));
          indexes.set(b, first);
        }
      }, failTask);
    }
    if ((match = /^\/indexes\/([^/]+)(\/.*)?$/.exec(path))) {
      const uid = decodeURIComponent(match[1]!);
      const rest = match[2] ?? "";
      if (method === "GET" && rest === "") {
        return indexes.has(uid) ? { status: 200, body: { uid, primaryKey: indexes.get(uid)!.primaryKey } } : { status: 404, body: { message: `Index \`${uid}\` not found.`, code: "index_not_found" } };
      }
      if (method === "GET" && rest === "/stats") {
        return indexes.has(uid) ? { status: 200, body: { numberOfDocuments: indexes.get(uid)!.documents.size, isIndexing: false } } : { status: 404, body: { code: "index_not_found" } };
      }
      if (method === "DELETE" && rest === "") return task(() => {
          indexOf(uid);
          indexes.delete(uid);
        }, failTask);
      if (method === "PATCH" && rest === "/settings") return task(() => Object.assign(indexOf(uid).settings, body as Json), failTask);
      if (method === "POST" && rest === "/documents") {
        return task(() => {
          const index = ensure(uid, search.get("primaryKey"));
          const key = index.primaryKey ?? "id";
          for (const document of body as Json[]) index.documents.set(String(document[key]), document);
        }, failTask);
      }
      if (method === "POST" && rest === "/documents/delete-batch") {
        return task(() => {
          for (const id of body as string[]) indexOf(uid).documents.delete(String(id));
        }, failTask);
      }
    }
    return { status: 404, body: { message: `stand-in does not know ${method} ${path}`, code: "not_found" } };
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        const url = new URL(request.url ?? "/", "http://127.0.0.1");
        const method = request.method ?? "GET";
        const text = Buffer.concat(chunks).toString("utf8");
        const body: unknown = text ? JSON.parse(text) : undefined;
        const client = request.headers["x-meilisearch-client"];
        requests.push({
          method,
          path: `${url.pathname}${url.search}`,
          body,
          authorization: request.headers.authorization,
          client: Array.isArray(client) ? client.join(", ") : client,
        });
        for (const { hook } of hooks.filter((entry) => entry.method === method && entry.path.test(url.pathname))) await hook();
        const failure = failures.find((entry) => entry.times > 0 && entry.method === method && entry.path.test(url.pathname));
        if (failure) failure.times--;
        if (failure?.as === "html") {
          response.writeHead(502, { "content-type": "text/html" });
          response.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
          return;
        }
        const result =
          body !== undefined && !/^application\/json\b/.test(request.headers["content-type"] ?? "")
            ? { status: 415, body: { message: "A Content-Type header is missing or not application/json.", code: "invalid_content_type" } }
            : failure && failure.as !== "task"
              ? { status: failure.as, body: { message: "stand-in: failing as asked", code: "internal" } }
              : answer(method, url.pathname, url.searchParams, body, failure?.as === "task");
        response.writeHead(result.status, { "content-type": "application/json" });
        response.end(JSON.stringify(result.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}`,
    requests,
    indexes,
    fail: (method, path, as, times = 1) => failures.push({ method, path, as, times }),
    before: (method, path, hook) => hooks.push({ method, path, hook }),
    writes: () => requests.filter((entry) => entry.method !== "GET"),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
