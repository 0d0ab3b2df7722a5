/**
 * The caseload: a practitioner's requests, searchable and filtered, a page at a time, and the
 * follow-ups due this week. It is one GET form, so the address holds the whole view.
 *
 * What a practitioner sees: their own requests in full; requests waiting in their localities'
 * queue (to pick one up, they need the caller's name); and, when they ask for everyone's or a
 * colleague's, the requests of others in their localities as a line of workflow only (reference,
 * place, conversation, dates, who has it), never a name or what was asked. Search by name looks
 * only at what they may see.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { recordAudit } from "../accounts/audit.server";
import type { Actor } from "../accounts/permissions";
import { conversationCodes, type Conversation } from "./request-forms";
import { endOfWeek, londonDay } from "../../../db/calendar";

export const caseloadPageSize = 25;

export interface CaseloadFilter {
  q: string;
  conversation: Conversation | "";
  /** "ward:E05…", "district:E07…" or "". */
  locality: string;
  /** "me", "queue" (waiting to be picked up), "all" (everyone's in my localities) or a practitioner's id. */
  practitioner: string;
  status: "open" | "closed" | "all";
  /** Only requests with a referral waiting for the provider's answer. */
  waiting: boolean;
  /** Follow-ups due: "week" (overdue or due by Sunday), "overdue", or "". */
  due: "" | "week" | "overdue";
  sort: "next-action" | "received" | "reference";
  page: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filter from the address; anything unknown falls back to the default (nothing to refuse on a GET). */
