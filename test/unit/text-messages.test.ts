import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpTextTransport, TextSendError } from "../../app/modules/mail/sms.server";
import { normaliseMobile } from "../../app/modules/shortlist/send-form";
import { maxTextLength, shortlistText } from "../../app/modules/shortlist/send.server";

// why: no text-message gateway can run on this machine, so a local HTTP server stands in for one and records what it receives.
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
let status = 200;
const gateway = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    received.push({ headers: request.headers, body });
    response.writeHead(status).end();
  });
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
});
afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

describe("text messages", () => {
  it("reads UK mobile numbers as people write them, and refuses landlines and nonsense", () => {
    expect(normaliseMobile("07700 900123")).toBe("+447700900123");
    expect(normaliseMobile("+44 (0)7700-900123".replace("(0)", ""))).toBe("+447700900123");
    expect(normaliseMobile("0044 7700 900 123")).toBe("+447700900123");
    expect(normaliseMobile("01353 665555")).toBeNull();
    expect(normaliseMobile("0770090012")).toBeNull();
    expect(normaliseMobile("text me")).toBeNull();
  });

  it("the HTTP transport posts the number and words as JSON with the key, and a refusal is an error", async () => {
    const transport = httpTextTransport(url, "secret-key");
    await transport.send({ to: "+447700900123", body: "Your shortlist" });
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toEqual({ to: "+447700900123", body: "Your shortlist" });
    expect(received[0]!.headers.authorization).toBe("Bearer secret-key");
    expect(received[0]!.headers["content-type"]).toBe("application/json");
    status = 503;
    await expect(transport.send({ to: "+447700900123", body: "again" })).rejects.toThrow(TextSendError);
    await expect(httpTextTransport("http://127.0.0.1:1/send", undefined).send({ to: "+447700900123", body: "x" })).rejects.toThrow(/could not be reached/);
  });

  it("a long shortlist keeps as many listings as fit in six parts, then says how many more and links to all", () => {
    const lines = Array.from({ length: 30 }, (_, index) => `Listing number ${index + 1} with a long name, phone 01632 960${String(index).padStart(3, "0")}, free`);
    const message = shortlistText(lines, "https://atlas.example.org/shortlist?ids=a,b");
    expect(message.length).toBeLessThanOrEqual(maxTextLength);
    expect(message).toContain("1. Listing number 1 ");
    expect(message).toMatch(/…and \d+ more\. All details: https:\/\/atlas\.example\.org\/shortlist\?ids=a,b$/);
    expect(shortlistText(lines.slice(0, 2), "L")).toBe(`Your shortlist from Asset Atlas:\n1. ${lines[0]}\n2. ${lines[1]}\nAll details: L`);
  });
});
