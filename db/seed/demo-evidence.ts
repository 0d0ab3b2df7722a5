/**
 * Demo evidence: a plausible year of people on the edge of care in East Cambridgeshire (the 12
 * months before the seed date), the support they were signposted or referred to among the demo
 * listings, how each request ended, and the formal care community support diverted. Invented
 * and pseudonymous (references such as "DEMO-0042", no names), owned by the demo practitioner,
 * flagged is_demo. Deterministic: the only randomness is a seeded PRNG, so the same seed date
 * and listings give the same records on every machine.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../client.server";
import { divertedCare, evidenceTargets, persons, referralEvents, referrals, requestEvents, requests, unitCosts } from "../schema";
import { stableId } from "../vocabulary/ids";
import { taxonomyCodes, taxonomyId } from "../vocabulary/taxonomy";
import { unitCostId } from "./unit-costs";
import { fromDay, toDay } from "../calendar";
import { Random } from "./random";

export interface DemoEvidenceService {
  id: string;
  kind: string;
  wardCode: string | null;
  needs: string[];
}

export interface DemoEvidencePostcode {
  postcode: string;
  latitude: number;
  longitude: number;
  wardCode: string;
  districtCode: string;
}

type Person = typeof persons.$inferInsert;
type Referral = typeof referrals.$inferInsert;
type ReferralEvent = typeof referralEvents.$inferInsert;
type Diverted = typeof divertedCare.$inferInsert;
type Request = typeof requests.$inferInsert;
type RequestEvent = typeof requestEvents.$inferInsert;

/** Care the council pays for as an ongoing package, which community support can reduce or end. */
const cashableServices = new Set(["home-care", "domiciliary-package-65-plus"]);

export interface DemoEvidence {
  persons: Person[];
  referrals: Referral[];
  events: ReferralEvent[];
  diverted: Diverted[];
  /** One request per person, made the way a practitioner makes one: the funnel counts these. */
  requests: Request[];
  requestEvents: RequestEvent[];
}

/** Day care has no figure in the business cases: the demo adds an illustrative one (see notes). */
export const demoDayCareUnitCost = {
  id: unitCostId("day-care", "2024-04-01"),
  service: "day-care",
  unit: "hour" as const,
  amountPence: 1000,
  priceYear: "2024/25",
  source: "Demo figure for illustration (not from a business case): replace it with your council's day-care rate",
  notes: "About £60 for a six-hour day at a day centre. Invented for the demo so that diverted day care can be priced.",
  validFrom: "2024-04-01",
  validTo: null,
};

const personCount = 300;

// How requests for help end: roughly the Cambridgeshire split, with a share now referred on.
const outcomes = [
  { outcome: "referred", weight: 38 },
  { outcome: "signposted", weight: 34 },
  { outcome: "short_term_support", weight: 12 },
  { outcome: "nothing", weight: 10 },
  { outcome: "open", weight: 6 },
] as const;

const ageBands = [
  { band: "45-64", weight: 8 },
  { band: "65-74", weight: 27 },
  { band: "75-84", weight: 40 },
  { band: "85+", weight: 25 },
] as const;

const needRisk: Record<string, string[]> = {
  "social-connection": ["loneliness"],
  "carer-support": ["carer-burden"],
  "falls-home-safety": ["fall"],
  "getting-out": ["loneliness", "low-confidence"],
  "daily-living": ["comorbidity"],
  memory: ["dementia-comorbidity"],
  "confidence-health": ["low-confidence", "poor-perceived-health"],
  "money-advice-digital": [],
};

const needWeights: Record<string, number> = {
  "social-connection": 30,
  "daily-living": 18,
  "falls-home-safety": 14,
  "carer-support": 10,
  memory: 9,
  "getting-out": 9,
  "confidence-health": 6,
  "money-advice-digital": 4,
};

const whatMatters = [
  "Getting out of the house more",
  "Staying in my own home",
  "Seeing people again since my wife died",
  "Keeping my garden going",
  "Not being a burden on my daughter",
  "Getting to the shops on my own",
  "A break from caring now and then",
  "Feeling steady on my feet",
];

