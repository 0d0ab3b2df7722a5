// Types for Remix's single-fetch data flow (future.v3_singleFetch is on in remix.config.js).
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
