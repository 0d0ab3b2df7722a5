/**
 * "Ask for help": a resident or a family carer, without an account, asks the council's locality
 * team to call them back. It becomes a request in the queue of the locality they live in (from
 * the postcode or place they gave; none given: the default queue below), acknowledged by email
 * when they gave one. Kept under the requests personal-data source (requests/personal-data.server.ts):
 * its contact details are forgotten RETENTION_DAYS after its last activity while no record holds it.
 *
 * Spam without a third-party captcha (docs/decisions, "ask for help"): a hidden field people
 * leave empty, a signed time the form was shown (sent faster than a person can type: refused),
 * limits per address and per contact kept in the database (rate_limits), and the same request
 * from the same contact within a day stored once, under a lock, so twenty presses make one.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, or, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { districts, requests, wards } from "../../../db/schema";
import { takeRateLimit, type RateLimit } from "../accounts/rate-limit.server";
import { findGuidedPlace } from "../guided/guided.server";
import { i18nFor } from "../i18n/i18n";
import type { Language } from "../i18n/languages";
import { linkBase } from "../mail/links.server";
import { mailTransport } from "../mail/mail.server";
import { config } from "../../env.server";
import { askHelpSchema, maxWhereLength, type AskHelpInput } from "./ask-for-help-form";
import { storeContactRequest } from "./requests.server";

/** Where a request goes when they give no place: East Cambridgeshire's locality team, the pilot area's. */
export const defaultQueueDistrict = "E07000009";
/** A person cannot read and fill in the form faster than this. */
export const minimumFillSeconds = 3;
/** A form left open longer than this is shown again to send (nothing typed is lost). */
export const formLifetimeHours = 24;
/** The same words from the same contact within this long are the same request. */
export const duplicateWindowHours = 24;
/** From one address: a household or a library computer may send a few. */
export const askHelpPerAddress: RateLimit = { limit: 5, windowSeconds: 60 * 60 };
/** For one phone number or email address: a few a day. */
export const askHelpPerContact: RateLimit = { limit: 3, windowSeconds: 24 * 60 * 60 };

type Errors = Record<string, string>;

/** Over a limit: the transaction is rolled back and the form refused. */
class TooMany extends Error {}

export type AskHelpResult =
  | { kind: "refused"; errors: Errors; values: Record<string, string>; status: 400 | 429 }
  | { kind: "stored" | "already"; reference: string; queue: Queue };

/** Whose queue a request is in: a district, and a ward within it when known. */
export interface Queue {
  districtCode: string;
  wardCode: string | null;
}

// A key for signing the form's start time. With several app servers set FORM_SIGNING_KEY to the
// same value on each (the app processes of one server share the key their primary made); without
// it, a process makes its own (a form shown by one and sent to another is shown again to send,
// nothing lost).
let processKey: Buffer | null = null;
function signingKey(): Buffer {
  const configured = config().formSigningKey;
  if (configured) return Buffer.from(configured);
  processKey ??= randomBytes(32);
  return processKey;
}

const signature = (payload: string) => createHmac("sha256", signingKey()).update(`ask-for-help:${payload}`).digest("base64url");

/** The hidden "started" field: when the form was shown, signed so it cannot be made up. */
export function formStartToken(now = new Date()): string {
  const payload = String(now.getTime());
  return `${payload}.${signature(payload)}`;
}

/** "ok", or why the start time will not do: made up or from another server, too quick, too old. */
export function checkFormStart(token: unknown, now = new Date()): "ok" | "invalid" | "too-quick" | "expired" {
  if (typeof token !== "string") return "invalid";
  const [payload, sent] = token.split(".");
  if (!payload || !sent || !/^[0-9]{10,15}$/.test(payload)) return "invalid";
  const expected = Buffer.from(signature(payload));
  const given = Buffer.from(sent);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  const age = now.getTime() - Number(payload);
  if (age < minimumFillSeconds * 1000) return "too-quick";
  if (age > formLifetimeHours * 3_600_000) return "expired";
  return "ok";
}

const hashed = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 32);
const sameWords = (text: string) => text.replace(/\s+/g, " ").trim();

