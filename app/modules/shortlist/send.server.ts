/**
 * Sends a shortlist to oneself or a relative: by email through the mail transport, or by text
 * message through the text transport (the same interface). The address is used for this one
 * message and not kept (the development outbox keeps a copy for 30 days). Limited per client,
 * and the same list to the same address goes once an hour however often Send is pressed.
 */
import { createHash } from "node:crypto";
import type { Database } from "../../../db/client.server";
import { formatHourlyRate } from "../assets/format";
import { takeRateLimit, type RateLimit } from "../accounts/rate-limit.server";
import { mailTransport } from "../mail/mail.server";
import { textTransport } from "../mail/sms.server";
import { linkBase } from "../mail/links.server";
import { shareLink } from "./shortlist";
import { loadShortlist } from "./shortlist.server";

export const shortlistSendRateLimit: RateLimit = { limit: 10, windowSeconds: 60 * 60 };
const sameListAgain: RateLimit = { limit: 1, windowSeconds: 60 * 60 };
/** A text of up to six parts (153 characters each) is what most phones join up reliably. */
export const maxTextLength = 918;

export type SendOutcome = "sent" | "already-sent" | "empty";

type Listed = Awaited<ReturnType<typeof loadShortlist>>["assets"][number];

function line(asset: Listed): string {
  const phone = asset.contacts.flatMap((contact) => contact.phones.map((p) => p.number))[0];
  const cost = asset.isFree ? "free" : asset.hourlyRatePence ? formatHourlyRate(asset.hourlyRatePence) : asset.fees;
  return [asset.name, phone ? `phone ${phone}` : null, cost].filter(Boolean).join(", ");
}

/** The text: as many listings as fit, then the link to the whole list. */
export function shortlistText(lines: string[], link: string): string {
  const head = "Your shortlist from Asset Atlas:";
  const tail = (more: number) => (more > 0 ? `…and ${more} more. ` : "") + `All details: ${link}`;
  const kept: string[] = [];
  for (const [index, entry] of lines.entries()) {
    const candidate = [head, ...kept, `${index + 1}. ${entry}`, tail(lines.length - index - 1)].join("\n");
    if (candidate.length > maxTextLength) break;
    kept.push(`${index + 1}. ${entry}`);
  }
  return [head, ...kept, tail(lines.length - kept.length)].join("\n");
}

export async function sendShortlist(db: Database, ids: string[], to: { email: string } | { mobile: string }): Promise<SendOutcome> {
  const { assets } = await loadShortlist(db, ids);
  if (assets.length === 0) return "empty";
  const address = "email" in to ? to.email : to.mobile;
  const key = createHash("sha256").update(`${address}\n${assets.map((asset) => asset.id).join(",")}`).digest("hex");
  if (!(await takeRateLimit(db, `shortlist-sent:${key}`, sameListAgain))) return "already-sent";
  const link = `${linkBase()}${shareLink(assets.map((asset) => asset.id))}`;
  if ("email" in to) {
    await mailTransport(db).send({
      to: to.email,
      subject: `Your shortlist: ${assets.length} ${assets.length === 1 ? "place" : "places"} for support`,
      body: [
        "Here is the shortlist you asked us to send.",
        "",
        ...assets.map((asset, index) => `${index + 1}. ${line(asset)}\n   ${linkBase()}/assets/${asset.id}`),
        "",
        `The whole list, with addresses and times: ${link}`,
        "",
        "Someone asked Asset Atlas to send this list to this address. We have not kept the address.",
      ].join("\n"),
    });
  } else {
    await textTransport(db).send({ to: to.mobile, body: shortlistText(assets.map(line), link) });
  }
  return "sent";
}
