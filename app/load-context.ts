/** What server/http.ts gives every loader and action besides the request. */
import type {} from "@remix-run/server-runtime";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** The client's address: the socket's, or with TRUST_PROXY the hop the proxy appended. */
    clientAddress: string;
  }
}
