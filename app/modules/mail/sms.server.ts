/**
 * Outgoing text messages, behind the same interface as mail (a transport with one `send`), so a
 * council plugs in its own gateway. SMS_TRANSPORT=outbox (the default outside production) keeps
 * them in the development outbox beside the emails; log writes them to the server log; http
 * posts each one as JSON ({"to": "+447700900123", "body": "…"}) to SMS_GATEWAY_URL with
 * SMS_GATEWAY_KEY as a bearer token. No gateway can run on the machines this was built on, so the
 * http transport is tested against a local stand-in server that records what it receives.
 */
import type { Database } from "../../../db/client.server";
import { mailOutbox } from "../../../db/schema";
import { config } from "../../env.server";
import type { Transport } from "./mail.server";

export interface TextMessage {
  /** A UK mobile number in international form: +447700900123. */
  to: string;
  body: string;
}

export type TextTransport = Transport<TextMessage>;

export class TextSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TextSendError";
  }
}

export function outboxTextTransport(db: Database): TextTransport {
  return {
    name: "outbox",
    async send(message) {
      await db.insert(mailOutbox).values({ channel: "sms", to: message.to, subject: "Text message", body: message.body });
    },
  };
}

export const logTextTransport: TextTransport = {
  name: "log",
  async send(message) {
    console.log(`[sms] to ${message.to}:\n${message.body}`);
  },
};

export function httpTextTransport(url: string, key: string | undefined, fetcher: typeof fetch = fetch): TextTransport {
  return {
    name: "http",
    async send(message) {
      const response = await fetcher(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ to: message.to, body: message.body }),
        signal: AbortSignal.timeout(10_000),
      }).catch((error: unknown) => {
        throw new TextSendError(`The text-message gateway could not be reached (${error instanceof Error ? error.message : String(error)})`);
      });
      if (!response.ok) throw new TextSendError(`The text-message gateway refused the message (HTTP ${response.status})`);
    },
  };
}

export function textTransport(db: Database): TextTransport {
  const { sms } = config();
  if (sms.transport === "http" && sms.gatewayUrl) return httpTextTransport(sms.gatewayUrl, sms.gatewayKey);
  return sms.transport === "log" ? logTextTransport : outboxTextTransport(db);
}
