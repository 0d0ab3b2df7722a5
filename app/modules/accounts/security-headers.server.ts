/**
 * Security headers for every response. The Content-Security-Policy allows scripts only from
 * this site (plus the per-page nonce Remix's inline hydration scripts carry), map tiles from
 * OpenStreetMap, and no framing by other sites.
 */
import { config } from "../../env.server";

export function contentSecurityPolicy(nonce?: string): string {
  const devOrigin = config().devOrigin;
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'",
    // why 'unsafe-inline' for styles only: Leaflet positions map panes with inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https://tile.openstreetmap.org https://*.tile.openstreetmap.org",
    "font-src 'self'",
    // npm run dev only: the page's live-reload socket to remix dev.
    devOrigin ? `connect-src 'self' ${devOrigin.replace(/^http/, "ws")}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(nonce?: string): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), payment=(), geolocation=(self)",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}
