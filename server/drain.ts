/**
 * Stopping an app process's HTTP server without losing a request. It stops accepting connections
 * at once; a request in progress is answered (with `Connection: close`), and so is one that
 * arrives meanwhile on a connection kept alive; an idle kept-alive connection is left to reach the
 * keep-alive timeout it was announced with (`Keep-Alive: timeout=5`), by which time the client has
 * stopped reusing it. Closing idle connections at once, as Node's own `server.close()` does, races
 * with a client that is sending a request on one in that instant: the request is lost.
 */
import type http from "node:http";
import net from "node:net";

export interface Drain {
  /** Resolves once every connection has closed, or when `timeoutSeconds` have passed (remaining ones are cut). */
  stop(timeoutSeconds: number): Promise<{ cut: boolean }>;
}

export function drainable(server: http.Server): Drain {
  let draining = false;
  const unanswered = new Set<http.ServerResponse>();
  // why prepend: the app's own handler runs next and may answer at once; the header must be set first.
  server.prependListener("request", (_request: http.IncomingMessage, response: http.ServerResponse) => {
    if (draining) {
      response.setHeader("Connection", "close");
      return;
    }
    unanswered.add(response);
    response.once("close", () => unanswered.delete(response));
  });
  return {
    stop(timeoutSeconds) {
      draining = true;
      for (const response of unanswered) if (!response.headersSent) response.setHeader("Connection", "close");
      unanswered.clear();
      return new Promise((resolve) => {
        const cut = setTimeout(() => {
          server.closeAllConnections();
          resolve({ cut: true });
        }, timeoutSeconds * 1000);
        // why net's close: http's closes idle kept-alive connections at once (see above).
        net.Server.prototype.close.call(server, () => {
          clearTimeout(cut);
          resolve({ cut: false });
        });
      });
    },
  };
}