/** A request with these words from this phone or email in the last day: the one already stored. */
async function earlierRequest(db: Database, input: AskHelpInput, now: Date) {
  const contact = [
    input.contactEmail ? eq(requests.contactEmail, input.contactEmail.toLowerCase()) : undefined,
    input.contactPhone ? eq(requests.contactPhone, input.contactPhone) : undefined,
  ].filter((condition) => condition !== undefined);
  const [row] = await db
    .select({ id: requests.id, reference: requests.reference, districtCode: requests.districtCode, wardCode: requests.wardCode })
    .from(requests)
    .where(
      and(
        or(...contact),
        sql`regexp_replace(${requests.askedFor}, '\\s+', ' ', 'g') = ${sameWords(input.askedFor)}`,
        gt(requests.createdAt, new Date(now.getTime() - duplicateWindowHours * 3_600_000)),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** The locality team's name, as the person is told it: "East Cambridgeshire (Soham North)". */
export async function teamName(db: Database, { districtCode, wardCode }: Queue): Promise<string> {
  const [district] = await db.select({ name: districts.name }).from(districts).where(eq(districts.code, districtCode));
  const [ward] = wardCode ? await db.select({ name: wards.name }).from(wards).where(eq(wards.code, wardCode)) : [];
  return ward ? `${district?.name ?? districtCode} (${ward.name})` : (district?.name ?? districtCode);
}

/** The default queue's name, for the form's hint. */
export async function defaultTeam(db: Database): Promise<string> {
  return teamName(db, { districtCode: defaultQueueDistrict, wardCode: null });
}

/**
 * Checks and stores one "ask for help" form. `form`: the posted fields as strings. Every refusal
 * comes back with the fields as typed, so the page can show them again.
 */
export async function askForHelp(
  db: Database,
  form: Record<string, string>,
  options: { address: string; language: Language; now?: Date },
): Promise<AskHelpResult> {
  const now = options.now ?? new Date();
  const values = Object.fromEntries(Object.entries(form).filter(([key]) => key !== "website" && key !== "started" && key !== "csrf"));
  const refused = (errors: Errors, status: 400 | 429 = 400): AskHelpResult => ({ kind: "refused", errors, values, status });

  const parsed = askHelpSchema.safeParse({ contactName: "", askedFor: "", ...values });
  const errors: Errors = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  // The hidden field: people do not see it, so something in it was typed by a program.
  if (form.website) errors.website = "askHelp.errors.honeypot";
  let place: Queue = { districtCode: defaultQueueDistrict, wardCode: null };
  let postcode: string | null = null;
  const where = (values.where ?? "").trim();
  if (where && where.length <= maxWhereLength) {
    const found = await findGuidedPlace(db, where);
    if (!found.found) errors.where = `guided.errors.${found.reason}`;
    else if (found.place.districtCode) {
      place = { districtCode: found.place.districtCode, wardCode: found.place.wardCode };
      if (/^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$/.test(found.place.label)) postcode = found.place.label;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return refused(errors);
  const start = checkFormStart(form.started, now);
  if (start === "too-quick") return refused({ form: "askHelp.errors.tooQuick" });
  if (start !== "ok") return refused({ form: "askHelp.errors.expired" });
  const input = parsed.data;

  const earlier = await earlierRequest(db, input, now);
  if (earlier) return { kind: "already", reference: earlier.reference, queue: { districtCode: earlier.districtCode, wardCode: earlier.wardCode } };

  const contactKey = hashed((input.contactEmail ?? input.contactPhone ?? "").toLowerCase());
  let stored: { id: string; reference: string; created: boolean };
  try {
    stored = await storeContactRequest(
      db,
      {
        source: input.who === "me" ? "self" : "family_carer",
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        contactEmail: input.contactEmail?.toLowerCase() ?? null,
        postcode,
        contactTimes: input.contactTimes,
        askedFor: input.askedFor,
      },
      place,
      {
        now,
        note: input.who === "someone" ? "Asked through the website for someone else, who agrees to being contacted" : "Asked through the website",
        auditDetails: { channel: "website", theyAgree: input.who === "someone" ? true : undefined, queue: where ? "place given" : "default" },
        beforeInsert: async (tx) => {
          // why: twenty presses of Send at once must store one request (and count once), not twenty.
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ask-help:${contactKey}`}))`);
          const same = await earlierRequest(tx, input, now);
          if (same) return same;
          // Only a new request counts against the limits: sending the same one again is answered, not refused.
          const withinAddress = await takeRateLimit(tx, `ask-help:${hashed(options.address)}`, askHelpPerAddress);
          const withinContact = await takeRateLimit(tx, `ask-help-contact:${contactKey}`, askHelpPerContact);
          if (!withinAddress || !withinContact) throw new TooMany();
          return null;
        },
      },
    );
  } catch (error) {
    if (error instanceof TooMany) return refused({ form: "askHelp.errors.tooMany" }, 429);
    throw error;
  }
  if (!stored.created) return { kind: "already", reference: stored.reference, queue: place };
  if (input.contactEmail) await acknowledge(db, input, stored.reference, await teamName(db, place), options.language);
  return { kind: "stored", reference: stored.reference, queue: place };
}

/** The acknowledgement: the reference, who will call, and how long we keep it. No health details beyond their own words. */
async function acknowledge(db: Database, input: AskHelpInput, reference: string, team: string, language: Language) {
  const t = i18nFor(language).t;
  await mailTransport(db).send({
    to: input.contactEmail!.toLowerCase(),
    subject: t("askHelp.ack.subject", { reference }),
    body: [
      t("askHelp.ack.hello", { name: input.contactName }),
      "",
      t("askHelp.ack.received", { team }),
      t("askHelp.ack.reference", { reference }),
      "",
      t("askHelp.ack.asked"),
      input.askedFor,
      "",
      t("askHelp.ack.kept", { days: config().retentionDays }),
      t("askHelp.ack.notYou", { url: `${linkBase()}/ask-for-help` }),
    ].join("\n"),
  });
}
