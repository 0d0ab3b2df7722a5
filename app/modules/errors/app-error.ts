/**
 * How the app says no. A domain function that refuses throws an AppError: a message for the
 * person (plain English, shown as it is), the HTTP status the page answers with, the form field
 * the message belongs to ("form" for the page as a whole) and, for the logs, the cause. Routes
 * catch it and show it beside the form; a route that refuses outright uses invariantResponse,
 * whose Response the root ErrorBoundary renders. Anything else thrown is a bug (a 500).
 */
export class AppError extends Error {
  readonly status: number;
  readonly field: string;

  constructor(message: string, options: { status?: number; field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.status = options.status ?? 400;
    this.field = options.field ?? "form";
  }
}

/**
 * What a route's catch does with an error: an AppError comes back to be shown beside the form;
 * anything else (a bug, or a redirect thrown on purpose) is thrown on.
 */
export function refusal(error: unknown): AppError {
  if (error instanceof AppError) return error;
  throw error;
}

/** Unless `condition` holds, answer with `status` and `message` (as the Epic Stack's invariantResponse). */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw new Response(message, { status });
}
