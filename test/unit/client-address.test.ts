import { describe, expect, it } from "vitest";
import { clientAddress } from "../../server/forwarded";

describe("the client's address", () => {
  it("is the socket's address unless a proxy is trusted, whatever the headers say", () => {
    expect(clientAddress({ socketAddress: "192.0.2.10", forwardedFor: "203.0.113.1", trustProxy: false })).toBe("192.0.2.10");
    expect(clientAddress({ socketAddress: "::ffff:192.0.2.10", forwardedFor: undefined, trustProxy: false })).toBe("192.0.2.10");
  });

  it("behind a trusted proxy, is the hop the proxy appended (the right-most entry)", () => {
    expect(clientAddress({ socketAddress: "10.0.0.2", forwardedFor: "203.0.113.1, 198.51.100.7", trustProxy: true })).toBe("198.51.100.7");
    expect(clientAddress({ socketAddress: "10.0.0.2", forwardedFor: ["203.0.113.1", "198.51.100.8 "], trustProxy: true })).toBe("198.51.100.8");
    expect(clientAddress({ socketAddress: "10.0.0.2", forwardedFor: undefined, trustProxy: true })).toBe("10.0.0.2");
    expect(clientAddress({ socketAddress: "10.0.0.2", forwardedFor: " , ", trustProxy: true })).toBe("10.0.0.2");
  });

  it("is never empty", () => {
    expect(clientAddress({ socketAddress: undefined, forwardedFor: undefined, trustProxy: false })).toBe("unknown");
  });
});
