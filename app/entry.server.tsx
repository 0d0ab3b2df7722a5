/**
 * Server rendering, as Remix's default, plus a fresh Content-Security-Policy nonce and the
 * security headers on every page, and errors logged here (never shown).
 */
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";
import { securityHeaders } from "./modules/accounts/security-headers.server";
import { noteDatabaseUnavailable } from "./modules/health/outage.server";

export const streamTimeout = 5_000;

/**
 * Every error a loader or action throws. A database outage is marked on the request, so the
 * server answers 503 instead of 500 (server/http.ts), and logged in one line; anything else is
 * a bug, logged in full.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (noteDatabaseUnavailable(error)) {
    console.error(`The database cannot be reached (${request.method} ${new URL(request.url).pathname}): ${describeOutage(error)}`);
    return;
  }
  console.error(error);
};

function describeOutage(error: unknown): string {
  let cause: unknown = error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error ? `${(cause as { code?: string }).code ?? cause.name}: ${cause.message.split("\n")[0]}` : String(cause);
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const nonce = randomBytes(16).toString("base64");
  for (const [name, value] of Object.entries(securityHeaders(nonce))) responseHeaders.set(name, value);
  // The whole page is rendered, then sent in one piece. No page defers data, so streaming gained
  // nothing a reader sees, and it cost a write to the socket per 2 KB chunk through two stream
  // adapters: on the embedded default's one thread, about a tenth of a search page's time.
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        const html = Buffer.concat(chunks);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        responseHeaders.set("Content-Length", String(html.byteLength));
        resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          clearTimeout(timer);
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // why: log server-side only; the page shows a plain message, never the error.
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, streamTimeout + 1_000);
  });
}
