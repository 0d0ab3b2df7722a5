/**
 * Outgoing mail, behind one small interface so councils can plug in their own transport.
 * MAIL_TRANSPORT=outbox (the default) keeps messages in the database, where administrators can
 * read them at /dev/outbox if DEV_OUTBOX is on; MAIL_TRANSPORT=log writes them to the server log.
 */
import { desc } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { mailOutbox } from "../../../db/schema";
import { config } from "../../env.server";

export interface MailMessage {
  to: string;
  subject: string;
  body: string;
}

/** One way out for one kind of message: mail here, text messages in sms.server.ts. */
export interface Transport<Message> {
  readonly name: string;
  send(message: Message): Promise<void>;
}

export type MailTransport = Transport<MailMessage>;

export function outboxTransport(db: Database): MailTransport {
  return {
    name: "outbox",
    async send(message) {
      await db.insert(mailOutbox).values(message);
    },
  };
}

export const logTransport: MailTransport = {
  name: "log",
  async send(message) {
    console.log(`[mail] to ${message.to}: ${message.subject}\n${message.body}`);
  },
};

export function mailTransport(db: Database): MailTransport {
  return config().mailTransport === "log" ? logTransport : outboxTransport(db);
}

/** The development outbox: newest first. Never shown in production. */
export async function readOutbox(db: Database, limit = 50) {
  return db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt)).limit(limit);
}
