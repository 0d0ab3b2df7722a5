/**
 * The Express app that serves Asset Atlas: compression, security headers on every response,
 * where the request came from (believed as far as TRUST_PROXY allows), a plain refusal of
 * cross-site form posts, static files, form bodies checked and cleaned, then Remix. Used by
 * server.ts (npm start) and by the tests, so both go through the same stack.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { BlockList, isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { config } from "../app/env.server";
import { securityHeaders } from "../app/modules/accounts/security-headers.server";
import { requestOutcomes, retryAfterSeconds, type RequestOutcome } from "../app/modules/health/outage.server";
import { database } from "../app/db.server";
import { log, withRequestContext } from "../app/modules/operations/log.server";
import { metrics, metricsText, registerDatabaseGauges, routeLabel } from "../app/modules/operations/metrics.server";
import { readForm } from "./forms";
import { resolveForwarding } from "./forwarded";

const readOnlyMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** Where the request came from and was made to, worked out once per request. */
interface Forwarding {
  clientAddress: string;
  host: string | undefined;
  protocol: "http" | "https";
}

function plainPage(title: string, paragraphs: string[]): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${title} – Asset Atlas</title></head>
<body><main><h1>${title}</h1>${paragraphs.map((text) => `<p>${text}</p>`).join("")}<p><a href="/">Go to Asset Atlas</a></p></main></body></html>`;
}

const crossSitePage = plainPage("Form not accepted", [
  "This form was sent from another website, so nothing was changed. Go back to Asset Atlas, reload the page and try again.",
]);

const unavailableMessage = "Sorry, the service is unavailable. Try again in a few minutes.";

/** A host header as browsers send it: a name or address, and perhaps a port. */
const hostPattern = /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function createHttpApp(build: ServerBuild) {
  const app = express();
  app.disable("x-powered-by");
  registerDatabaseGauges(database);
  // Every request gets an id (a load balancer's X-Request-Id when TRUST_PROXY believes it), sent
  // back in the response and on every log line written while it is answered; then one line
  // and the metrics when it is done: method, route shape, status and time, never the query or body.
  app.use((request, response, next) => {
    const offered = config().trustProxy ? request.get("x-request-id") : undefined;
    const requestId = offered && /^[A-Za-z0-9._:-]{8,128}$/.test(offered) ? offered : randomUUID();
    response.setHeader("X-Request-Id", requestId);
    const started = performance.now();
    const figures = metrics();
    figures.inFlight.inc();
    response.once("close", () => {
      figures.inFlight.dec();
      const route = routeLabel(request.path);
      const seconds = (performance.now() - started) / 1000;
      const status = response.headersSent ? response.statusCode : 499; // 499: the client went away first
      figures.requests.inc({ method: request.method, route, status: String(status) });
      figures.requestSeconds.observe({ method: request.method, route }, seconds);
      withRequestContext({ requestId }, () => log.info({ method: request.method, route, status, ms: Math.round(seconds * 1000) }, "request"));
    });
    withRequestContext({ requestId }, next);
  });
  app.use(compression());
  // Headers for every response; pages bring their own (with the script nonce) from entry.server.
  app.use((_request, response, next) => {
    const writeHead = response.writeHead;
    response.writeHead = function (this: typeof response, ...args: Parameters<typeof writeHead>) {
      for (const [name, value] of Object.entries(securityHeaders())) {
        if (!this.hasHeader(name)) this.setHeader(name, value);
      }
      // Served over TLS (COOKIE_SECURE): browsers are to use https from now on.
      if (config().cookieSecure) this.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });
  // Who is asking and which address they asked for; forwarded headers are believed only with
  // TRUST_PROXY and removed either way, so nothing further in reads a client's version of them.
  app.use((request, response, next) => {
    const socket = request.socket as TLSSocket;
    response.locals.forwarding = resolveForwarding(request.headers, { remoteAddress: socket.remoteAddress, encrypted: Boolean(socket.encrypted) }, config().trustProxy) satisfies Forwarding;
    // PostgreSQL cannot store a NUL byte: take %00 out of the address before any route reads it.
    // Not the Open Referral UK feed's: its clients are programs, told with a 400 naming the
    // parameter (app/modules/oruk/query.ts) rather than answered for a value they did not send.
    if (/%00/i.test(request.url) && !/^\/oruk(?:[/?]|$)/.test(request.url)) {
      request.url = request.url.replace(/%00/gi, "");
      request.originalUrl = request.originalUrl.replace(/%00/gi, "");
    }
    const host = (response.locals.forwarding as Forwarding).host;
    if (host !== undefined && !hostPattern.test(host)) return refuse(request, response, 400, "The address or request could not be read.");
    next();
  });
  // Prometheus metrics, only when METRICS is on and only for the addresses in METRICS_ALLOW.
  app.get("/metrics", (request, response, next) => {
    const settings = config().metrics;
    if (!settings.enabled) return next();
    if (!allowedFor(settings.allow).check((response.locals.forwarding as Forwarding).clientAddress)) {
      return refuse(request, response, 403, "Metrics are not available from this address.");
    }
    metricsText().then(({ contentType, body }) => {
      response.status(200).set({ "Content-Type": contentType, "Cache-Control": "no-store" }).send(body);
    }, next);
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
    let originHost: string | null = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost && originHost === (response.locals.forwarding as Forwarding).host) return next();
    response.status(403).type("html").send(crossSitePage);
  });
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // The other public files all have a file extension; a page's address is not looked for on disk
  // (a failed look for /search on every request cost more than a search).
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((request, response, next) => (path.extname(request.path) ? publicFiles(request, response, next) : next()));
  // Every route that changes something takes a form: anything else is refused before a route
  // reads it, and a form's NUL bytes are taken out (server/forms.ts).
  app.use((request, response, next) => {
    if (readOnlyMethods.has(request.method)) return next();
    readForm(request).then((form) => {
      if (!form.ok) return refuse(request, response, form.status, form.message);
      response.locals.body = form.body;
      if (form.contentType) request.headers["content-type"] = form.contentType;
      next();
    }, next);
  });
  const handleRemix = createRequestHandler(build, "production");
  app.all("*", async (request, response, next) => {
    try {
      const forwarding = response.locals.forwarding as Forwarding;
      const outcome: RequestOutcome = { databaseUnavailable: false };
      const remixResponse = await requestOutcomes.run(outcome, () =>
        handleRemix(remixRequest(request, response, forwarding, response.locals.body as Buffer | undefined), { clientAddress: forwarding.clientAddress }),
      );
      if (remixResponse.status >= 500 && outcome.databaseUnavailable) {
        await remixResponse.body?.cancel();
        return unavailable(request, response);
      }
      await sendResponse(response, withCachePolicy(request, remixResponse));
    } catch (error) {
      next(error);
    }
  });
  // A request Express itself cannot read (a malformed %-escape, say) is the caller's mistake.
  app.use((error: Error & { status?: number }, request: express.Request, response: express.Response, next: express.NextFunction) => {
    if (response.headersSent) return next(error);
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error({ err: error }, "A request failed.");
    refuse(request, response, status, status === 500 ? "Something went wrong on our side; the error has been logged." : "The address or request could not be read.");
  });
  return app;
}

const allowLists = new Map<string, { check(address: string): boolean }>();

/** METRICS_ALLOW as a matcher for client addresses (an IPv4 address also matches as ::ffff:a.b.c.d). */
function allowedFor(entries: string[]) {
  const key = entries.join(",");
  let matcher = allowLists.get(key);
  if (!matcher) {
    const list = new BlockList();
    for (const entry of entries) {
      const [address, bits] = entry.split("/") as [string, string | undefined];
      const type = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    matcher = {
      check: (address: string) => {
        const type = isIP(address);
        return type !== 0 && list.check(address, type === 6 ? "ipv6" : "ipv4");
      },
    };
    allowLists.set(key, matcher);
  }
  return matcher;
}

/** A plain answer: JSON on the Open Referral UK feed, an HTML page elsewhere. */
function refuse(request: express.Request, response: express.Response, status: number, message: string) {
  response.status(status).set("Cache-Control", "no-store");
  if (request.path.startsWith("/oruk")) {
    const error = { 400: "Bad Request", 413: "Content Too Large", 415: "Unsupported Media Type", 503: "Service Unavailable" }[status] ?? "Internal Server Error";
    response.set("Access-Control-Allow-Origin", "*").json({ status, error, message });
  } else {
    response.type("html").send(plainPage(status === 503 ? "Sorry, the service is unavailable" : "There is a problem", [message]));
  }
}

/**
 * While the database cannot be reached: 503 and Retry-After. A page asked for by the app's own
 * scripts (`_data`) gets a response its error boundary shows; the feed gets JSON.
 */
function unavailable(request: express.Request, response: express.Response) {
  response.set("Retry-After", String(retryAfterSeconds));
  if (request.query._data !== undefined) {
    response.status(503).set({ "Cache-Control": "no-store", "X-Remix-Catch": "yes" }).json(unavailableMessage);
    return;
  }
  refuse(request, response, 503, unavailableMessage);
}

/** Pages for a signed-in person, or that say nothing about caching, are kept by nobody. */
function withCachePolicy(request: express.Request, response: Response): Response {
  const signedIn = /(?:^|;\s*)atlas_session=/.test(request.headers.cookie ?? "");
  if (!signedIn && response.headers.has("Cache-Control")) return response;
  const headers = new Headers(response.headers);
  headers.set("Cache-Control", "private, no-store");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Writes Remix's answer out through Express (as @remix-run/express does). */
async function sendResponse(response: express.Response, answer: Response) {
  response.statusMessage = answer.statusText;
  response.status(answer.status);
  for (const [name, value] of answer.headers.entries()) response.append(name, value);
  if (answer.body) await writeReadableStreamToWritable(answer.body, response);
  else response.end();
}

/** The Fetch request Remix reads: this site's own address, the cleaned form body if there is one. */
function remixRequest(request: express.Request, response: express.Response, forwarding: Forwarding, body: Buffer | undefined): Request {
  const url = new URL(`${forwarding.protocol}://${forwarding.host ?? "localhost"}${request.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  // Abort loaders and actions once the response can no longer be written (as @remix-run/express does).
  response.on("finish", () => (controller = null));
  response.on("close", () => controller?.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const item of [value ?? []].flat()) headers.append(name, item);
  }
  // Remix compares a form's Origin with the Host header: give it the host this request was made to.
  if (forwarding.host) headers.set("host", forwarding.host);
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers, signal: controller.signal };
  if (body) {
    headers.set("content-length", String(body.length));
    init.body = new Uint8Array(body);
  } else if (request.method !== "GET" && request.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(request);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}
