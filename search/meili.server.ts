/**
 * Asset Atlas's use of the official Meilisearch client (the `meilisearch` package): the
 * connection, and the three things the client leaves to its caller.
 *
 * - A failed task is not an error to the client (`waitForTask` returns it with status
 *   "failed"); `waitForTasks` here throws, so a caller that returns has a durable index change.
 * - Its errors name a URL but not what went wrong in words an operator can act on, and an
 *   answer that is not JSON (a proxy's 502 page) comes out as a bare SyntaxError. `call` turns
 *   every failure of one client call into a `MeiliFailure` (a `MeilisearchError`) saying which
 *   server, what status and why, so the outbox, the log and the CLI can show it.
 * - A kept-alive connection the server closed as it was reused: `call` sends once more on a new
 *   one. (Every call made is safe to repeat: documents are replaced by id, deletes are by id.)
 *
 * Retries beyond that one resend are the outbox's (search/worker.server.ts: backoff per row).
 */
import {
  ErrorStatusCode,
  Meilisearch,
  MeilisearchApiError,
  MeilisearchError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTask,
  type Task,
} from "meilisearch";

export interface MeiliConnection {
  host: string;
  apiKey?: string;
  /** Per request; Meilisearch answers in milliseconds, so a slow answer is a problem. */
  timeoutMs?: number;
}

export function createMeiliClient(connection: MeiliConnection): Meilisearch {
  return new Meilisearch({
    host: connection.host,
    apiKey: connection.apiKey || undefined,
    timeout: connection.timeoutMs ?? 10_000,
  });
}

/** One client call that failed, in words; `cause` is the client's own error. */
export class MeiliFailure extends MeilisearchError {
  override name = "MeiliFailure";
  constructor(
    message: string,
    /** The HTTP status Meilisearch answered with; null when it did not answer or a task failed. */
    readonly status: number | null,
    /** Meilisearch's error code ("index_not_found", …) when it gave one. */
    readonly code: string | null,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}

/** Worth trying again later: the server was unreachable, overloaded or failed. */
export function retryable(error: unknown): boolean {
  const status = error instanceof MeiliFailure ? error.status : error instanceof MeilisearchApiError ? error.response.status : null;
  return status === null || status >= 500 || status === 429 || status === 408;
}

/** Runs one call of the official client; see the top of this file. */
export async function call<T>(host: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run().catch((error: unknown) => {
      if (socketClosed(error)) return run();
      throw error;
    });
  } catch (error) {
    throw explain(host, what, error);
  }
}

/** Waits until every task is done (each within `timeoutMs`); throws a MeiliFailure if one failed or was canceled. */
export async function waitForTasks(
  client: Meilisearch,
  tasks: EnqueuedTask[],
  options: { timeoutMs: number },
): Promise<Task[]> {
  if (tasks.length === 0) return [];
  const done = await call(client.config.host, "waiting for tasks", () => client.tasks.waitForTasks(tasks, { timeout: options.timeoutMs }));
  for (const task of done) {
    if (task.status !== "succeeded") {
      throw new MeiliFailure(
        `Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? "no reason given"}`,
        null,
        task.error?.code ?? null,
      );
    }
  }
  return done;
}

/** GET /indexes/:uid; false on Meilisearch's 404 index_not_found. */
export async function indexExists(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await call(client.config.host, `looking up index "${uid}"`, () => client.getIndex(uid));
    return true;
  } catch (error) {
    if (error instanceof MeiliFailure && (error.code === ErrorStatusCode.INDEX_NOT_FOUND || (error.status === 404 && error.code === null))) return false;
    throw error;
  }
}

function explain(host: string, what: string, error: unknown): unknown {
  if (error instanceof MeiliFailure) return error;
  if (error instanceof MeilisearchApiError) {
    const status = error.response.status;
    const code = error.cause?.code ?? null;
    return new MeiliFailure(
      `Meilisearch at ${host} answered ${status} (${what}): ${error.message}${code ? ` [${code}]` : ""}`,
      status,
      code,
      error,
    );
  }
  if (error instanceof MeilisearchRequestError) {
    return new MeiliFailure(`Meilisearch at ${host} did not answer (${what}): ${reason(error.cause)}`, null, null, error);
  }
  if (error instanceof MeilisearchTaskTimeOutError) {
    return new MeiliFailure(`Meilisearch at ${host} had not finished task ${error.cause.taskUid} after ${error.cause.timeout} ms (${what})`, null, null, error);
  }
  if (error instanceof MeilisearchError) return new MeiliFailure(`Meilisearch at ${host} (${what}): ${error.message}`, null, null, error);
  // The client parses every answer as JSON; a proxy's error page in front of Meilisearch is not.
  if (error instanceof SyntaxError) {
    return new MeiliFailure(`Meilisearch at ${host} gave an answer that is not JSON (${what}): ${error.message}`, null, null, error);
  }
  return error;
}

/** fetch says "fetch failed" and puts the reason (ECONNREFUSED …) in `cause`; the client wraps that. */
function reason(cause: unknown): string {
  if (cause instanceof MeilisearchRequestTimeOutError) return cause.message;
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as { cause?: unknown }).cause;
  return inner instanceof Error ? `${cause.message} (${(inner as { code?: string }).code ?? inner.message})` : cause.message;
}

function socketClosed(error: unknown): boolean {
  if (!(error instanceof MeilisearchRequestError)) return false;
  const code = (error.cause as { cause?: { code?: string } } | null)?.cause?.code;
  return code === "UND_ERR_SOCKET" || code === "ECONNRESET";
}
