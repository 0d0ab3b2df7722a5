/**
 * The address that links in emails start with. Never taken from a request: a request's Host or
 * X-Forwarded-Host header is whatever the sender wrote, and a password-reset link built from it
 * would hand the reset token to their site. PUBLIC_URL when set (production requires it);
 * otherwise the address this server is listening on, which server.ts records once it has
 * bound; before that (a command run by hand) HOST and PORT as configured.
 */
import { config } from "../../env.server";

declare global {
  // why global: server.ts and the built app load this module separately; both read one value.
  var __atlasListeningOrigin: string | undefined;
}

const everyInterface = new Set(["0.0.0.0", "::", "", undefined]);

/** Records where the server listens, as a browser on this machine would reach it. */
export function recordListeningAddress(address: { address: string; port: number } | string | null): void {
  if (!address || typeof address === "string") return; // a Unix socket has no web address
  globalThis.__atlasListeningOrigin = originFor(address.address, address.port);
}

function originFor(host: string | undefined, port: number): string {
  const name = everyInterface.has(host) ? "localhost" : host!.includes(":") ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export function linkBase(): string {
  const { publicUrl, host, port } = config();
  return publicUrl ?? globalThis.__atlasListeningOrigin ?? originFor(host, port);
}
