/**
 * The one logger: JSON lines (pino) on standard output, each with the id of the request it
 * belongs to (X-Request-Id), so one request can be followed through the log. Nothing personal
 * goes in: requests are logged by method, route shape and status, never by query string, body
 * or cookie, and the fields that could carry personal data are redacted if a caller passes them.
 *
 * Kept on globalThis: the built app (build/index.js) and server.ts each load this file, and both
 * must share one logger and one request context.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import cluster from "node:cluster";
import { format } from "node:util";
import pino, { type Logger } from "pino";

export interface RequestContext {
  requestId: string;
}

declare global {
  var __atlasLog: { logger: Logger; context: AsyncLocalStorage<RequestContext> } | undefined;
}

function create() {
  const context = new AsyncLocalStorage<RequestContext>();
  const logger = pino({
    level: "info", // server.ts sets LOG_LEVEL's once the configuration is read
    base: { pid: process.pid, ...(cluster.isWorker ? { worker: cluster.worker?.id } : {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const request = context.getStore();
      return request ? { requestId: request.requestId } : {};
    },
    redact: {
      paths: ["password", "email", "name", "postcode", "phone", "body", "cookie", "headers", "query", "*.password", "*.email", "*.postcode", "*.body", "*.cookie", "*.headers"],
      censor: "[hidden]",
    },
  });
  return { logger, context };
}

globalThis.__atlasLog ??= create();

export const log: Logger = globalThis.__atlasLog.logger;

export function withRequestContext<T>(requestContext: RequestContext, work: () => T): T {
  return globalThis.__atlasLog!.context.run(requestContext, work);
}

export function currentRequestId(): string | undefined {
  return globalThis.__atlasLog!.context.getStore()?.requestId;
}

/**
 * Sends console.log/info/warn/error through the logger, so the messages the app already writes
 * become JSON lines with the request id too. An Error among the arguments is logged as `err`.
 */
export function routeConsoleToLog(): void {
  const levels = { log: "info", info: "info", warn: "warn", error: "error", debug: "debug" } as const;
  for (const [method, level] of Object.entries(levels) as Array<[keyof typeof levels, (typeof levels)[keyof typeof levels]]>) {
    console[method] = (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error);
      const rest = args.filter((arg) => arg !== error);
      if (error) log[level]({ err: error }, rest.length ? format(...rest) : error.message);
      else log[level](format(...rest));
    };
  }
}
