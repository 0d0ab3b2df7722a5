/**
 * Telling "the database cannot be reached" from a bug. A loader or action that fails because
 * the database is down is not the app's fault and will pass: the HTTP server answers it with a
 * 503 and Retry-After instead of a 500 (server/http.ts). Remix hands each error to
 * entry.server's handleError; it marks the request here, and the server reads the mark.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestOutcome {
  databaseUnavailable: boolean;
}

declare global {
  // why global: the built app (entry.server) and server/http.ts load this module separately; both need one store.
  var __atlasRequestOutcomes: AsyncLocalStorage<RequestOutcome> | undefined;
}

export const requestOutcomes: AsyncLocalStorage<RequestOutcome> = (globalThis.__atlasRequestOutcomes ??= new AsyncLocalStorage());

/** Seconds a client is asked to wait before trying again while the database is down. */
export const retryAfterSeconds = 120;

const unavailableCodes = new Set([
  // The network between the app and the database server (Node's socket errors).
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // postgres.js, when a connection drops or cannot be made in time.
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // PostgreSQL itself: connection exceptions, shutting down or starting up, too many connections.
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/** Whether `error` (or what caused it: drizzle wraps driver errors) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  if (error.name === "DatabaseUnavailableError") return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && unavailableCodes.has(code)) return true;
  if (error.message === "PGlite is closed" || error.message === "PGlite is closing") return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/** Marks the current request when `error` is an outage; true if it was. */
export function noteDatabaseUnavailable(error: unknown): boolean {
  if (!isDatabaseUnavailable(error)) return false;
  const outcome = requestOutcomes.getStore();
  if (outcome) outcome.databaseUnavailable = true;
  return true;
}
