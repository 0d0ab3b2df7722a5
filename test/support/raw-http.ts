/**
 * One HTTP request through node:http rather than fetch: it may set any header (Host,
 * X-Forwarded-*) and leave the socket from a chosen loopback address (127.0.0.2, 127.0.0.3 …
 * all reach this machine on Linux), so tests can play several clients, and a spoofer, for real.
 */
import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The client's own address: the server sees this as the socket's remote address. */
  from?: string;
}

export function rawRequest(origin: string, pathAndQuery: string, options: RawRequest = {}): Promise<RawResponse> {
  const url = new URL(pathAndQuery, origin);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? "GET",
        headers: options.headers,
        localAddress: options.from,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

/** A form post as a browser on the app's own page sends it. */
export function postForm(origin: string, pathAndQuery: string, fields: Record<string, string>, options: RawRequest = {}) {
  return rawRequest(origin, pathAndQuery, {
    method: "POST",
    ...options,
    headers: { origin, "content-type": "application/x-www-form-urlencoded", ...options.headers },
    body: new URLSearchParams(fields).toString(),
  });
}
