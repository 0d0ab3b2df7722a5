/**
 * The Express app that serves Asset Atlas: compression, static files, security headers on
 * every response, a plain refusal of cross-site form posts, then the Remix request handler.
 * Used by server.ts (npm start) and by the tests, so both go through the same stack.
 */
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { securityHeaders } from "../app/modules/accounts/security-headers.server";

const readOnlyMethods = new Set(["GET", "HEAD", "OPTIONS"]);

const crossSitePage = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Form not accepted – Asset Atlas</title></head>
<body><main><h1>Form not accepted</h1><p>This form was sent from another website, so nothing was changed.
Go back to Asset Atlas, reload the page and try again.</p><p><a href="/">Go to Asset Atlas</a></p></main></body></html>`;

export function createHttpApp(build: ServerBuild) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "true");
  app.use(compression());
  // Headers for every response; pages bring their own (with the script nonce) from entry.server.
  app.use((_request, response, next) => {
    const writeHead = response.writeHead;
    response.writeHead = function (this: typeof response, ...args: Parameters<typeof writeHead>) {
      for (const [name, value] of Object.entries(securityHeaders())) {
        if (!this.hasHeader(name)) this.setHeader(name, value);
      }
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });
  // The Open Referral UK feed is public and read-only: CORS on every answer, writes refused in
  // JSON before the cross-site check below (which would answer in HTML).
  app.use("/oruk", (request, response, next) => {
    if (readOnlyMethods.has(request.method)) return next(); // the feed's own routes add CORS
    response
      .status(405)
      .set("Access-Control-Allow-Origin", "*")
      .set("Allow", "GET, HEAD, OPTIONS")
      .json({ status: 405, error: "Method Not Allowed", message: "The Open Referral UK feed is read-only: use GET." });
  });
  // why here: Remix aborts a cross-origin action with a thrown error (a 500); say it plainly instead.
  app.use((request, response, next) => {
    if (readOnlyMethods.has(request.method)) return next();
    const origin = request.get("origin");
    if (!origin) return next();
    const host = request.get("x-forwarded-host")?.split(",")[0]?.trim() || request.get("host");
    let originHost: string | null = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost && originHost === host) return next();
    response.status(403).type("html").send(crossSitePage);
  });
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: "production" }));
  // A request Express itself cannot read (a malformed %-escape, say) is the caller's mistake.
  app.use((error: Error & { status?: number }, request: express.Request, response: express.Response, next: express.NextFunction) => {
    if (response.headersSent) return next(error);
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) console.error(error);
    const message = status === 500 ? "Something went wrong on our side; the error has been logged." : "The address or request could not be read.";
    if (request.path.startsWith("/oruk")) {
      response.status(status).set("Access-Control-Allow-Origin", "*").json({ status, error: status === 500 ? "Internal Server Error" : "Bad Request", message });
    } else {
      response.status(status).type("html").send(`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>There is a problem – Asset Atlas</title></head><body><main><h1>There is a problem</h1><p>${message}</p><p><a href="/">Go to Asset Atlas</a></p></main></body></html>`);
    }
  });
  return app;
}