export function buildDemoEvidence(input: {
  today: string;
  postcodes: readonly DemoEvidencePostcode[];
  services: readonly DemoEvidenceService[];
  practitionerId: string;
}): DemoEvidence {
  // The same stream whatever the date: only the dates move with the seed date.
  const random = new Random("demo-evidence");
  const todayDay = toDay(input.today);
  const firstDay = todayDay - 365;
  const result: DemoEvidence = { persons: [], referrals: [], events: [], diverted: [], requests: [], requestEvents: [] };
  const byWard = new Map<string, DemoEvidenceService[]>();
  for (const service of input.services) {
    if (!service.wardCode) continue;
    byWard.set(service.wardCode, [...(byWard.get(service.wardCode) ?? []), service]);
  }
  const postcodes = input.postcodes.filter((row) => byWard.has(row.wardCode));
  if (postcodes.length === 0 || input.services.length === 0) return result;

  for (let index = 1; index <= personCount; index++) {
    const reference = `DEMO-${String(index).padStart(4, "0")}`;
    const personId = stableId("demo-person", reference);
    const home = random.pick(postcodes);
    // Requests arrive through the year, a little busier in winter.
    const created = firstDay + random.int(0, 350);
    const mainNeed = random.weighted(Object.keys(needWeights), (need) => needWeights[need]!);
    const otherNeed = random.chance(0.5) ? random.weighted(Object.keys(needWeights), (need) => needWeights[need]!) : mainNeed;
    const needs = [...new Set([mainNeed, otherNeed])];
    const outcome = random.weighted(outcomes, (row) => row.weight).outcome;
    const conversation = random.chance(0.85) ? ("c1" as const) : ("c2" as const);
    const createdAt = dateTime(created, 10 + random.int(0, 6));
    result.persons.push({
      id: personId,
      reference,
      ageBand: random.weighted(ageBands, (row) => row.weight).band,
      postcode: home.postcode,
      latitude: home.latitude,
      longitude: home.longitude,
      wardCode: home.wardCode,
      districtCode: home.districtCode,
      whatMatters: random.pick(whatMatters),
      needs,
      riskFactors: [...new Set(needs.flatMap((need) => needRisk[need] ?? []))],
      lawfulBasis: "public_task",
      consentGiven: true,
      consentRecordedAt: createdAt,
      ownerId: input.practitionerId,
      isDemo: true,
      createdAt,
      updatedAt: createdAt,
      lastActivityAt: createdAt,
    });
    result.requests.push(...demoRequest(result, { personId, reference, home, created, todayDay, createdAt, practitionerId: input.practitionerId, conversation, outcome }));
    if (outcome !== "referred" && outcome !== "signposted") continue;

    const local = byWard.get(home.wardCode) ?? [];
    const suitable = local.filter((service) => service.needs.includes(mainNeed));
    const candidates = suitable.length > 0 ? suitable : input.services.filter((service) => service.needs.includes(mainNeed));
    if (candidates.length === 0) continue;
    const count = Math.min(candidates.length, random.chance(0.35) ? 2 : 1);
    const chosen = random.shuffle(candidates).slice(0, count);
    chosen.forEach((service, order) => {
      const referralId = stableId("demo-referral", `${reference}/${order}`);
      const kind = outcome === "referred" ? "referral" : "signpost";
      const path =
        kind === "signpost"
          ? random.chance(0.45)
            ? (["suggested", "started"] as const)
            : (["suggested"] as const)
          : random.weighted(
              [
                { steps: ["suggested", "referred"] as const, weight: 8 },
                { steps: ["suggested", "referred", "declined"] as const, weight: 10 },
                { steps: ["suggested", "referred", "accepted"] as const, weight: 10 },
                { steps: ["suggested", "referred", "accepted", "started"] as const, weight: 45 },
                { steps: ["suggested", "referred", "accepted", "started", "ended"] as const, weight: 27 },
              ],
              (row) => row.weight,
            ).steps;
      let day = created + order;
      const stepDays: number[] = [];
      for (let step = 0; step < path.length; step++) {
        if (step > 0) day += step === path.length - 1 && path[step] === "ended" ? random.int(40, 160) : random.int(1, 10);
        stepDays.push(Math.min(day, todayDay - 1));
      }
      const status = path[path.length - 1]!;
      const referralNeeds = [mainNeed, ...needs.filter((need) => need !== mainNeed && service.needs.includes(need))];
      result.referrals.push({
        id: referralId,
        personId,
        serviceId: service.id,
        kind,
        status,
        needs: referralNeeds,
        matchReasons: "Near home; meets the need they named.",
        sharedSummary: kind === "referral" ? "Would like company and help to get out; happy to be phoned." : "",
        consentToShare: kind === "referral",
        providerReason: status === "declined" ? "No space at the moment" : null,
        createdBy: input.practitionerId,
        createdAt: dateTime(stepDays[0]!, 11),
        statusChangedAt: dateTime(stepDays[stepDays.length - 1]!, 12),
      });
      path.forEach((toStatus, step) => {
        result.events.push({
          id: stableId("demo-referral-event", `${referralId}/${step}`),
          referralId,
          fromStatus: step === 0 ? null : path[step - 1]!,
          toStatus,
          reason: toStatus === "declined" ? "No space at the moment" : null,
          actorId: input.practitionerId,
          at: dateTime(stepDays[step]!, 12),
        });
      });

      const startedAt = path.indexOf("started" as never);
      if (startedAt < 0 || order > 0) return;
      const from = stepDays[startedAt]!;
      const endedAt = path.indexOf("ended" as never);
      const care = divertedFor(service, mainNeed, random);
      if (!care) return;
      const to = endedAt >= 0 ? stepDays[endedAt]! : care.weeks ? Math.min(from + care.weeks * 7 - 1, todayDay - 1) : null;
      result.diverted.push({
        id: stableId("demo-diverted", referralId),
        referralId,
        personId,
        service: care.service,
        hoursPerWeek: care.hoursPerWeek,
        fromDate: fromDay(from),
        toDate: to === null ? null : fromDay(Math.max(to, from)),
        confidence: random.weighted(
          [
            { level: "low", weight: 2 },
            { level: "medium", weight: 5 },
            { level: "high", weight: 3 },
          ] as const,
          (row) => row.weight,
        ).level,
        // About a third of home care is an existing package reduced (a cashable saving); the
        // rest is care avoided. From the record's id, not the random stream, so every other
        // demo figure stays as it was.
        cashable: cashableServices.has(care.service) && parseInt(stableId("demo-diverted", referralId).slice(-2), 16) % 3 === 0,
        note: care.note,
        recordedBy: input.practitionerId,
        recordedAt: dateTime(from, 15),
        isDemo: true,
      });
    });
  }
  return result;
}