export function parseCaseloadFilter(params: URLSearchParams): CaseloadFilter {
  const pick = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = params.get(name) ?? "";
    return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
  };
  const practitioner = params.get("practitioner") ?? "me";
  const locality = params.get("locality") ?? "";
  const page = Number(params.get("page") ?? "1");
  return {
    q: (params.get("q") ?? "").trim().slice(0, 100),
    conversation: pick("conversation", ["", ...conversationCodes], ""),
    locality: /^(ward|district):[A-Z0-9]{9}$/.test(locality) ? locality : "",
    practitioner: ["me", "queue", "all"].includes(practitioner) || uuidPattern.test(practitioner) ? practitioner.toLowerCase() : "me",
    status: pick("status", ["open", "closed", "all"], "open"),
    waiting: params.get("waiting") === "yes",
    due: pick("due", ["", "week", "overdue"], ""),
    sort: pick("sort", ["next-action", "received", "reference"], "next-action"),
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

export interface CaseloadRow {
  id: string;
  reference: string;
  personId: string | null;
  personReference: string | null;
  /** The caller's or the record's name to ask for; null when not theirs to see. */
  name: string | null;
  placeName: string | null;
  conversation: Conversation;
  practitionerName: string | null;
  receivedOn: string;
  nextActionOn: string | null;
  nextAction: string | null;
  outcome: string | null;
  closedOn: string | null;
  waitingReferrals: number;
  /** mine, queue (waiting to be picked up) or other (a colleague's: workflow only). */
  access: "mine" | "queue" | "other";
}

/** The actor's localities as SQL over requests r: whole area when none are set. */
function inActorsLocalities(actor: Actor): SQL {
  if (actor.localities.length === 0) return sql`true`;
  const parts = actor.localities.map((locality) =>
    locality.wardCode !== null ? sql`r.ward_code = ${locality.wardCode}` : locality.districtCode !== null ? sql`r.district_code = ${locality.districtCode}` : sql`true`,
  );
  return sql`(${sql.join(parts, sql` or `)})`;
}

export async function caseloadView(db: Database, actor: Actor, filter: CaseloadFilter, now = new Date()) {
  const userId = actor.userId!;
  const today = londonDay(now);
  const weekEnds = endOfWeek(today);
  const local = inActorsLocalities(actor);
  const mine = sql`r.practitioner_id = ${userId}`;
  const queue = sql`(r.practitioner_id is null and ${local})`;
  const whose =
    filter.practitioner === "me"
      ? mine
      : filter.practitioner === "queue"
        ? queue
        : filter.practitioner === "all"
          ? sql`(${mine} or ${local})`
          : filter.practitioner === userId
            ? mine
            : sql`(r.practitioner_id = ${filter.practitioner} and ${local})`;
  const seesNames = sql`(${mine} or ${queue})`;
  const conditions: SQL[] = [whose];
  if (filter.status === "open") conditions.push(sql`r.outcome is null`);
  if (filter.status === "closed") conditions.push(sql`r.outcome is not null`);
  if (filter.conversation) conditions.push(sql`r.conversation = ${filter.conversation}`);
  if (filter.locality) {
    const [kind, code] = filter.locality.split(":") as ["ward" | "district", string];
    conditions.push(kind === "ward" ? sql`r.ward_code = ${code}` : sql`r.district_code = ${code}`);
  }
  if (filter.waiting) conditions.push(sql`exists (select 1 from referrals f where f.request_id = r.id and f.status = 'referred')`);
  if (filter.due === "week") conditions.push(sql`r.next_action_on <= ${weekEnds}::date`);
  if (filter.due === "overdue") conditions.push(sql`r.next_action_on < ${today}::date`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(
      sql`(r.reference ilike ${like} or p.reference ilike ${like} or (${seesNames} and (r.contact_name ilike ${like} or p.contact_name ilike ${like})))`,
    );
  }
  const where = sql.join(conditions, sql` and `);
  const order =
    filter.sort === "received"
      ? sql`r.received_on desc, r.reference desc`
      : filter.sort === "reference"
        ? sql`r.reference asc`
        : sql`r.next_action_on asc nulls last, r.received_on asc, r.reference asc`;
  const offset = (filter.page - 1) * caseloadPageSize;
  const [counted] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from requests r left join persons p on p.id = r.person_id where ${where}`,
  );
  const rows = await queryRows<{
    id: string;
    reference: string;
    person_id: string | null;
    person_reference: string | null;
    name: string | null;
    place_name: string | null;
    conversation: Conversation;
    practitioner_name: string | null;
    received_on: string;
    next_action_on: string | null;
    next_action: string | null;
    outcome: string | null;
    closed_on: string | null;
    waiting_referrals: number;
    access: CaseloadRow["access"];
  }>(
    db,
    sql`select r.id, r.reference, case when ${seesNames} then r.person_id end as person_id, case when ${seesNames} then p.reference end as person_reference,
          case when ${seesNames} then coalesce(p.contact_name, r.contact_name) end as name,
          coalesce(w.name, d.name) as place_name, r.conversation::text as conversation, u.display_name as practitioner_name,
          r.received_on::text as received_on, r.next_action_on::text as next_action_on, case when ${seesNames} then r.next_action end as next_action,
          r.outcome::text as outcome, r.closed_on::text as closed_on,
          (select count(*)::int from referrals f where f.request_id = r.id and f.status = 'referred') as waiting_referrals,
          case when ${mine} then 'mine' when r.practitioner_id is null then 'queue' else 'other' end as access
        from requests r
        left join persons p on p.id = r.person_id
        left join wards w on w.code = r.ward_code
        left join districts d on d.code = r.district_code
        left join users u on u.id = r.practitioner_id
        where ${where}
        order by ${order}
        limit ${caseloadPageSize} offset ${offset}`,
  );
  const dueThisWeek = await queryRows<{ id: string; reference: string; person_reference: string | null; name: string | null; next_action_on: string; next_action: string | null }>(
    db,
    sql`select r.id, r.reference, p.reference as person_reference, coalesce(p.contact_name, r.contact_name) as name,
          r.next_action_on::text as next_action_on, r.next_action
        from requests r left join persons p on p.id = r.person_id
        where ${mine} and r.outcome is null and r.next_action_on <= ${weekEnds}::date
        order by r.next_action_on, r.reference
        limit 50`,
  );
  const [queued] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from requests r where ${queue} and r.outcome is null`);
  await recordAudit(db, actor, {
    action: "request.list",
    subjectType: "caseload",
    subjectId: userId,
    details: { count: rows.length, filters: Object.entries(filter).filter(([key, value]) => value && key !== "page" && key !== "sort").map(([key]) => key) },
  });
  return {
    today,
    weekEnds,
    total: counted?.total ?? 0,
    pages: Math.max(1, Math.ceil((counted?.total ?? 0) / caseloadPageSize)),
    queueCount: queued?.n ?? 0,
    rows: rows.map(
      (row): CaseloadRow => ({
        id: row.id,
        reference: row.reference,
        personId: row.person_id,
        personReference: row.person_reference,
        name: row.name,
        placeName: row.place_name,
        conversation: row.conversation,
        practitionerName: row.practitioner_name,
        receivedOn: row.received_on,
        nextActionOn: row.next_action_on,
        nextAction: row.next_action,
        outcome: row.outcome,
        closedOn: row.closed_on,
        waitingReferrals: row.waiting_referrals,
        access: row.access,
      }),
    ),
    dueThisWeek: dueThisWeek.map((row) => ({
      id: row.id,
      reference: row.reference,
      personReference: row.person_reference,
      name: row.name,
      nextActionOn: row.next_action_on,
      nextAction: row.next_action,
      overdue: row.next_action_on < today,
    })),
  };
}

/** The choices for the locality and practitioner filters: places and colleagues in the actor's localities. */
export async function caseloadChoices(db: Database, actor: Actor) {
  const local = inActorsLocalities(actor);
  const places = await queryRows<{ value: string; name: string }>(
    db,
    sql`select distinct 'ward:' || w.code as value, w.name from requests r join wards w on w.code = r.ward_code where ${local} or r.practitioner_id = ${actor.userId}
        union select distinct 'district:' || d.code, d.name || ' (district)' from requests r join districts d on d.code = r.district_code where ${local} or r.practitioner_id = ${actor.userId}
        order by 2`,
  );
  const practitioners = await queryRows<{ id: string; name: string }>(
    db,
    sql`select distinct u.id, u.display_name as name from requests r join users u on u.id = r.practitioner_id
        where u.id <> ${actor.userId} and ${local} order by 2`,
  );
  return { places, practitioners };
}
