/**
 * A small Meilisearch HTTP client over fetch: the dozen calls Asset Atlas makes (indexes,
 * settings, documents, tasks, swap, multi-search). Every write in Meilisearch is an
 * asynchronous task; `waitForTask` polls until it has succeeded and throws if it failed, so a
 * caller that returns has a durable index change.
 *
 * why not the `meilisearch` npm client: it is not installed here (see the report of the branch
 * that added this); the REST API used is the documented, stable v1 one.
 */

export interface MeiliConnection {
  host: string;
  apiKey?: string;
  /** Per request; Meilisearch answers in milliseconds, so a slow answer is a problem. */
  timeoutMs?: number;
}

export class MeiliError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
  ) {
    super(message);
  }
  /** Worth trying again later: the server was unreachable, overloaded or failed. */
  get retryable(): boolean {
    return this.status === null || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

export interface MeiliTask {
  taskUid: number;
  status?: string;
}

interface TaskState {
  uid: number;
  status: "enqueued" | "processing" | "succeeded" | "failed" | "canceled";
  error?: { message: string; code: string } | null;
}

export interface MeiliClient {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Waits until the task is done; throws a MeiliError if it failed or was canceled. */
  waitForTask(task: MeiliTask, options?: { timeoutMs?: number }): Promise<void>;
  indexExists(uid: string): Promise<boolean>;
}

export function createMeiliClient(connection: MeiliConnection): MeiliClient {
  const base = connection.host.replace(/\/+$/, "");
  const timeoutMs = connection.timeoutMs ?? 10_000;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const send = () =>
      fetch(`${base}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(connection.apiKey ? { authorization: `Bearer ${connection.apiKey}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    let response: Response;
    try {
      response = await send().catch((error: unknown) => {
        // A kept-alive connection the server closed as we reused it: send once more on a new one.
        // (Every call here is safe to repeat: documents are replaced by id, deletes are by id.)
        if (socketClosed(error)) return send();
        throw error;
      });
    } catch (error) {
      throw new MeiliError(`Meilisearch at ${base} did not answer ${method} ${path}: ${reason(error)}`, null, null);
    }
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : null;
    if (!response.ok) {
      const detail = parsed as { message?: string; code?: string } | null;
      throw new MeiliError(
        `Meilisearch ${method} ${path} answered ${response.status}: ${detail?.message ?? text.slice(0, 200)}`,
        response.status,
        detail?.code ?? null,
      );
    }
    return parsed as T;
  }

  return {
    request,
    async waitForTask(task, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 60_000);
      let pause = 25;
      for (;;) {
        const state = await request<TaskState>("GET", `/tasks/${task.taskUid}`);
        if (state.status === "succeeded") return;
        if (state.status === "failed" || state.status === "canceled") {
          throw new MeiliError(
            `Meilisearch task ${task.taskUid} ${state.status}: ${state.error?.message ?? "no reason given"}`,
            null,
            state.error?.code ?? null,
          );
        }
        if (Date.now() > deadline) throw new MeiliError(`Meilisearch task ${task.taskUid} still ${state.status} after waiting`, null, null);
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(500, pause * 2);
      }
    },
    async indexExists(uid) {
      try {
        await request("GET", `/indexes/${encodeURIComponent(uid)}`);
        return true;
      } catch (error) {
        if (error instanceof MeiliError && error.status === 404) return false;
        throw error;
      }
    },
  };
}

/** fetch says "fetch failed" and puts the reason (ECONNREFUSED, a timeout …) in `cause`. */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${(cause as { code?: string }).code ?? cause.message})` : error.message;
}

function socketClosed(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } } | null)?.cause?.code;
  return code === "UND_ERR_SOCKET" || code === "ECONNRESET";
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 200) };
  }
}