/**
 * The person's request, closed as their demo outcome says (referred and signposted are both
 * "signposted to community support"; about a third of "nothing further" went to formal care
 * instead, decided in conversation 3). Its timings come from the reference, not the random
 * stream, so every other demo figure stays as it was.
 */
function demoRequest(
  result: DemoEvidence,
  input: {
    personId: string;
    reference: string;
    home: DemoEvidencePostcode;
    created: number;
    todayDay: number;
    createdAt: Date;
    practitionerId: string;
    conversation: "c1" | "c2";
    outcome: (typeof outcomes)[number]["outcome"];
  },
): Request[] {
  const id = stableId("demo-request", input.reference);
  const spread = parseInt(id.slice(-4), 16);
  const formalCare = input.outcome === "nothing" && spread % 3 === 0;
  const outcome = { referred: "signposted", signposted: "signposted", short_term_support: "short_term", nothing: formalCare ? "formal_care" : "nothing_further", open: null }[input.outcome] as Request["outcome"] | null;
  const receivedOn = fromDay(input.created);
  const closedDay = Math.min(input.created + 2 + (spread % 40), input.todayDay - 1);
  const closedOn = outcome ? fromDay(Math.max(closedDay, input.created)) : null;
  const conversation = formalCare ? "c3" : input.conversation;
  result.requestEvents.push({ id: stableId("demo-request-event", `${id}/received`), requestId: id, kind: "received", onDate: receivedOn, toConversation: input.conversation, actorId: input.practitionerId, at: input.createdAt });
  if (formalCare) {
    result.requestEvents.push({ id: stableId("demo-request-event", `${id}/c3`), requestId: id, kind: "conversation", onDate: closedOn!, fromConversation: input.conversation, toConversation: "c3", actorId: input.practitionerId, at: dateTime(toDay(closedOn!), 11) });
  }
  if (closedOn) result.requestEvents.push({ id: stableId("demo-request-event", `${id}/closed`), requestId: id, kind: "closed", onDate: closedOn, note: outcome, actorId: input.practitionerId, at: dateTime(toDay(closedOn), 12) });
  return [
    {
      id,
      reference: `DEMO-REQ-${input.reference.slice(5)}`,
      personId: input.personId,
      source: (["practitioner", "gp", "hospital", "self", "family_carer"] as const)[spread % 5]!,
      receivedOn,
      conversation,
      wardCode: input.home.wardCode,
      districtCode: input.home.districtCode,
      practitionerId: input.practitionerId,
      outcome,
      closedOn,
      shortTermSupport: outcome === "short_term" ? [spread % 2 === 0 ? "reablement" : "bridging"] : [],
      careService: formalCare ? "home-care" : null,
      careHoursPerWeek: formalCare ? "7.00" : null,
      careDecidedOn: formalCare ? closedOn : null,
      closedBy: outcome ? input.practitionerId : null,
      createdBy: input.practitionerId,
      isDemo: true,
      createdAt: input.createdAt,
      updatedAt: input.createdAt,
      lastActivityAt: input.createdAt,
    },
  ];
}

