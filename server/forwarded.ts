/**
 * What a request says about where it came from, believed only as far as TRUST_PROXY allows.
 * Without a trusted proxy the socket is the client and every X-Forwarded-* header is the
 * client's own invention. Behind one, only the hop the proxy appended (the right-most entry) is
 * the proxy's word; anything to its left was written by whoever connected to the proxy.
 */

/** Headers a client could send to pose as someone else or as this site. */
const forwardingHeaders = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

type HeaderValue = string | string[] | undefined;

/** The right-most non-empty entry of a comma-separated header, which may arrive repeated. */
export function rightMost(value: HeaderValue): string | undefined {
  const entries = [value ?? []]
    .flat()
    .flatMap((line) => line.split(","))
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.at(-1);
}

export function clientAddress(request: { socketAddress: string | undefined; forwardedFor: HeaderValue; trustProxy: boolean }): string {
  const address = (request.trustProxy ? rightMost(request.forwardedFor) : undefined) ?? request.socketAddress;
  if (!address) return "unknown";
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}

/**
 * The host and scheme the request was made to: the Host header and the socket's own scheme,
 * or, behind a trusted proxy, what the proxy forwarded. The X-Forwarded-* headers are then
 * removed, so nothing further in can read a client's version of them.
 */
export function resolveForwarding(
  headers: Record<string, HeaderValue>,
  socket: { remoteAddress: string | undefined; encrypted: boolean },
  trustProxy: boolean,
): { clientAddress: string; host: string | undefined; protocol: "http" | "https" } {
  const address = clientAddress({ socketAddress: socket.remoteAddress, forwardedFor: headers["x-forwarded-for"], trustProxy });
  let host = typeof headers.host === "string" ? headers.host : undefined;
  let protocol: "http" | "https" = socket.encrypted ? "https" : "http";
  if (trustProxy) {
    host = rightMost(headers["x-forwarded-host"]) ?? host;
    const forwardedProto = rightMost(headers["x-forwarded-proto"])?.toLowerCase();
    if (forwardedProto === "https" || forwardedProto === "http") protocol = forwardedProto;
  }
  for (const name of forwardingHeaders) delete headers[name];
  return { clientAddress: address, host, protocol };
}
