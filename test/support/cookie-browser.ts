/**
 * Just enough of a browser for sign-in flows across two servers: follows redirects one at a
 * time and keeps each site's cookies, so a test can watch (and stop at) every hop.
 */
export interface Hop {
  url: URL;
  status: number;
  setCookies: string[];
}

export class CookieBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  readonly hops: Hop[] = [];

  /**
   * GETs `address` and follows redirects. With `stopBefore`, returns the first redirect target
   * it matches without requesting it (`stoppedAt`), as if the browser paused there.
   */
  async visit(
    address: string | URL,
    options: { stopBefore?: (url: URL) => boolean } = {},
  ): Promise<{ response: Response; url: URL; stoppedAt?: URL }> {
    let url = new URL(address);
    for (let hop = 0; hop < 20; hop++) {
      const response = await fetch(url, { headers: this.cookieHeader(url), redirect: "manual" });
      const setCookies = response.headers.getSetCookie();
      this.hops.push({ url, status: response.status, setCookies });
      this.store(url, setCookies);
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return { response, url };
      const next = new URL(location, url);
      if (options.stopBefore?.(next)) return { response, url, stoppedAt: next };
      await response.arrayBuffer(); // let the connection be reused
      url = next;
    }
    throw new Error(`More than 20 redirects from ${String(address)}`);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(origin)?.get(name);
  }

  forget(origin: string, name: string) {
    this.jar.get(origin)?.delete(name);
  }

  private cookieHeader(url: URL): Record<string, string> {
    const cookies = this.jar.get(url.origin);
    if (!cookies || cookies.size === 0) return {};
    return { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; ") };
  }

  private store(url: URL, setCookies: string[]) {
    const cookies = this.jar.get(url.origin) ?? new Map<string, string>();
    this.jar.set(url.origin, cookies);
    for (const header of setCookies) {
      const [pair = "", ...attributes] = header.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = "", setting = ""] = attribute.trim().split("=");
        if (key.toLowerCase() === "max-age") return Number(setting) <= 0;
        if (key.toLowerCase() === "expires") return new Date(setting).getTime() <= Date.now();
        return false;
      });
      if (expired || value === "") cookies.delete(name);
      else cookies.set(name, value);
    }
  }
}