/** What formal care a started support plausibly stood in for. */
function divertedFor(
  service: DemoEvidenceService,
  need: string,
  random: Random,
): { service: string; hoursPerWeek: string | null; weeks?: number; note: string } | null {
  if (service.kind === "personal_assistant" || service.kind === "micro_enterprise") {
    return { service: "home-care", hoursPerWeek: random.stepped(4, 14, 0.5).toFixed(2), note: "Home care not started: a local PA or micro-enterprise helps instead." };
  }
  if (need === "memory" || need === "carer-support") {
    if (random.chance(0.3)) {
      return { service: "residential-placement-65-plus", hoursPerWeek: null, weeks: random.int(12, 30), note: "Carer was close to breaking point; a sitting service and carers' group kept them at home." };
    }
    return { service: "day-care", hoursPerWeek: random.stepped(5, 12, 1).toFixed(2), note: "Day centre place not needed: a dementia café and sitting service instead." };
  }
  if (need === "getting-out" || (need === "falls-home-safety" && random.chance(0.4))) {
    return { service: "reablement-bridging", hoursPerWeek: random.stepped(4, 10, 1).toFixed(2), weeks: random.int(2, 6), note: "Bridged the gap after hospital until reablement started." };
  }
  if (need === "social-connection" || need === "daily-living" || need === "falls-home-safety" || need === "confidence-health") {
    if (random.chance(0.3)) return { service: "day-care", hoursPerWeek: random.stepped(4, 10, 1).toFixed(2), note: "Day centre not needed: a lunch club and social group instead." };
    return { service: "home-care", hoursPerWeek: random.stepped(2, 7, 0.5).toFixed(2), note: "A social-support call in the home-care package was not needed." };
  }
  return null;
}

/** Loads what the generator needs, writes its records in one transaction, and returns how many people it added. */
export async function seedDemoEvidence(db: Database, today: string, eastCambridgeshire: readonly DemoEvidencePostcode[]): Promise<number> {
  const needsTaxonomy = taxonomyId(taxonomyCodes.needs);
  const services = await queryRows<{ id: string; kind: string; ward_code: string | null; needs: string[] | null }>(
    db,
    sql`select s.id, s.kind::text as kind, min(l.ward_code) as ward_code,
               array_remove(array_agg(distinct t.code), null) as needs
        from services s
        join service_at_locations sal on sal.service_id = s.id
        join locations l on l.id = sal.location_id
        left join attributes a on a.link_id = s.id
        left join taxonomy_terms t on t.id = a.taxonomy_term_id and t.taxonomy_id = ${needsTaxonomy}
        where s.is_demo and s.listing_status = 'published' and l.district_code = 'E07000009'
        group by s.id, s.kind
        order by s.id`,
  );
  const evidence = buildDemoEvidence({
    today,
    postcodes: eastCambridgeshire,
    services: services.map((row) => ({ id: row.id, kind: row.kind, wardCode: row.ward_code, needs: row.needs ?? [] })),
    practitionerId: stableId("user", "practitioner@demo.example.org"),
  });
  // A demo monthly target from the first demo month, so the trajectory has a line to read against.
  const firstMonth = `${fromDay(toDay(today) - 365).slice(0, 7)}-01`;
  const commissionerId = stableId("user", "commissioner@demo.example.org");
  await db.transaction(async (tx) => {
    await tx.insert(unitCosts).values(demoDayCareUnitCost).onConflictDoNothing();
    await tx
      .insert(evidenceTargets)
      .values(
        [null, "E07000009"].map((districtCode) => ({
          id: stableId("demo-target", `${districtCode ?? "all"}/${firstMonth}`),
          districtCode,
          monthlyTargetPence: 2_500_000,
          validFrom: firstMonth,
          note: "Demo target",
          setBy: commissionerId,
        })),
      )
      .onConflictDoNothing();
    for (const [table, rows] of [
      [persons, evidence.persons],
      [referrals, evidence.referrals],
      [referralEvents, evidence.events],
      [divertedCare, evidence.diverted],
      [requests, evidence.requests],
      [requestEvents, evidence.requestEvents],
    ] as const) {
      for (let start = 0; start < rows.length; start += 500) {
        // why the cast: the tuple loses which table goes with which rows.
        await tx.insert(table as typeof persons).values(rows.slice(start, start + 500) as Person[]).onConflictDoNothing();
      }
    }
  });
  return evidence.persons.length;
}

// ─── days ──────────────────────────────────────────────────────────────────────────────────

function dateTime(day: number, hour: number): Date {
  return new Date(day * 86_400_000 + hour * 3_600_000);
}

