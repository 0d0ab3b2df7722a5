/**
 * The synthetic county for the benchmark: `size` published listings placed on real
 * Cambridgeshire postcodes (every district in db/data/geo), with plausible names and
 * descriptions from word lists, needs, kinds and accessibility as attributes rows (as
 * db/seed/demo-insert.ts writes them), schedules on some, capacity, free and Direct Payment flags.
 * Deterministic: one seeded PRNG, so the same size always gives the same directory.
 */
import type { AssetKind } from "../db/vocabulary/kinds";
import type { AccessibilityFeatureCode, NeedCode } from "../db/vocabulary/needs";
import type { PostcodeRecord } from "../db/seed/geography";
import { mulberry32 } from "../db/seed/random";

export interface BenchAsset {
  key: string;
  organizationKey: string;
  organizationName: string;
  name: string;
  description: string;
  kind: AssetKind;
  needs: NeedCode[];
  accessibility: AccessibilityFeatureCode[];
  postcode: PostcodeRecord;
  venue: { name: string; address1: string } | null;
  schedules: { freq: "WEEKLY" | "MONTHLY"; byday: string; opensAt: string; closesAt: string; description: string }[];
  isFree: boolean;
  hourlyRatePence: number | null;
  costPounds: number | null;
  capacity: { unit: "places" | "hours_per_week"; total: number; available: number } | null;
  directPayment: boolean;
  minimumAge: number | null;
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

interface Archetype {
  kind: AssetKind;
  nouns: readonly string[];
  needs: readonly NeedCode[];
  blurbs: readonly string[];
}

const archetypes: readonly Archetype[] = [
  {
    kind: "vcs_group",
    nouns: ["Lunch Club", "Friendship Club", "Befriending Scheme", "Coffee Morning", "Walking Group", "Men's Shed", "Knit and Natter", "Memory Cafe"],
    needs: ["social-connection", "getting-out", "memory", "confidence-health"],
    blurbs: [
      "a hot two-course lunch and good company",
      "friendly volunteers who visit or phone people who feel lonely",
      "a relaxed coffee morning with games, quizzes and a chat",
      "gentle walks at an easy pace, finishing with tea",
      "a workshop where people share skills, make things and talk",
      "a welcoming cafe for people living with dementia and their carers",
    ],
  },
  {
    kind: "community_hub",
    nouns: ["Community Centre", "Village Hall", "Community Hub", "Library Hub", "Warm Space"],
    needs: ["social-connection", "money-advice-digital", "daily-living"],
    blurbs: [
      "drop-in help with forms, benefits and getting online",
      "a warm, free place to sit, with hot drinks and newspapers",
      "activities every weekday, from chair exercise to bingo",
    ],
  },
  {
    kind: "micro_enterprise",
    nouns: ["Home Help", "Gardening Help", "Handyperson Service", "Companion Care", "Shopping Service"],
    needs: ["daily-living", "falls-home-safety", "getting-out"],
    blurbs: [
      "help around the home: cleaning, shopping, meals and errands",
      "small repairs, grab rails and making the home safer",
      "a companion for appointments, trips out and shopping",
    ],
  },
  {
    kind: "personal_assistant",
    nouns: ["Personal Assistant", "PA Support", "Care and Support"],
    needs: ["daily-living", "getting-out", "confidence-health"],
    blurbs: ["a self-employed personal assistant for personal care, outings and help at home"],
  },
  {
    kind: "faith_group",
    nouns: ["Church Lunch", "Fellowship Group", "Parish Visiting", "Community Kitchen"],
    needs: ["social-connection", "carer-support"],
    blurbs: ["a shared meal and a welcome for everyone, whatever their faith", "volunteers visiting people at home for a chat"],
  },
  {
    kind: "local_business",
    nouns: ["Pharmacy Delivery", "Taxi Service", "Hairdresser at Home", "Cafe"],
    needs: ["getting-out", "daily-living"],
    blurbs: ["door-to-door trips to appointments and shops", "a local business that goes the extra mile for older customers"],
  },
  {
    kind: "commissioned_service",
    nouns: ["Carers Support", "Falls Prevention Class", "Reablement Team", "Advice Service"],
    needs: ["carer-support", "falls-home-safety", "money-advice-digital", "confidence-health"],
    blurbs: [
      "support and a break for unpaid carers",
      "strength and balance exercises to prevent falls",
      "free, confidential advice about money, benefits and housing",
    ],
  },
  {
    kind: "technology_enabled_care",
    nouns: ["Lifeline Alarm", "Telecare", "Digital Buddies"],
    needs: ["falls-home-safety", "money-advice-digital"],
    blurbs: ["a pendant alarm answered day and night", "help getting started with tablets, video calls and the internet"],
  },
];

const prefixes = ["Friendly", "Good Neighbours", "Village", "Sunshine", "Riverside", "Fenland", "Market Town", "Open Door", "Together", "Helping Hands", "Green Lane", "Oak Tree", "St Mary's", "Silver", "Kind Hearts", "Community"];
const extras = [
  "Everyone is welcome and the first visit is free.",
  "Transport can be arranged for people who cannot get there on their own.",
  "Carers are welcome to come along too.",
  "There is a lift and a hearing loop.",
  "Run by local volunteers since 2012.",
  "Call ahead so we can save you a seat.",
  "We can help you fill in forms and make phone calls.",
  "Bring a friend, or come on your own and make new ones.",
];
const streets = ["High Street", "Church Lane", "Station Road", "Mill Road", "The Green", "Market Place", "School Lane", "Chapel Street"];
const venues = ["Village Hall", "Methodist Church Hall", "Community Centre", "Library", "Pavilion", "Scout Hut"];
const days = ["MO", "TU", "WE", "TH", "FR", "SA"] as const;
const dayNames: Record<string, string> = { MO: "Mondays", TU: "Tuesdays", WE: "Wednesdays", TH: "Thursdays", FR: "Fridays", SA: "Saturdays" };
const features: readonly AccessibilityFeatureCode[] = ["step-free", "accessible-toilet", "hearing-loop", "parking", "bsl", "home-visits"];

export function generateAssets(size: number, postcodes: PostcodeRecord[], seed = 20261129): BenchAsset[] {
  const random = mulberry32(seed);
  const assets: BenchAsset[] = [];
  for (let index = 0; index < size; index++) {
    const archetype = pick(random, archetypes);
    const postcode = pick(random, postcodes);
    const noun = pick(random, archetype.nouns);
    const place = postcode.wardName;
    const name = random() < 0.5 ? `${pick(random, prefixes)} ${noun}` : `${place} ${noun}`;
    const needs = new Set<NeedCode>([pick(random, archetype.needs)]);
    if (random() < 0.5) needs.add(pick(random, archetype.needs));
    const accessibility = features.filter(() => random() < 0.2);
    const atVenue = archetype.kind !== "personal_assistant" && archetype.kind !== "technology_enabled_care";
    const schedules: BenchAsset["schedules"] = [];
    if (atVenue && random() < 0.6) {
      const day = pick(random, days);
      const opens = 9 + Math.floor(random() * 8);
      schedules.push({
        freq: "WEEKLY",
        byday: day,
        opensAt: `${String(opens).padStart(2, "0")}:00`,
        closesAt: `${String(opens + 2).padStart(2, "0")}:00`,
        description: `${dayNames[day]}, ${opens}:00 to ${opens + 2}:00`,
      });
    }
    const isFree = random() < 0.4;
    const paid = archetype.kind === "personal_assistant" || archetype.kind === "micro_enterprise";
    const organizationIndex = Math.floor(index / 4); // about four listings per organisation
    assets.push({
      key: `bench/${index}`,
      organizationKey: `bench/${organizationIndex}`,
      organizationName: `${pick(random, prefixes)} ${place} Trust ${organizationIndex}`,
      name,
      description: `${name} in ${place} offers ${pick(random, archetype.blurbs)}. ${pick(random, extras)} ${pick(random, extras)}`,
      kind: archetype.kind,
      needs: [...needs],
      accessibility,
      postcode,
      venue: atVenue ? { name: `${place} ${pick(random, venues)}`, address1: `${1 + Math.floor(random() * 120)} ${pick(random, streets)}` } : null,
      schedules,
      isFree: isFree && !paid,
      hourlyRatePence: paid ? 1500 + Math.floor(random() * 1500) : null,
      costPounds: !isFree && !paid ? 1 + Math.floor(random() * 8) : null,
      capacity: random() < 0.7 ? { unit: paid ? "hours_per_week" : "places", total: 10 + Math.floor(random() * 30), available: Math.floor(random() * 10) } : null,
      directPayment: paid ? random() < 0.8 : random() < 0.1,
      minimumAge: random() < 0.3 ? 50 + Math.floor(random() * 16) : 18,
    });
  }
  return assets;
}
