/**
 * The demo directory: a plausible, entirely invented set of community assets in East
 * Cambridgeshire, so that the pilot can be shown and tested without real people's listings.
 *
 * Pure and deterministic: the only input is the list of real postcodes (each asset is placed
 * on one of them, in the right ward for its town), and the only randomness is a seeded PRNG.
 * Every asset draws its details from its own PRNG stream, keyed by its stable key, so adding
 * or reordering an archetype does not reshuffle every other listing (only phone numbers, and
 * names that would clash, depend on what was generated before).
 *
 * Layout: shared constants and data tables first (towns, organisations, archetypes), then
 * small building functions, then `buildDemoDirectory`.
 *
 * Demo hygiene: organisation and people's names are invented; phone numbers use only Ofcom's
 * drama range (01632 960xxx); emails and websites only example.org; every organisation's
 * description ends with the demo notice.
 */
import { formatTime, joinWithAnd } from "../vocabulary/words";
import type { AssetKind, ListingStatus } from "../vocabulary/kinds";
import type { AccessibilityFeatureCode, NeedCode } from "../vocabulary/needs";
import { addDays } from "../calendar";
import { Random } from "./random";

// ─── Public interface (other code depends on these names) ───────────────────────────────────

export interface DemoPostcode {
  postcode: string;
  latitude: number;
  longitude: number;
  wardCode: string;
  wardName: string;
  districtCode: string;
}

export interface DemoSchedule {
  freq: "WEEKLY" | "MONTHLY";
  byday: string; // iCal BYDAY, e.g. "TU,TH", or "1MO" (first Monday) when MONTHLY
  opensAt: string; // "HH:MM"
  closesAt: string;
  description: string; // plain English, e.g. "Tuesdays and Thursdays, 10am to 12 noon"
}

export interface DemoAsset {
  key: string;
  organization: { key: string; name: string; description: string; email: string | null; website: string | null };
  name: string;
  description: string;
  kind: AssetKind;
  needs: NeedCode[];
  accessibility: AccessibilityFeatureCode[];
  town: string;
  postcode: DemoPostcode;
  venue: { name: string; address1: string } | null;
  schedules: DemoSchedule[];
  isFree: boolean;
  fees: string | null;
  hourlyRatePence: number | null;
  costOption: { option: string; amount: number; amountDescription: string } | null;
  capacity: {
    unit: "places" | "hours_per_week";
    total: number;
    available: number;
    waitingList: boolean;
    waitingListWeeks: number | null;
  } | null;
  directPayment: boolean;
  regulated: boolean;
  regulator: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  contact: { name: string | null; title: string | null; phone: string; email: string | null };
  listingStatus: ListingStatus;
  lastVerifiedAt: string;
  serviceArea: { name: string; wardCode: string | null; districtCode: string };
}

// ─── Fixed settings ─────────────────────────────────────────────────────────────────────────

/** Changing the seed gives a different (but equally valid) directory. */
const SEED = "asset-atlas-demo-directory-v1";
/** A stream of this directory's own (the seed keeps it apart from other invented data). */
const seeded = (label: string) => new Random(`${SEED}:${label}`);

const DISTRICT = { code: "E07000009", name: "East Cambridgeshire" } as const;

const DEMO_NOTICE = " (Demo listing: invented for demonstration.)";

/** lastVerifiedAt falls in the 18 months before this date, so about a third are overdue. */
const VERIFIED_BEFORE = "2026-11-01";
const VERIFIED_SPAN_DAYS = 548;

/** Ofcom reserves 01632 960000–960999 for drama: numbers that can never ring a real person. */
const DRAMA_PHONE_PREFIX = "01632 960";

/** Roughly 90% published, with a few listings in each of the other states for the review screens. */
const STATUS_ODDS: ReadonlyArray<readonly [ListingStatus, number]> = [
  ["published", 0.9],
  ["in_review", 0.04],
  ["draft", 0.03],
  ["archived", 0.03],
];

// ─── Towns and villages ─────────────────────────────────────────────────────────────────────

interface Town {
  name: string;
  /** ward names exactly as in the postcode data (the 2019 East Cambridgeshire wards) */
  wards: readonly string[];
  /** postcode sectors that cover the settlement itself */
  sectors: readonly string[];
  /** approximate centre, so assets land in the village rather than anywhere in its ward */
  centre: { lat: number; lon: number };
  radiusKm: number;
  /** roughly proportional to population: the bigger the place, the more assets */
  weight: number;
  isTown: boolean;
  mainStreet: string;
  /** an invented church, which runs the faith-group assets in that place */
  church: string;
}

const towns: readonly Town[] = [
  { name: "Ely", wards: ["Ely East", "Ely North", "Ely West"], sectors: ["CB6 1", "CB7 4"], centre: { lat: 52.399, lon: 0.262 }, radiusKm: 2.5, weight: 20, isTown: true, mainStreet: "Market Street", church: "Willow Walk Chapel" },
  { name: "Soham", wards: ["Soham North", "Soham South"], sectors: ["CB7 5"], centre: { lat: 52.334, lon: 0.338 }, radiusKm: 2, weight: 11, isTown: true, mainStreet: "High Street", church: "Lapwing Road Chapel" },
  { name: "Littleport", wards: ["Littleport"], sectors: ["CB6 1"], centre: { lat: 52.458, lon: 0.305 }, radiusKm: 1.8, weight: 9, isTown: true, mainStreet: "Main Street", church: "Riverside Free Church" },
  { name: "Burwell", wards: ["Burwell"], sectors: ["CB25 0"], centre: { lat: 52.276, lon: 0.327 }, radiusKm: 1.8, weight: 6.5, isTown: true, mainStreet: "High Street", church: "Orchard Street Church" },
  { name: "Sutton", wards: ["Sutton"], sectors: ["CB6 2"], centre: { lat: 52.387, lon: 0.112 }, radiusKm: 1.2, weight: 4, isTown: false, mainStreet: "High Street", church: "Meadow Lane Chapel" },
  { name: "Haddenham", wards: ["Haddenham"], sectors: ["CB6 3"], centre: { lat: 52.359, lon: 0.147 }, radiusKm: 1.2, weight: 3.5, isTown: false, mainStreet: "High Street", church: "Hilltop Fellowship" },
  { name: "Fordham", wards: ["Fordham & Isleham"], sectors: ["CB7 5"], centre: { lat: 52.311, lon: 0.393 }, radiusKm: 1.2, weight: 3, isTown: false, mainStreet: "Market Street", church: "Brookside Chapel" },
  { name: "Bottisham", wards: ["Bottisham"], sectors: ["CB25 9"], centre: { lat: 52.221, lon: 0.259 }, radiusKm: 1.2, weight: 2.5, isTown: false, mainStreet: "High Street", church: "Fieldside Church" },
  { name: "Isleham", wards: ["Fordham & Isleham"], sectors: ["CB7 5"], centre: { lat: 52.343, lon: 0.412 }, radiusKm: 1.2, weight: 2.5, isTown: false, mainStreet: "Church Street", church: "Causeway Fellowship" },
  { name: "Witchford", wards: ["Stretham"], sectors: ["CB6 2"], centre: { lat: 52.387, lon: 0.206 }, radiusKm: 1.2, weight: 2.5, isTown: false, mainStreet: "Main Street", church: "Holly Lane Church" },
  { name: "Little Downham", wards: ["Downham Villages"], sectors: ["CB6 2"], centre: { lat: 52.433, lon: 0.236 }, radiusKm: 1.2, weight: 2.5, isTown: false, mainStreet: "Main Street", church: "Bishops Way Chapel" },
  { name: "Stretham", wards: ["Stretham"], sectors: ["CB6 3"], centre: { lat: 52.347, lon: 0.222 }, radiusKm: 1.2, weight: 2, isTown: false, mainStreet: "High Street", church: "Windmill Chapel" },
  { name: "Cheveley", wards: ["Woodditton"], sectors: ["CB8 9"], centre: { lat: 52.215, lon: 0.466 }, radiusKm: 1.2, weight: 2, isTown: false, mainStreet: "High Street", church: "Park Lane Chapel" },
  { name: "Wilburton", wards: ["Stretham"], sectors: ["CB6 3"], centre: { lat: 52.351, lon: 0.181 }, radiusKm: 1, weight: 1.3, isTown: false, mainStreet: "High Street", church: "Grove Chapel" },
  { name: "Woodditton", wards: ["Woodditton"], sectors: ["CB8 9"], centre: { lat: 52.208, lon: 0.432 }, radiusKm: 1.5, weight: 1, isTown: false, mainStreet: "Church Street", church: "Oak Tree Chapel" },
  { name: "Mepal", wards: ["Sutton"], sectors: ["CB6 2"], centre: { lat: 52.405, lon: 0.119 }, radiusKm: 1, weight: 1, isTown: false, mainStreet: "High Street", church: "Willow Bank Church" },
  { name: "Swaffham Prior", wards: ["Bottisham"], sectors: ["CB25 0"], centre: { lat: 52.253, lon: 0.302 }, radiusKm: 1, weight: 0.9, isTown: false, mainStreet: "High Street", church: "Mill Hill Chapel" },
  { name: "Wicken", wards: ["Soham South"], sectors: ["CB7 5"], centre: { lat: 52.311, lon: 0.294 }, radiusKm: 1, weight: 0.8, isTown: false, mainStreet: "High Street", church: "Fenside Chapel" },
  { name: "Dullingham", wards: ["Woodditton"], sectors: ["CB8 9"], centre: { lat: 52.203, lon: 0.372 }, radiusKm: 1, weight: 0.8, isTown: false, mainStreet: "Station Road", church: "Chestnut Chapel" },
  { name: "Kennett", wards: ["Fordham & Isleham"], sectors: ["CB8 7"], centre: { lat: 52.289, lon: 0.491 }, radiusKm: 1, weight: 0.6, isTown: false, mainStreet: "Station Road", church: "Brook Chapel" },
];

/** Where district-wide services keep an office or base. */
const BASE_TOWNS = ["Ely", "Ely", "Soham", "Littleport"] as const;
const LIBRARY_TOWNS = ["Ely", "Soham", "Littleport", "Burwell"] as const;
const LARGER_TOWNS = ["Ely", "Soham", "Littleport", "Burwell"] as const;
/** Places with a GP surgery or health centre that could host a group or a link worker. */
const SURGERY_TOWNS: readonly string[] = [...LARGER_TOWNS, "Sutton", "Haddenham", "Bottisham", "Isleham"];
/** Villages (not the four towns): each has one village hall listing. */
const VILLAGES = towns.filter((town) => !town.isTown).map((town) => town.name);

// ─── Invented names ─────────────────────────────────────────────────────────────────────────

/** Nature words from the fens: make names that are plausible but clearly not real bodies. */
const flavours = [
  "Kingfisher", "Heron", "Willow", "Lapwing", "Skylark", "Bramble", "Hawthorn", "Meadow", "Orchard",
  "Sedge", "Lantern", "Marigold", "Poppy", "Bluebell", "Swallow", "Otter", "Fenbridge", "Oakleaf",
  "Harvest", "Beacon", "Primrose", "Acorn", "Cornflower", "Larkspur", "Reedbed", "Moorhen",
] as const;

const firstNames = [
  "Sam", "Priya", "Tom", "Aisha", "Dave", "Helen", "Marek", "Joanne", "Kwame", "Lucy", "Gareth",
  "Nadia", "Chris", "Bev", "Ola", "Mo", "Rachel", "Ian", "Sunita", "Pete", "Karen", "Tomasz", "Grace",
  "Neil", "Fiona", "Abdul", "Sue", "Jade", "Lee", "Ewa", "Mandy", "Raj", "Carol", "Dan", "Shona",
  "Ade", "Julie", "Stuart", "Leanne", "Femi", "Rosa", "Alan", "Mei", "Colin", "Hannah",
] as const;

const surnames = [
  "Whitlock", "Parfitt", "Okafor", "Hendry", "Nowak", "Bishop", "Claydon", "Fenn", "Ashworth",
  "Mistry", "Carver", "Lowe", "Danso", "Pegg", "Rudd", "Kowalski", "Thackeray", "Shah", "Denton",
  "Wragg", "Ellery", "Mayhew", "Quinn", "Holloway", "Barnard", "Osei", "Pryor", "Lindqvist",
] as const;

// ─── Organisations that run more than one asset ─────────────────────────────────────────────

interface SharedOrganisation {
  name: string;
  description: string;
}

const sharedOrganisations = {
  "isle-volunteer-bureau": { name: "Isle Volunteer Bureau", description: "Recruits, trains and supports volunteers across East Cambridgeshire for home visiting, shopping and garden help." },
  "lantern-befriending": { name: "Lantern Befriending Network", description: "A befriending charity that matches lonely older people with volunteer visitors and telephone friends." },
  "fen-link-minibus": { name: "Fen Link Community Minibus", description: "A not-for-profit accessible minibus service for people who find ordinary buses hard to use." },
  "brightwater-carers": { name: "Brightwater Carers' Circle", description: "A carers' charity running local carers' groups, a sitting service and the council-funded carers' support service." },
  "kingfisher-memory": { name: "Kingfisher Memory Friends", description: "A local dementia charity running memory cafés, singing groups and support for families." },
  "steady-steps": { name: "Steady Steps Community Exercise CIC", description: "A community interest company running strength and balance classes and a falls-prevention programme with qualified instructors." },
  "byte-buddies": { name: "Byte Buddies Digital Inclusion", description: "Volunteers who help people get online safely, and a tablet lending library." },
  "isle-money-matters": { name: "Isle Money Matters", description: "An independent advice charity giving free help with benefits, debts, bills and forms." },
  "fen-edge-home-support": { name: "Fen Edge Home Support", description: "A home support provider commissioned by the council for short-term, bridging and replacement care." },
  "home-again-partnership": { name: "Home Again Hospital Discharge Partnership", description: "A partnership of local charities that helps people settle back home after a stay in hospital." },
  "isle-wellbeing-link": { name: "Isle Wellbeing Link", description: "A social prescribing service: link workers who help people find local activities and support that suit them." },
  "isle-home-improvement": { name: "Isle Home Improvement Agency", description: "A not-for-profit agency that helps older and disabled people adapt and repair their homes." },
  "lapwing-telecare": { name: "Lapwing Telecare", description: "Provides and monitors personal alarms and home sensors, with a 24-hour response centre." },
  "sedgefen-care-tech": { name: "Sedgefen Care Technology", description: "A small social enterprise supplying easy-to-use care technology, with free advice on what might help." },
} as const satisfies Record<string, SharedOrganisation>;

type SharedOrganisationKey = keyof typeof sharedOrganisations;

// ─── Archetypes: the kinds of activity in DOMAIN.md, and how many of each to make ───────────

type Day = "MO" | "TU" | "WE" | "TH" | "FR" | "SA" | "SU";
type Hours = readonly [opensAt: string, closesAt: string];
type VenueKind = "hall" | "church" | "library" | "hub" | "sports" | "health" | "workshop" | "cafe" | "shop" | "office" | "walk";

type Timing =
  | { type: "weekly"; days: readonly [min: number, max: number]; pool?: readonly Day[]; hours: readonly Hours[]; label?: string }
  | { type: "monthly"; pool?: readonly Day[]; hours: readonly Hours[]; label?: string }
  | { type: "fixed"; slots: ReadonlyArray<{ byday: string; hours: Hours }>; label?: string }
  | { type: "by-arrangement" };

interface Price {
  /** chance that the asset is free to the person */
  freeChance: number;
  freeText?: readonly string[];
  /** pence; drawn in steps of `step` (default 50p) */
  amount?: readonly [min: number, max: number];
  step?: number;
  /** "hourly" uses the asset's hourly rate (PAs and micro-enterprises) */
  hourly?: boolean;
  per?: string; // "a session", "a mile", …
  option?: string; // ORUK cost_option.option
  extra?: string; // ", including lunch"
}

interface Capacity {
  unit: "places" | "hours_per_week";
  total: readonly [min: number, max: number];
  maxAvailable: number;
  waitingChance: number;
}

type OrganisationRule =
  | { type: "own"; description: string; websiteChance?: number }
  | { type: "shared"; key: SharedOrganisationKey; chance?: number; otherwise?: string }
  | { type: "church" }
  | { type: "person" };

interface Archetype {
  id: string; // used in asset keys
  count: number;
  kind: AssetKind;
  needs: readonly NeedCode[];
  /** PAs: extra needs drawn per person on top of `needs` */
  extraNeeds?: { from: readonly NeedCode[]; max: number };
  names: readonly string[]; // placeholders: {town} {flavour} {day} {venue} {first}
  descriptions: readonly string[]; // placeholders: {town} {venue} {church}
  venues: readonly VenueKind[] | null; // null: comes to you, by phone, or in your home
  comesHome?: boolean; // venue-less assets that visit people's homes (default true)
  timings: readonly Timing[];
  price: Price;
  hourlyRate?: readonly [min: number, max: number]; // pence; required for PAs and micro-enterprises
  capacity?: Capacity;
  org: OrganisationRule;
  towns?: readonly string[]; // restrict where it can be; repeats add weight
  oneInEachTown?: boolean; // exactly one in each of `towns` (count must equal their number)
  districtWideChance?: number; // chance the service area is the whole district, not the ward
  directPaymentChance?: number;
  regulator?: string; // e.g. "CQC" for services that give personal care
  ages?: ReadonlyArray<readonly [min: number | null, max: number | null]>;
  contactTitles: readonly string[];
  namedContactChance?: number;
}

const WEEKDAYS: readonly Day[] = ["MO", "TU", "WE", "TH", "FR"];
const MON_TO_SAT = "MO,TU,WE,TH,FR,SA";
const EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU";
const BY_ARRANGEMENT: Timing = { type: "by-arrangement" };
const FREE: Price = { freeChance: 1 };
const FREE_OR_DONATION: Price = { freeChance: 1, freeText: ["Free", "Free; donations welcome"] };
const OLDER: Archetype["ages"] = [[null, null], [18, null], [55, null], [60, null], [65, null]];
const ADULTS: Archetype["ages"] = [[18, null]];

const archetypes: readonly Archetype[] = [
  // ── Voluntary and community groups ──
  {
    id: "befriending", count: 14, kind: "vcs_group", needs: ["social-connection", "confidence-health"],
    names: ["Lantern Befriending: {town}", "{town} Home Befriending", "{flavour} Befriending Visits"],
    descriptions: [
      "A trained volunteer visits you at home in and around {town} for a cup of tea and a chat, usually once a week. Visits are arranged to suit you, and the same volunteer keeps coming.",
      "Weekly friendly visits at home for older people in {town} who feel lonely. When you feel ready, your volunteer can go with you to try a local group.",
    ],
    venues: null, timings: [BY_ARRANGEMENT], price: FREE,
    capacity: { unit: "places", total: [8, 20], maxAvailable: 5, waitingChance: 0.3 },
    org: { type: "shared", key: "lantern-befriending" }, ages: OLDER, contactTitles: ["Befriending coordinator"],
  },
  {
    id: "telephone-befriending", count: 5, kind: "vcs_group", needs: ["social-connection"],
    names: ["Lantern Telephone Friends", "{flavour} Chat Line", "Telephone befriending from {town}"],
    descriptions: [
      "A regular friendly phone call from the same volunteer, at a time that suits you. Good for people who cannot easily get out or who would like a chat before trying a group.",
    ],
    venues: null, comesHome: false,
    timings: [{ type: "weekly", days: [5, 5], hours: [["10:00", "16:00"], ["09:30", "17:00"]], label: "Calls made" }],
    price: FREE, capacity: { unit: "places", total: [15, 40], maxAvailable: 8, waitingChance: 0.1 },
    org: { type: "shared", key: "lantern-befriending" }, districtWideChance: 1, ages: OLDER, contactTitles: ["Befriending coordinator"],
  },
  {
    id: "lunch-club", count: 24, kind: "vcs_group", needs: ["social-connection", "daily-living"],
    names: ["{flavour} Lunch Club", "{town} {day} Lunch Club", "{flavour} Friendship Lunch"],
    descriptions: [
      "A hot two-course lunch with good company at {venue}. Everyone is welcome; tell us about any special diet when you book.",
      "Volunteers cook a home-made lunch and serve tea and cake at {venue} in {town}. Lifts can be arranged if you cannot get there on your own.",
    ],
    venues: ["hall", "church", "hub"],
    timings: [
      { type: "weekly", days: [1, 1], hours: [["12:00", "14:00"], ["12:00", "13:30"], ["11:45", "14:00"]] },
      { type: "monthly", hours: [["12:00", "14:00"]] },
    ],
    price: { freeChance: 0, amount: [350, 650], per: "a session", option: "Per session", extra: ", including a two-course lunch" },
    capacity: { unit: "places", total: [18, 40], maxAvailable: 8, waitingChance: 0.15 },
    org: { type: "own", description: "A volunteer-run lunch club in {town}." }, ages: OLDER, contactTitles: ["Organiser", "Club secretary"],
  },
  {
    id: "volunteer-visitors", count: 6, kind: "vcs_group", needs: ["social-connection", "daily-living"],
    names: ["Volunteer Visitors, {town}", "{flavour} Visiting Scheme"],
    descriptions: [
      "Volunteers call on people in {town} who live alone or have just come home from hospital, and help with small things like reading post or writing a shopping list. Visits are arranged with you by phone.",
    ],
    venues: null, timings: [BY_ARRANGEMENT], price: FREE,
    capacity: { unit: "places", total: [6, 15], maxAvailable: 4, waitingChance: 0.2 },
    org: { type: "shared", key: "isle-volunteer-bureau" }, ages: ADULTS, contactTitles: ["Volunteer coordinator"],
  },
  {
    id: "good-neighbours", count: 12, kind: "vcs_group", needs: ["social-connection", "getting-out", "falls-home-safety"],
    names: ["{town} Good Neighbours", "{flavour} Good Neighbour Scheme"],
    descriptions: [
      "Local volunteers help neighbours in {town} with small jobs: lifts to appointments, collecting prescriptions, changing a light bulb or just a chat. Ring us and we will find a volunteer.",
      "A good-neighbour scheme for {town}: friendly help with lifts, shopping, small jobs around the house and a regular phone call if you would like one.",
    ],
    venues: null, comesHome: true,
    timings: [{ type: "weekly", days: [5, 5], hours: [["09:00", "12:00"], ["09:30", "12:30"]], label: "Phone line open" }, BY_ARRANGEMENT],
    price: { freeChance: 0.5, freeText: ["Free; donations welcome"], amount: [40, 45], step: 5, per: "a mile for lifts", option: "Mileage", extra: "; other help is free" },
    org: { type: "own", description: "A volunteer good-neighbour scheme for {town}." }, ages: [[null, null]], contactTitles: ["Coordinator", "Scheme organiser"],
  },
  {
    id: "car-scheme", count: 12, kind: "vcs_group", needs: ["getting-out"],
    names: ["{town} Community Car Scheme", "{flavour} Community Cars"],
    descriptions: [
      "Volunteer drivers take you to GP and hospital appointments, the shops or to visit friends. Please book at least two days ahead.",
      "Lifts from {town} in volunteers' own cars to health appointments, the chemist and the shops. The driver can wait and bring you home.",
    ],
    venues: null, comesHome: false,
    timings: [
      { type: "weekly", days: [5, 5], hours: [["09:00", "12:00"], ["09:30", "12:30"]], label: "Bookings taken" },
      { type: "weekly", days: [3, 3], pool: ["MO", "WE", "FR"], hours: [["09:00", "13:00"]], label: "Bookings taken" },
    ],
    price: { freeChance: 0, amount: [40, 50], step: 5, per: "a mile", option: "Mileage", extra: ", paid to the volunteer driver" },
    org: { type: "own", description: "A volunteer community car scheme based in {town}." }, directPaymentChance: 0.2,
    ages: [[null, null]], contactTitles: ["Bookings coordinator", "Scheme coordinator"],
  },
  {
    id: "shopping-bus", count: 5, kind: "vcs_group", needs: ["getting-out", "social-connection"],
    names: ["Fen Link {day} shopping trip from {town}", "{town} {day} Shopping Bus"],
    descriptions: [
      "A door-to-door accessible minibus that takes you shopping and brings you home again. The driver helps with bags, and there is time for a coffee.",
    ],
    venues: null, comesHome: false,
    timings: [{ type: "weekly", days: [1, 1], hours: [["09:30", "14:30"], ["10:00", "15:00"]] }],
    price: { freeChance: 0, amount: [300, 500], per: "a return trip", option: "Return fare", extra: "; bus passes not accepted" },
    capacity: { unit: "places", total: [12, 16], maxAvailable: 6, waitingChance: 0.1 },
    org: { type: "shared", key: "fen-link-minibus" }, ages: [[null, null]], contactTitles: ["Bookings"], namedContactChance: 0.3,
  },
  {
    id: "handyperson", count: 6, kind: "vcs_group", needs: ["falls-home-safety"],
    names: ["{flavour} Handyperson Service", "{town} Handy Helpers"],
    descriptions: [
      "Small jobs that keep you safe at home: grab rails, key safes, smoke alarms, door chains and fixing trip hazards. A free home safety check comes with the first visit.",
    ],
    venues: null, timings: [BY_ARRANGEMENT],
    price: { freeChance: 0.2, freeText: ["Free for people over 70; materials extra"], amount: [1000, 1600], per: "an hour", option: "Per hour", extra: ", plus materials" },
    capacity: { unit: "hours_per_week", total: [10, 30], maxAvailable: 10, waitingChance: 0.25 },
    org: { type: "own", description: "A not-for-profit handyperson service run from {town}." }, districtWideChance: 0.5, ages: OLDER,
    contactTitles: ["Handyperson coordinator"],
  },
  {
    id: "carers-group", count: 12, kind: "vcs_group", needs: ["carer-support", "social-connection"],
    names: ["{town} Carers' Group", "{flavour} Carers' Café", "Carers' Time Out, {town}"],
    descriptions: [
      "A friendly get-together for people who look after a partner, parent or friend. Share tips, hear from local services and have some time for yourself.",
      "Unpaid carers meet over tea and cake at {venue}. There is often a short talk, for example about benefits or planning for emergencies.",
    ],
    venues: ["hall", "church", "hub", "library"],
    timings: [
      { type: "monthly", hours: [["10:00", "12:00"], ["14:00", "16:00"], ["19:00", "21:00"]] },
      { type: "weekly", days: [1, 1], hours: [["10:30", "12:00"]] },
    ],
    price: FREE_OR_DONATION, capacity: { unit: "places", total: [12, 25], maxAvailable: 8, waitingChance: 0.05 },
    org: { type: "shared", key: "brightwater-carers", chance: 0.6, otherwise: "A carers' self-help group in {town}." },
    ages: ADULTS, contactTitles: ["Group leader", "Carers' support worker"],
  },
  {
    id: "sitting-service", count: 6, kind: "vcs_group", needs: ["carer-support", "memory"],
    names: ["{flavour} Sitting Service", "Carers' Sitting Service, {town}"],
    descriptions: [
      "A trained volunteer sits with the person you care for at home for up to three hours, so you can go out, rest or see friends. Sits are booked with you in advance.",
    ],
    venues: null,
    timings: [BY_ARRANGEMENT, { type: "weekly", days: [2, 4], hours: [["09:00", "17:00"], ["10:00", "16:00"]], label: "Sits available" }],
    price: { freeChance: 0.3, amount: [800, 1200], per: "an hour", option: "Per hour" },
    capacity: { unit: "hours_per_week", total: [20, 60], maxAvailable: 12, waitingChance: 0.25 },
    org: { type: "shared", key: "brightwater-carers", chance: 0.5, otherwise: "A volunteer sitting service for carers in {town}." },
    directPaymentChance: 0.6, ages: ADULTS, contactTitles: ["Sitting service coordinator"],
  },
  {
    id: "dementia-cafe", count: 12, kind: "vcs_group", needs: ["memory", "carer-support", "social-connection"],
    names: ["{flavour} Memory Café", "{town} Dementia Café", "{flavour} Dementia-Friendly Café"],
    descriptions: [
      "A relaxed café for people living with dementia and the people who care for them. Music, games, good cake and friendly volunteers who understand.",
      "Drop in to {venue} for tea, a chat and gentle activities in a place where nobody minds if you forget. Family carers can talk to a dementia adviser in a quiet corner.",
    ],
    venues: ["hall", "church", "hub", "library"],
    timings: [{ type: "monthly", hours: [["14:00", "16:00"], ["10:30", "12:30"]] }],
    price: { freeChance: 0.6, freeText: ["Free; donations welcome"], amount: [200, 300], per: "a visit", option: "Per visit", extra: ", towards tea and cake" },
    capacity: { unit: "places", total: [20, 35], maxAvailable: 8, waitingChance: 0.05 },
    org: { type: "shared", key: "kingfisher-memory", chance: 0.5, otherwise: "A volunteer-run memory café in {town}." },
    ages: [[null, null]], contactTitles: ["Café coordinator", "Dementia adviser"],
  },
  {
    id: "memory-group", count: 8, kind: "vcs_group", needs: ["memory", "confidence-health", "social-connection"],
    names: ["{flavour} Memory Singers", "{town} Memory Group", "{flavour} Reminiscence Club"],
    descriptions: [
      "Singing, reminiscence and gentle brain games for people with memory problems, with a family member or friend if you like. No singing experience needed.",
      "A small, friendly group at {venue} for people with early memory problems: old photos, quizzes, music and a chance to talk with others in the same boat.",
    ],
    venues: ["hall", "church", "hub"],
    timings: [
      { type: "weekly", days: [1, 1], hours: [["10:30", "12:00"], ["14:00", "15:30"]] },
      { type: "monthly", hours: [["10:30", "12:00"], ["14:00", "15:30"]] },
    ],
    price: { freeChance: 0.4, amount: [200, 400], per: "a session", option: "Per session" },
    capacity: { unit: "places", total: [12, 25], maxAvailable: 6, waitingChance: 0.2 },
    org: { type: "shared", key: "kingfisher-memory" }, ages: [[null, null]], contactTitles: ["Group leader"],
  },
  {
    id: "young-onset-dementia", count: 2, kind: "vcs_group", needs: ["memory", "confidence-health", "carer-support"],
    names: ["Young-Onset Dementia Peer Group, {town}"],
    descriptions: [
      "An evening peer group for people diagnosed with dementia before 65, and their partners. Practical talks, outings and time with people who understand.",
    ],
    venues: ["hub", "hall"], towns: ["Ely", "Soham"], oneInEachTown: true,
    timings: [{ type: "monthly", pool: ["TU", "WE", "TH"], hours: [["18:30", "20:30"]] }],
    price: FREE, capacity: { unit: "places", total: [10, 16], maxAvailable: 6, waitingChance: 0 },
    org: { type: "shared", key: "kingfisher-memory" }, districtWideChance: 1, ages: [[18, 65]], contactTitles: ["Dementia adviser"],
  },
  {
    id: "strength-balance", count: 14, kind: "vcs_group", needs: ["falls-home-safety", "confidence-health"],
    names: ["Steady Steps {town}", "{flavour} Strength and Balance Class", "{town} Falls Prevention Exercise"],
    descriptions: [
      "A gentle exercise class, seated and standing, that builds leg strength and balance to help prevent falls. Run by a qualified instructor; you can join at any time.",
      "Exercises to make you steadier on your feet, followed by tea and a chat at {venue}. Please tell the instructor about any health conditions on your first visit.",
    ],
    venues: ["hall", "sports", "church", "hub"],
    timings: [
      { type: "weekly", days: [1, 1], hours: [["10:00", "11:00"], ["11:15", "12:15"], ["14:00", "15:00"]] },
      { type: "weekly", days: [2, 2], hours: [["10:00", "11:00"]] },
    ],
    price: { freeChance: 0.1, amount: [300, 500], per: "a class", option: "Per class" },
    capacity: { unit: "places", total: [12, 20], maxAvailable: 6, waitingChance: 0.25 },
    org: { type: "shared", key: "steady-steps", chance: 0.5, otherwise: "A volunteer-led exercise group in {town}." },
    ages: [[50, null], [60, null], [null, null]], contactTitles: ["Instructor", "Class organiser"],
  },
  {
    id: "digital-help", count: 10, kind: "vcs_group", needs: ["money-advice-digital", "confidence-health"],
    names: ["Byte Buddies drop-in, {town}", "{town} Tablet and Phone Help", "{flavour} Digital Café"],
    descriptions: [
      "Bring your phone, tablet or laptop and a volunteer will help at your own pace: video calls with family, online shopping, the NHS App and spotting scams.",
      "Patient, one-to-one help with anything digital at {venue}. No question is too basic, and you can borrow a tablet to practise on.",
    ],
    venues: ["library", "hub", "hall"],
    timings: [{ type: "weekly", days: [1, 1], hours: [["10:00", "12:00"], ["14:00", "16:00"]] }, { type: "monthly", hours: [["10:00", "12:00"]] }],
    price: FREE, capacity: { unit: "places", total: [6, 12], maxAvailable: 4, waitingChance: 0.15 },
    org: { type: "shared", key: "byte-buddies", chance: 0.7, otherwise: "Volunteers helping people in {town} get online." },
    ages: [[null, null]], contactTitles: ["Digital volunteer"],
  },
  {
    id: "benefits-advice", count: 8, kind: "vcs_group", needs: ["money-advice-digital"],
    names: ["Money Matters advice, {town}", "{town} Benefits and Forms Drop-in", "{flavour} Advice Surgery"],
    descriptions: [
      "Free, confidential help with benefits such as Attendance Allowance and Pension Credit, forms, bills and debts. Drop in, or ring to book an appointment.",
      "An adviser at {venue} can check you are getting all the money you are entitled to and help you fill in the forms.",
    ],
    venues: ["library", "hub", "health", "church"],
    timings: [{ type: "weekly", days: [1, 1], hours: [["10:00", "13:00"], ["09:30", "12:30"]] }, { type: "monthly", hours: [["10:00", "13:00"]] }],
    price: FREE, capacity: { unit: "places", total: [6, 10], maxAvailable: 4, waitingChance: 0.3 },
    org: { type: "shared", key: "isle-money-matters" }, ages: ADULTS, contactTitles: ["Adviser"],
  },
  {
    id: "mens-shed", count: 6, kind: "vcs_group", needs: ["social-connection", "confidence-health"],
    names: ["{town} Men's Shed", "The {flavour} Shed"],
    descriptions: [
      "A workshop where men (and women, too) make, mend and chat over a brew. Woodwork, bike repairs and small jobs for the village; no skills needed.",
    ],
    venues: ["workshop"],
    timings: [{ type: "weekly", days: [2, 2], hours: [["09:30", "12:30"], ["10:00", "13:00"]] }],
    price: { freeChance: 0.4, freeText: ["Free; donations welcome"], amount: [100, 300], per: "a session", option: "Per session", extra: ", including tea" },
    capacity: { unit: "places", total: [10, 20], maxAvailable: 6, waitingChance: 0.1 },
    org: { type: "own", description: "A community workshop group in {town}." }, ages: ADULTS, contactTitles: ["Shed chair", "Organiser"],
  },
  {
    id: "walking-group", count: 10, kind: "vcs_group", needs: ["confidence-health", "social-connection", "getting-out"],
    names: ["{town} Health Walk", "{flavour} Walkers", "{town} Gentle Strollers"],
    descriptions: [
      "A short, gentle walk of 30 to 60 minutes on flat paths, led by trained volunteers and ending with a cuppa. Go at your own pace; nobody is left behind.",
    ],
    venues: ["walk"],
    timings: [{ type: "weekly", days: [1, 1], hours: [["10:00", "11:00"], ["10:30", "11:30"], ["14:00", "15:00"]] }],
    price: FREE, org: { type: "own", description: "A volunteer-led walking group in {town}." }, ages: [[null, null]], contactTitles: ["Walk leader"],
  },
  {
    id: "condition-support", count: 8, kind: "vcs_group", needs: ["confidence-health", "social-connection"],
    names: ["{flavour} Breathe Better Group", "{town} Stroke Club", "Parkinson's Friends, {town}", "{flavour} Heart Health Group", "Living Well with Diabetes, {town}"],
    descriptions: [
      "A friendly peer support group for people living with a long-term condition, and their families. Share what works, hear from health professionals and keep active together.",
    ],
    venues: ["health", "hall", "hub"],
    timings: [{ type: "monthly", hours: [["14:00", "16:00"], ["10:00", "12:00"]] }],
    price: FREE_OR_DONATION, capacity: { unit: "places", total: [15, 30], maxAvailable: 10, waitingChance: 0 },
    org: { type: "own", description: "A peer support group for people with a long-term condition in {town}." }, ages: ADULTS, contactTitles: ["Group chair"],
  },
  {
    id: "garden-volunteers", count: 4, kind: "vcs_group", needs: ["falls-home-safety", "daily-living"],
    names: ["Garden Helpers, {town}", "{flavour} Garden Volunteers"],
    descriptions: [
      "Volunteers keep gardens safe and tidy for older and disabled people who can no longer manage: mowing, clearing paths and trimming hedges. Visits are arranged with you, about once a month in the growing season.",
    ],
    venues: null, timings: [BY_ARRANGEMENT], price: FREE_OR_DONATION,
    capacity: { unit: "places", total: [10, 25], maxAvailable: 3, waitingChance: 0.4 },
    org: { type: "shared", key: "isle-volunteer-bureau" }, ages: OLDER, contactTitles: ["Volunteer coordinator"],
  },
  {
    id: "social-club", count: 14, kind: "vcs_group", needs: ["social-connection"],
    names: ["{flavour} Over-60s Club", "{town} Knit and Natter", "{flavour} Friendship Club", "{town} Craft and Chat", "{flavour} Afternoon Club"],
    descriptions: [
      "A friendly afternoon of chat, games, quizzes and the occasional outing. New members are always welcome, and we can help with lifts.",
      "Bring something to make or just come for the company at {venue}. Tea, biscuits and a warm welcome.",
    ],
    venues: ["hall", "church", "hub", "library"],
    timings: [{ type: "weekly", days: [1, 1], hours: [["14:00", "16:00"], ["10:00", "12:00"]] }, { type: "monthly", hours: [["14:00", "16:00"]] }],
    price: { freeChance: 0.3, amount: [100, 300], per: "a session", option: "Per session", extra: ", including tea and biscuits" },
    capacity: { unit: "places", total: [15, 40], maxAvailable: 10, waitingChance: 0.05 },
    org: { type: "own", description: "A social club for older people in {town}." }, ages: OLDER, contactTitles: ["Secretary", "Organiser"],
  },
  {
    id: "shopping-help", count: 5, kind: "vcs_group", needs: ["daily-living", "getting-out"],
    names: ["Shopping and prescription help, {town}", "{flavour} Shopping Volunteers"],
    descriptions: [
      "Volunteers collect your shopping or prescriptions, or go to the shops with you if you would like the company. Ring to arrange a regular day.",
    ],
    venues: null, timings: [BY_ARRANGEMENT], price: FREE,
    org: { type: "shared", key: "isle-volunteer-bureau" }, ages: ADULTS, contactTitles: ["Volunteer coordinator"],
  },

  // ── Community hubs and buildings ──
  {
    id: "village-hall", count: VILLAGES.length, kind: "community_hub", needs: ["social-connection", "confidence-health"],
    names: ["What's on at {venue}", "{venue} community activities"],
    descriptions: [
      "The hall hosts exercise classes, a lunch club, a coffee morning and a monthly film afternoon. Ask the booking secretary what is on this week, or about a room for your own group.",
    ],
    venues: ["hall"], towns: VILLAGES, oneInEachTown: true,
    timings: [{ type: "weekly", days: [5, 5], hours: [["09:00", "21:00"], ["09:00", "17:00"]] }],
    price: { freeChance: 1, freeText: ["Free to drop in; room hire charged"] },
    org: { type: "own", description: "The management committee of the village hall in {town}.", websiteChance: 0.7 },
    ages: [[null, null]], contactTitles: ["Booking secretary"],
  },
  {
    id: "library-hub", count: LIBRARY_TOWNS.length, kind: "community_hub", needs: ["social-connection", "money-advice-digital"],
    names: ["Library Welcome Hub, {town}"],
    descriptions: [
      "Free computers and wifi, large-print and talking books, a warm place to sit and regular groups. Staff can help you find local support and fill in online forms.",
    ],
    venues: ["library"], towns: LIBRARY_TOWNS, oneInEachTown: true,
    timings: [{ type: "fixed", slots: [{ byday: "MO,TU,TH,FR", hours: ["09:30", "17:00"] }, { byday: "SA", hours: ["09:30", "13:00"] }] }],
    price: FREE, org: { type: "own", description: "Friends of the library in {town}: volunteers who support its welcome hub.", websiteChance: 0.8 },
    ages: [[null, null]], contactTitles: ["Library supervisor"], namedContactChance: 0.3,
  },
  {
    id: "community-hub", count: 8, kind: "community_hub", needs: ["social-connection", "money-advice-digital", "daily-living"],
    names: ["{town} Community Hub", "{flavour} Community Hub"],
    descriptions: [
      "Started during the pandemic and still going: a warm space, free tea and toast, a community larder and volunteers who can point you to local help.",
      "A drop-in at {venue} with a café corner, a community fridge, and advisers and health visitors on different days. Ask at the desk what is on.",
    ],
    venues: ["hub"],
    timings: [{ type: "weekly", days: [2, 3], hours: [["10:00", "14:00"], ["09:30", "13:00"]] }],
    price: FREE, org: { type: "own", description: "A community hub charity in {town}, set up during the pandemic.", websiteChance: 0.6 },
    ages: [[null, null]], contactTitles: ["Hub manager", "Volunteer coordinator"],
  },
  {
    id: "warm-welcome-cafe", count: 6, kind: "community_hub", needs: ["social-connection"],
    names: ["Warm Welcome Café, {town}", "{flavour} Warm Space"],
    descriptions: [
      "A free warm place to sit, with hot drinks, soup, newspapers and board games. Come on your own or bring a friend.",
    ],
    venues: ["hub", "hall", "church"],
    timings: [{ type: "weekly", days: [1, 2], hours: [["10:00", "13:00"], ["12:00", "15:00"]] }],
    price: FREE, org: { type: "own", description: "A volunteer-run warm space in {town}." }, ages: [[null, null]], contactTitles: ["Organiser"],
  },

  // ── Faith groups (run by the place's church, which so runs several assets) ──
  {
    id: "coffee-morning", count: 14, kind: "faith_group", needs: ["social-connection"],
    names: ["{day} Coffee Morning, {town}", "Coffee Morning at {venue}", "{flavour} Coffee and Chat", "{flavour} Coffee Club, {town}"],
    descriptions: [
      "Coffee, home-made cake and a chat in the church rooms. Everyone is welcome, churchgoer or not.",
      "A friendly coffee morning at {venue}, with a book swap and a raffle. Easy to find and step-free.",
    ],
    venues: ["church"],
    timings: [{ type: "weekly", days: [1, 1], hours: [["10:00", "12:00"], ["10:30", "12:00"]] }, { type: "monthly", pool: ["SA", "TU", "TH"], hours: [["10:00", "12:00"]] }],
    price: FREE_OR_DONATION, org: { type: "church" }, ages: [[null, null]], contactTitles: ["Church administrator", "Organiser"],
  },
  {
    id: "church-lunch", count: 5, kind: "faith_group", needs: ["social-connection", "daily-living"],
    names: ["Community Lunch at {venue}", "{flavour} Table, {town}"],
    descriptions: [
      "A hot meal and good company once a month. Pay what you can; nobody is turned away.",
    ],
    venues: ["church"], timings: [{ type: "monthly", hours: [["12:00", "14:00"]] }],
    price: { freeChance: 0.5, freeText: ["Pay as you feel"], amount: [300, 500], per: "a meal", option: "Per meal" },
    capacity: { unit: "places", total: [30, 50], maxAvailable: 10, waitingChance: 0 },
    org: { type: "church" }, ages: [[null, null]], contactTitles: ["Lunch organiser"],
  },
  {
    id: "pastoral-visiting", count: 5, kind: "faith_group", needs: ["social-connection"],
    names: ["Home and hospital visiting, {town}", "{flavour} Visitors, {town}"],
    descriptions: [
      "Members of {church} visit people at home or in hospital for a chat and, if you would like it, a prayer. You do not need to be a churchgoer.",
    ],
    venues: null, timings: [BY_ARRANGEMENT], price: FREE, org: { type: "church" }, ages: [[null, null]], contactTitles: ["Pastoral visitor", "Minister"],
  },
  {
    id: "church-memory-cafe", count: 3, kind: "faith_group", needs: ["memory", "carer-support", "social-connection"],
    names: ["{flavour} Memory Café at {venue}"],
    descriptions: [
      "A monthly café for people living with dementia and their carers, with music, reminiscence and tea in a calm, familiar setting.",
    ],
    venues: ["church"], timings: [{ type: "monthly", hours: [["14:00", "16:00"]] }],
    price: FREE_OR_DONATION, capacity: { unit: "places", total: [15, 30], maxAvailable: 8, waitingChance: 0 },
    org: { type: "church" }, ages: [[null, null]], contactTitles: ["Café organiser"],
  },
  {
    id: "community-larder", count: 3, kind: "faith_group", needs: ["daily-living", "money-advice-digital"],
    names: ["{town} Community Larder", "{flavour} Community Pantry"],
    descriptions: [
      "Food, toiletries and household basics for anyone who is struggling; no referral needed. Volunteers can also put you in touch with money advice.",
    ],
    venues: ["church", "hub"], timings: [{ type: "weekly", days: [1, 2], hours: [["10:00", "12:00"], ["15:00", "17:00"]] }],
    price: FREE, org: { type: "church" }, ages: [[null, null]], contactTitles: ["Larder coordinator"],
  },

  // ── Local businesses ──
  {
    id: "mobile-hairdresser", count: 6, kind: "local_business", needs: ["daily-living", "confidence-health"],
    names: ["{flavour} Mobile Hair", "Hair at Home by {first}"],
    descriptions: [
      "A mobile hairdresser who comes to your home in and around {town}. Cuts, sets and colours at a relaxed pace, with a chat; used to working with people living with dementia.",
    ],
    venues: null, timings: [{ type: "weekly", days: [3, 5], hours: [["09:00", "17:00"], ["08:30", "15:00"]], label: "Home visits" }, BY_ARRANGEMENT],
    price: { freeChance: 0, amount: [1500, 2800], per: "a visit", option: "Per visit", extra: " for a wash and set" },
    org: { type: "own", description: "A self-employed mobile hairdresser based in {town}." }, directPaymentChance: 0.2,
    ages: [[null, null]], contactTitles: ["Owner"],
  },
  {
    id: "dementia-friendly-cafe", count: 6, kind: "local_business", needs: ["memory", "social-connection"],
    names: ["The {flavour} Café", "{flavour} Tea Rooms"],
    descriptions: [
      "A café with a quiet, dementia-friendly afternoon each week: calm music, staff trained in dementia awareness, easy-to-read menus and no rush.",
    ],
    venues: ["cafe"], towns: [...LARGER_TOWNS, "Sutton", "Haddenham", "Isleham"],
    timings: [{ type: "weekly", days: [1, 1], pool: ["MO", "TU", "WE", "TH"], hours: [["14:00", "16:00"], ["15:00", "17:00"]], label: "Quiet afternoon" }],
    price: { freeChance: 0, amount: [400, 550], per: "for a pot of tea and a slice of cake", option: "Tea and cake" },
    org: { type: "own", description: "An independent café in {town}." }, ages: [[null, null]], contactTitles: ["Owner", "Manager"],
  },
  {
    id: "prescription-delivery", count: 4, kind: "local_business", needs: ["daily-living"],
    names: ["{flavour} Pharmacy delivery service"],
    descriptions: [
      "An independent pharmacy that delivers prescriptions free to housebound people in {town} and nearby villages, and can put your tablets in easy-open or dated packs.",
    ],
    venues: ["shop"], towns: LARGER_TOWNS,
    timings: [{ type: "weekly", days: [5, 5], hours: [["09:00", "18:00"]] }],
    price: { freeChance: 1, freeText: ["Free delivery"] }, org: { type: "own", description: "An independent community pharmacy in {town}." },
    ages: [[null, null]], contactTitles: ["Pharmacist"],
  },
  {
    id: "mobility-shop", count: 3, kind: "local_business", needs: ["falls-home-safety", "getting-out"],
    names: ["{flavour} Mobility"],
    descriptions: [
      "Walking aids, perching stools, raised toilet seats and scooters, with free advice on what might help. We can visit your home to fit grab rails and check your equipment.",
    ],
    venues: ["shop"], towns: LARGER_TOWNS,
    timings: [{ type: "fixed", slots: [{ byday: MON_TO_SAT, hours: ["09:00", "17:00"] }] }],
    price: { freeChance: 0, amount: [2000, 3500], per: "for a home visit to fit equipment", option: "Home fitting visit", extra: "; advice in the shop is free" },
    org: { type: "own", description: "An independent mobility shop in {town}." }, directPaymentChance: 0.5, ages: [[null, null]], contactTitles: ["Owner"],
  },
  {
    id: "chair-exercise", count: 5, kind: "local_business", needs: ["falls-home-safety", "confidence-health"],
    names: ["{flavour} Fitness: seated exercise", "Chair-based exercise with {first}"],
    descriptions: [
      "A seated and standing exercise class for people who want to stay strong and steady, taught by a qualified instructor at {venue}.",
    ],
    venues: ["sports", "hall"],
    timings: [{ type: "weekly", days: [1, 2], hours: [["10:00", "11:00"], ["11:00", "12:00"]] }],
    price: { freeChance: 0, amount: [400, 650], per: "a class", option: "Per class" },
    capacity: { unit: "places", total: [10, 16], maxAvailable: 5, waitingChance: 0.2 },
    org: { type: "own", description: "A self-employed fitness instructor working in {town}." }, directPaymentChance: 0.1,
    ages: [[50, null], [null, null]], contactTitles: ["Instructor"],
  },
  {
    id: "accessible-taxi", count: 4, kind: "local_business", needs: ["getting-out"],
    names: ["{flavour} Taxis: wheelchair-accessible cars"],
    descriptions: [
      "A local taxi firm with wheelchair-accessible cars and drivers who help you to and from the door. Regular bookings for appointments and clubs are welcome.",
    ],
    venues: null, comesHome: false,
    timings: [{ type: "fixed", slots: [{ byday: EVERY_DAY, hours: ["07:00", "22:00"] }] }],
    price: { freeChance: 0, amount: [200, 260], step: 10, per: "a mile", option: "Per mile", extra: "; help to the door included" },
    org: { type: "own", description: "A family-run taxi firm based in {town}." }, districtWideChance: 1, directPaymentChance: 0.3,
    ages: [[null, null]], contactTitles: ["Bookings"], namedContactChance: 0.4,
  },
  {
    id: "foot-care", count: 4, kind: "local_business", needs: ["falls-home-safety", "daily-living"],
    names: ["{flavour} Foot Care at Home"],
    descriptions: [
      "Nail cutting and foot care at home by a qualified foot health practitioner. Healthy, comfortable feet help you stay steady and active.",
    ],
    venues: null, timings: [BY_ARRANGEMENT],
    price: { freeChance: 0, amount: [2800, 4000], per: "a home visit", option: "Per visit" },
    org: { type: "own", description: "A self-employed foot health practitioner based in {town}." }, districtWideChance: 0.5,
    directPaymentChance: 0.3, ages: [[null, null]], contactTitles: ["Foot health practitioner"],
  },
  {
    id: "village-shop-delivery", count: 3, kind: "local_business", needs: ["daily-living"],
    names: ["{flavour} Stores home delivery"],
    descriptions: [
      "The village shop takes orders by phone and delivers free to older and disabled customers in {town}, usually the same day.",
    ],
    venues: ["shop"], towns: ["Sutton", "Haddenham", "Fordham", "Isleham", "Witchford", "Stretham", "Cheveley", "Little Downham", "Wicken", "Mepal", "Wilburton"],
    timings: [{ type: "fixed", slots: [{ byday: MON_TO_SAT, hours: ["07:00", "19:00"] }] }],
    price: { freeChance: 1, freeText: ["Free delivery; you pay for your shopping"] },
    org: { type: "own", description: "A village shop in {town}." }, ages: [[null, null]], contactTitles: ["Shopkeeper"],
  },

  // ── Community micro-enterprises (hourly rate always; most take Direct Payments) ──
  {
    id: "home-help", count: 8, kind: "micro_enterprise", needs: ["daily-living", "social-connection"],
    names: ["{flavour} Home Help", "{town} Home Companions", "{flavour} Helping at Home"],
    descriptions: [
      "A small local team offering help around the home: cleaning, laundry, shopping, cooking and company. We are not registered for personal care.",
      "Friendly, reliable help at home in and around {town}, from the same one or two people each week. Help with housework, meals, letters and getting out.",
    ],
    venues: null,
    timings: [{ type: "weekly", days: [5, 5], hours: [["08:00", "18:00"], ["09:00", "17:00"]] }, { type: "weekly", days: [3, 4], hours: [["08:30", "14:30"]] }],
    price: { freeChance: 0, hourly: true, per: "an hour", option: "Per hour" }, hourlyRate: [1400, 2000],
    capacity: { unit: "hours_per_week", total: [20, 80], maxAvailable: 15, waitingChance: 0.2 },
    org: { type: "own", description: "A community micro-enterprise of fewer than eight people, based in {town}." },
    districtWideChance: 0.3, directPaymentChance: 0.9, ages: ADULTS, contactTitles: ["Owner"],
  },
  {
    id: "meals-at-home", count: 5, kind: "micro_enterprise", needs: ["daily-living", "social-connection"],
    names: ["{flavour} Kitchen: meals at home", "{town} Hot Dinners"],
    descriptions: [
      "Home-cooked hot lunches delivered to your door, with a friendly check that you are well. Special diets catered for, and we can also help with small jobs while we are there.",
    ],
    venues: null,
    timings: [{ type: "weekly", days: [5, 5], hours: [["11:30", "13:30"]], label: "Hot lunches delivered" }],
    price: { freeChance: 0, amount: [550, 750], per: "a meal", option: "Per meal", extra: " for a hot main course and pudding" }, hourlyRate: [1400, 1800],
    capacity: { unit: "places", total: [20, 40], maxAvailable: 8, waitingChance: 0.1 },
    org: { type: "own", description: "A community kitchen micro-enterprise in {town}." }, directPaymentChance: 0.8, ages: ADULTS, contactTitles: ["Cook and owner"],
  },
  {
    id: "garden-odd-jobs", count: 5, kind: "micro_enterprise", needs: ["falls-home-safety", "daily-living"],
    names: ["{flavour} Garden and Odd Jobs", "{first}'s Garden Help"],
    descriptions: [
      "Mowing, hedges, clearing paths and small jobs around the house, so that gardens and steps stay safe. Regular or one-off visits, arranged to suit you.",
    ],
    venues: null, timings: [BY_ARRANGEMENT],
    price: { freeChance: 0, hourly: true, per: "an hour", option: "Per hour" }, hourlyRate: [1500, 2200],
    capacity: { unit: "hours_per_week", total: [10, 30], maxAvailable: 8, waitingChance: 0.2 },
    org: { type: "own", description: "A one-person gardening and odd-jobs business in {town}." }, directPaymentChance: 0.8, ages: ADULTS, contactTitles: ["Owner"],
  },
  {
    id: "handyperson-micro", count: 3, kind: "micro_enterprise", needs: ["falls-home-safety"],
    names: ["{flavour} Handyman Services", "Small Jobs by {first}"],
    descriptions: [
      "Grab rails, key safes, bannisters, door thresholds and other small jobs that make your home safer. Free quotes, and no job too small.",
    ],
    venues: null, timings: [BY_ARRANGEMENT],
    price: { freeChance: 0, hourly: true, per: "an hour", option: "Per hour", extra: ", plus materials" }, hourlyRate: [1800, 2200],
    capacity: { unit: "hours_per_week", total: [15, 35], maxAvailable: 10, waitingChance: 0.15 },
    org: { type: "own", description: "A local handyperson micro-enterprise based in {town}." }, districtWideChance: 0.5, directPaymentChance: 0.7,
    ages: ADULTS, contactTitles: ["Owner"],
  },
  {
    id: "dementia-companions", count: 4, kind: "micro_enterprise", needs: ["memory", "carer-support", "social-connection"],
    names: ["{flavour} Companions", "{flavour} Memory Companions"],
    descriptions: [
      "Companionship and sitting for people living with dementia, from people who know them well, so that family carers get a proper break.",
    ],
    venues: null, timings: [{ type: "weekly", days: [3, 5], hours: [["09:00", "17:00"], ["10:00", "16:00"]] }, BY_ARRANGEMENT],
    price: { freeChance: 0, hourly: true, per: "an hour", option: "Per hour" }, hourlyRate: [1500, 2000],
    capacity: { unit: "hours_per_week", total: [15, 40], maxAvailable: 10, waitingChance: 0.25 },
    org: { type: "own", description: "A small dementia companionship enterprise in {town}." }, directPaymentChance: 0.9, ages: ADULTS, contactTitles: ["Owner"],
  },
  {
    id: "outings", count: 3, kind: "micro_enterprise", needs: ["getting-out", "social-connection"],
    names: ["{flavour} Days Out", "Out and About with {first}"],
    descriptions: [
      "Accompanied trips to the shops, the coast, garden centres or family, in a comfortable car with someone to help you all the way.",
    ],
    venues: null, comesHome: true, timings: [{ type: "weekly", days: [2, 3], hours: [["09:30", "16:30"]] }, BY_ARRANGEMENT],
    price: { freeChance: 0, hourly: true, per: "an hour", option: "Per hour", extra: ", plus 45p a mile" }, hourlyRate: [1400, 1900],
    capacity: { unit: "hours_per_week", total: [10, 25], maxAvailable: 8, waitingChance: 0.1 },
    org: { type: "own", description: "A micro-enterprise offering accompanied trips out, based in {town}." }, districtWideChance: 1, directPaymentChance: 0.8,
    ages: ADULTS, contactTitles: ["Owner"],
  },
  {
    id: "home-care-micro", count: 2, kind: "micro_enterprise", needs: ["daily-living"],
    names: ["{flavour} Care at Home"],
    descriptions: [
      "Personal care at home from a small team of local carers: help with washing, dressing, meals and medicines. Registered with the Care Quality Commission.",
    ],
    venues: null, timings: [{ type: "fixed", slots: [{ byday: EVERY_DAY, hours: ["07:00", "22:00"] }] }],
    price: { freeChance: 0, hourly: true, per: "an hour", option: "Per hour" }, hourlyRate: [2000, 2400],
    capacity: { unit: "hours_per_week", total: [60, 120], maxAvailable: 15, waitingChance: 0.3 },
    org: { type: "own", description: "A small, registered home-care micro-enterprise in {town}." }, districtWideChance: 0.5, directPaymentChance: 1,
    regulator: "CQC", ages: ADULTS, contactTitles: ["Registered manager"],
  },

  // ── Personal assistants: individuals, so no address and first name plus initial only ──
  {
    id: "personal-assistant", count: 28, kind: "personal_assistant", needs: ["daily-living"],
    extraNeeds: { from: ["social-connection", "getting-out", "memory", "carer-support", "confidence-health"], max: 2 },
    names: ["Personal assistant: {person}"], descriptions: [], // written by describePersonalAssistant
    venues: null,
    timings: [
      { type: "weekly", days: [2, 5], hours: [["08:00", "13:00"], ["09:00", "15:00"], ["14:00", "19:00"], ["07:30", "12:30"], ["08:00", "18:00"]], label: "Available" },
    ],
    price: { freeChance: 0, hourly: true, per: "an hour", option: "Per hour" }, hourlyRate: [1200, 1800],
    capacity: { unit: "hours_per_week", total: [8, 35], maxAvailable: 12, waitingChance: 0.15 },
    org: { type: "person" }, districtWideChance: 0.4, directPaymentChance: 0.9, ages: ADULTS, contactTitles: ["Personal assistant"],
  },

  // ── Council-commissioned services (district-wide) ──
  {
    id: "carers-support-service", count: 2, kind: "commissioned_service", needs: ["carer-support", "money-advice-digital"],
    names: ["Carers' Support Service", "Carers' Wellbeing Checks"],
    descriptions: [
      "Information, advice and a wellbeing check for unpaid carers across East Cambridgeshire, paid for by the council. We can help you make an emergency plan and arrange a short break.",
    ],
    venues: ["office"], towns: ["Ely"],
    timings: [{ type: "weekly", days: [5, 5], hours: [["09:00", "17:00"]], label: "Phone line open" }],
    price: FREE, org: { type: "shared", key: "brightwater-carers" }, districtWideChance: 1, ages: ADULTS,
    contactTitles: ["Carers' support team"], namedContactChance: 0,
  },
  {
    id: "carers-breaks", count: 1, kind: "commissioned_service", needs: ["carer-support", "daily-living"],
    names: ["Carers' Short Breaks at Home"],
    descriptions: [
      "Planned replacement care at home, so that a family carer can have a few hours or a day off. Arranged after a carer's assessment.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [BY_ARRANGEMENT], price: FREE,
    capacity: { unit: "hours_per_week", total: [40, 80], maxAvailable: 10, waitingChance: 0.5 },
    org: { type: "shared", key: "fen-edge-home-support" }, districtWideChance: 1, directPaymentChance: 0, regulator: "CQC", ages: ADULTS,
    contactTitles: ["Referrals team"], namedContactChance: 0,
  },
  {
    id: "reablement-bridging", count: 3, kind: "commissioned_service", needs: ["daily-living", "falls-home-safety"],
    names: ["Short-term Help at Home", "Bridging Care Service", "Home First Support"],
    descriptions: [
      "Short-term help at home after a hospital stay or a fall, for up to six weeks, while longer-term care is arranged. Referral is through a social worker or the hospital discharge team.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [{ type: "fixed", slots: [{ byday: EVERY_DAY, hours: ["07:00", "22:00"] }] }],
    price: { freeChance: 1, freeText: ["Free for up to six weeks"] },
    capacity: { unit: "hours_per_week", total: [60, 200], maxAvailable: 30, waitingChance: 0.3 },
    org: { type: "shared", key: "fen-edge-home-support" }, districtWideChance: 1, regulator: "CQC", ages: ADULTS,
    contactTitles: ["Referrals team"], namedContactChance: 0,
  },
  {
    id: "home-from-hospital", count: 2, kind: "commissioned_service", needs: ["social-connection", "daily-living", "getting-out"],
    names: ["Home from Hospital Support", "Settling Home Service"],
    descriptions: [
      "A support worker helps you settle back home after hospital: a lift home, some shopping in, the heating on and a few follow-up visits. Free, for up to six weeks.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [{ type: "weekly", days: [5, 5], hours: [["08:00", "18:00"]] }],
    price: FREE, capacity: { unit: "places", total: [10, 25], maxAvailable: 6, waitingChance: 0.1 },
    org: { type: "shared", key: "home-again-partnership" }, districtWideChance: 1, ages: ADULTS, contactTitles: ["Coordinator"],
  },
  {
    id: "falls-prevention-service", count: 2, kind: "commissioned_service", needs: ["falls-home-safety", "confidence-health"],
    names: ["Falls Prevention Programme", "After a Fall: home exercise support"],
    descriptions: [
      "A six-month programme of home exercises and advice after a fall, with visits from a trained falls-prevention worker. Ask your GP or social worker to refer you.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [BY_ARRANGEMENT], price: FREE,
    capacity: { unit: "places", total: [20, 40], maxAvailable: 8, waitingChance: 0.3 },
    org: { type: "shared", key: "steady-steps" }, districtWideChance: 1, ages: [[60, null]], contactTitles: ["Falls prevention lead"],
  },
  {
    id: "social-prescribing", count: 3, kind: "commissioned_service", needs: ["confidence-health", "social-connection", "money-advice-digital"],
    names: ["Wellbeing link worker, {town}", "Social prescribing link worker, {town}"],
    descriptions: [
      "A link worker meets you, listens to what matters to you, and helps you find local groups, advice or activities, going with you the first time if needed.",
    ],
    venues: ["health"], towns: LARGER_TOWNS,
    timings: [{ type: "weekly", days: [2, 3], hours: [["09:00", "17:00"]] }],
    price: FREE, capacity: { unit: "places", total: [20, 40], maxAvailable: 10, waitingChance: 0.2 },
    org: { type: "shared", key: "isle-wellbeing-link" }, districtWideChance: 0.5, ages: ADULTS, contactTitles: ["Link worker"],
  },
  {
    id: "home-advice-visits", count: 2, kind: "commissioned_service", needs: ["money-advice-digital"],
    names: ["Benefits advice at home", "Money advice home visits"],
    descriptions: [
      "An adviser visits people who cannot get out, to check benefits, help with forms and sort out bills. Funded by the council for people across the district.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [BY_ARRANGEMENT], price: FREE,
    capacity: { unit: "places", total: [10, 20], maxAvailable: 4, waitingChance: 0.4 },
    org: { type: "shared", key: "isle-money-matters" }, districtWideChance: 1, ages: ADULTS, contactTitles: ["Adviser"],
  },
  {
    id: "dementia-support-worker", count: 2, kind: "commissioned_service", needs: ["memory", "carer-support"],
    names: ["Dementia Support Workers", "Memory Support at Home"],
    descriptions: [
      "After a dementia diagnosis, a support worker visits you and your family to explain what to expect, plan ahead and connect you with local groups.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [BY_ARRANGEMENT], price: FREE,
    capacity: { unit: "places", total: [30, 60], maxAvailable: 10, waitingChance: 0.3 },
    org: { type: "shared", key: "kingfisher-memory" }, districtWideChance: 1, ages: [[null, null]], contactTitles: ["Dementia support worker"],
  },
  {
    id: "home-improvement-agency", count: 1, kind: "commissioned_service", needs: ["falls-home-safety"],
    names: ["Home Adaptations Advice"],
    descriptions: [
      "Free advice on adapting your home, such as a level-access shower or stair rail, and help to apply for a grant and find a trusted builder.",
    ],
    venues: ["office"], towns: ["Ely"],
    timings: [{ type: "weekly", days: [5, 5], hours: [["09:00", "17:00"]], label: "Phone line open" }],
    price: FREE, org: { type: "shared", key: "isle-home-improvement" }, districtWideChance: 1, ages: [[null, null]], contactTitles: ["Caseworker"],
  },

  // ── Technology-enabled care ──
  {
    id: "pendant-alarm", count: 3, kind: "technology_enabled_care", needs: ["falls-home-safety"],
    names: ["Personal alarm with 24-hour response", "Pendant alarm service", "Alarm and key safe package"],
    descriptions: [
      "A pendant or wrist alarm you press if you fall or feel unwell, answered by a 24-hour team who call family or a responder. We fit it and show you how it works.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [{ type: "fixed", slots: [{ byday: EVERY_DAY, hours: ["00:00", "23:59"] }] }],
    price: { freeChance: 0, amount: [350, 550], per: "a week", option: "Weekly charge", extra: ", including 24-hour monitoring" },
    org: { type: "shared", key: "lapwing-telecare" }, districtWideChance: 1, directPaymentChance: 0.5, ages: [[null, null]],
    contactTitles: ["Customer team"], namedContactChance: 0,
  },
  {
    id: "falls-sensor", count: 2, kind: "technology_enabled_care", needs: ["falls-home-safety"],
    names: ["Automatic falls detector", "Bed and chair sensors"],
    descriptions: [
      "A sensor that raises the alarm automatically if you fall or do not get up in the morning, linked to a 24-hour response team. Useful if you might not press a button.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [{ type: "fixed", slots: [{ byday: EVERY_DAY, hours: ["00:00", "23:59"] }] }],
    price: { freeChance: 0, amount: [250, 450], per: "a week", option: "Weekly charge" },
    org: { type: "shared", key: "lapwing-telecare" }, districtWideChance: 1, directPaymentChance: 0.5, ages: [[null, null]],
    contactTitles: ["Customer team"], namedContactChance: 0,
  },
  {
    id: "medication-dispenser", count: 2, kind: "technology_enabled_care", needs: ["daily-living", "memory"],
    names: ["Automatic pill dispenser", "Medication reminders at home"],
    descriptions: [
      "A locked dispenser that beeps and opens at the right time for each dose, and alerts family if a dose is missed.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [BY_ARRANGEMENT],
    price: { freeChance: 0, amount: [1500, 2500], per: "a month", option: "Monthly rental" },
    org: { type: "shared", key: "sedgefen-care-tech" }, districtWideChance: 1, directPaymentChance: 0.6, ages: [[null, null]],
    contactTitles: ["Technology adviser"],
  },
  {
    id: "gps-locator", count: 2, kind: "technology_enabled_care", needs: ["memory", "carer-support"],
    names: ["GPS locator for people with dementia", "Safer walking device"],
    descriptions: [
      "A small GPS device or watch so that someone living with dementia can keep walking independently, and family can find them if they get lost.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [BY_ARRANGEMENT],
    price: { freeChance: 0, amount: [800, 1500], per: "a month", option: "Monthly rental" },
    org: { type: "shared", key: "sedgefen-care-tech" }, districtWideChance: 1, directPaymentChance: 0.6, ages: [[null, null]],
    contactTitles: ["Technology adviser"],
  },
  {
    id: "tablet-lending", count: 2, kind: "technology_enabled_care", needs: ["social-connection", "money-advice-digital"],
    names: ["Tablet lending library", "Borrow a tablet"],
    descriptions: [
      "Borrow a simple tablet with mobile data for three months, with a volunteer to set it up and show you video calls, repeat prescriptions and more.",
    ],
    venues: null, towns: BASE_TOWNS, timings: [BY_ARRANGEMENT], price: { freeChance: 1, freeText: ["Free loan"] },
    capacity: { unit: "places", total: [10, 30], maxAvailable: 6, waitingChance: 0.3 },
    org: { type: "shared", key: "byte-buddies" }, districtWideChance: 1, ages: [[null, null]], contactTitles: ["Digital volunteer"],
  },
  {
    id: "tec-drop-in", count: 1, kind: "technology_enabled_care", needs: ["falls-home-safety", "memory", "carer-support"],
    names: ["Try care technology: drop-in at {venue}"],
    descriptions: [
      "See and try alarms, sensors, reminder clocks and easy phones, and get free advice on what might help you or the person you care for.",
    ],
    venues: ["library"], towns: ["Ely"], timings: [{ type: "monthly", pool: ["WE"], hours: [["10:00", "13:00"]] }],
    price: FREE, org: { type: "shared", key: "sedgefen-care-tech" }, districtWideChance: 1, ages: [[null, null]], contactTitles: ["Technology adviser"],
  },
];

// ─── Small helpers ──────────────────────────────────────────────────────────────────────────

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’.]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** 45 → "45p"; 400 → "£4"; 350 → "£3.50" */
function money(pence: number): string {
  if (pence < 100) return `${pence}p`;
  return pence % 100 === 0 ? `£${pence / 100}` : `£${(pence / 100).toFixed(2)}`;
}

function townNamed(name: string): Town {
  const town = towns.find((candidate) => candidate.name === name);
  if (!town) throw new Error(`Unknown demo town: ${name}`);
  return town;
}

function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const kmPerDegree = 111.2;
  const dx = (lon2 - lon1) * kmPerDegree * Math.cos((lat1 * Math.PI) / 180);
  const dy = (lat2 - lat1) * kmPerDegree;
  return Math.hypot(dx, dy);
}

// ─── Places: which towns get an archetype, and which real postcode each asset sits on ───────

/**
 * Spreads an archetype over towns in proportion to their size, but each repeat in a town
 * cuts its pull to a quarter, then a ninth, so Ely gets the most without getting all of them.
 */
function assignTowns(archetype: Archetype): Town[] {
  if (archetype.oneInEachTown) {
    const each = (archetype.towns ?? []).map(townNamed);
    if (each.length !== archetype.count) throw new Error(`Archetype ${archetype.id}: count must match its towns`);
    return each;
  }
  const random = seeded(`towns:${archetype.id}`);
  const eligible = archetype.towns ? [...new Set(archetype.towns)].map(townNamed) : [...towns];
  // Listing a town twice in `towns` (e.g. BASE_TOWNS) doubles its weight.
  const boost = (town: Town) => archetype.towns?.filter((name) => name === town.name).length ?? 1;
  const placed = new Map<string, number>();
  const result: Town[] = [];
  for (let index = 0; index < archetype.count; index += 1) {
    const town = random.weighted(eligible, (candidate) => (candidate.weight * boost(candidate)) / (1 + (placed.get(candidate.name) ?? 0)) ** 2);
    placed.set(town.name, (placed.get(town.name) ?? 0) + 1);
    result.push(town);
  }
  return result;
}

/**
 * For each town, the real postcodes an asset there may sit on: in the town's ward(s), in one
 * of its postcode sectors and near its centre; falling back to the sector, then to the ward,
 * if the input has too few.
 */
function postcodeCandidates(postcodes: readonly DemoPostcode[]): Map<string, DemoPostcode[]> {
  const sorted = [...postcodes].sort((a, b) => (a.postcode < b.postcode ? -1 : a.postcode > b.postcode ? 1 : 0));
  const candidates = new Map<string, DemoPostcode[]>();
  for (const town of towns) {
    const inWards = sorted.filter((row) => town.wards.includes(row.wardName));
    if (inWards.length === 0) throw new Error(`No postcodes in the ward(s) of ${town.name}: ${town.wards.join(", ")}`);
    const inSectors = inWards.filter((row) => town.sectors.some((sector) => row.postcode.startsWith(sector)));
    const nearby = inSectors.filter(
      (row) => distanceKm(town.centre.lat, town.centre.lon, row.latitude, row.longitude) <= town.radiusKm,
    );
    candidates.set(town.name, nearby.length >= 5 ? nearby : inSectors.length > 0 ? inSectors : inWards);
  }
  return candidates;
}

/** Only the fields of DemoPostcode, whatever extra columns the caller's rows carry. */
function toDemoPostcode(row: DemoPostcode): DemoPostcode {
  const { postcode, latitude, longitude, wardCode, wardName, districtCode } = row;
  return { postcode, latitude, longitude, wardCode, wardName, districtCode };
}

type Venue = { name: string; address1: string };

/** Only towns with a library or a surgery can host things there; elsewhere the hall does. */
function venueKindsIn(town: Town, wanted: readonly VenueKind[]): VenueKind[] {
  const available = wanted.filter(
    (kind) =>
      (kind !== "library" || (LIBRARY_TOWNS as readonly string[]).includes(town.name)) &&
      (kind !== "health" || SURGERY_TOWNS.includes(town.name)),
  );
  return available.length > 0 ? available : ["hall"];
}

/**
 * Generic but plausible venue names and first address lines. Cafés and shops are named after
 * the business itself, which is only known later, so their name starts empty.
 */
function venueFor(kind: VenueKind, town: Town, random: Random): Venue {
  const number = random.int(2, 48);
  switch (kind) {
    case "hall":
      return town.isTown
        ? { name: `${town.name} Community Centre`, address1: "Community Centre, Station Road" }
        : { name: `${town.name} Village Hall`, address1: "Village Hall, High Street" };
    case "church":
      return { name: town.church, address1: "Church Rooms, Church Lane" };
    case "library":
      return { name: `${town.name} Library`, address1: `Library, ${town.mainStreet}` };
    case "hub":
      return random.chance(0.5)
        ? { name: `${town.name} Community Hub`, address1: "The Old School, School Lane" }
        : { name: `${town.name} Community Hub`, address1: `Community Hub, ${town.mainStreet}` };
    case "sports":
      return town.isTown
        ? { name: `${town.name} Sports Centre`, address1: "Sports Centre, Recreation Ground" }
        : { name: `${town.name} Sports Pavilion`, address1: "Pavilion, Recreation Ground" };
    case "health":
      return town.isTown
        ? { name: `${town.name} Health Centre`, address1: "Health Centre, Station Road" }
        : { name: `${town.name} Surgery`, address1: "Surgery, Station Road" };
    case "workshop":
      return { name: "The Shed", address1: random.pick(["Workshop, Allotment Lane", "Unit 3, Station Yard", "Workshop behind the Village Hall, High Street"]) };
    case "cafe":
    case "shop":
      return { name: "", address1: `${number} ${town.mainStreet}` };
    case "office":
      return { name: "Office and meeting rooms", address1: "Unit 4, Station Road" };
    case "walk":
      return random.pick([
        { name: "Meeting point: the church gate", address1: "Church Gate, Church Lane" },
        { name: "Meeting point: the recreation ground car park", address1: "Recreation Ground, Station Road" },
        { name: town.isTown ? "Meeting point: outside the community centre" : "Meeting point: outside the village hall", address1: town.isTown ? "Community Centre, Station Road" : "Village Hall, High Street" },
      ]);
  }
}

// ─── Schedules ──────────────────────────────────────────────────────────────────────────────

const dayOrder: readonly Day[] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const dayNames: Record<Day, string> = {
  MO: "Monday", TU: "Tuesday", WE: "Wednesday", TH: "Thursday", FR: "Friday", SA: "Saturday", SU: "Sunday",
};
const ordinalWords = ["First", "Second", "Third", "Fourth"] as const;

function timeRange([opensAt, closesAt]: Hours): string {
  return `${formatTime(opensAt) ?? opensAt} to ${formatTime(closesAt) ?? closesAt}`;
}

/** "MO,TU,WE,TH,FR" → "Monday to Friday"; "TU,TH" → "Tuesdays and Thursdays". */
function describeWeekDays(days: readonly Day[]): string {
  if (days.length === 7) return "Every day";
  const positions = days.map((day) => dayOrder.indexOf(day));
  const consecutive = positions.every((position, index) => index === 0 || position === positions[index - 1]! + 1);
  if (days.length >= 3 && consecutive) return `${dayNames[days[0]!]} to ${dayNames[days[days.length - 1]!]}`;
  return joinWithAnd(days.map((day) => `${dayNames[day]}s`));
}

/** "Bookings taken" + "Every day, …" → "Bookings taken: every day, …" (day names keep their capital). */
function withLabel(when: string, label: string | undefined): string {
  if (!label) return when;
  const startsWithDay = Object.values(dayNames).some((day) => when.startsWith(day));
  return `${label}: ${startsWithDay ? when : when.charAt(0).toLowerCase() + when.slice(1)}`;
}

function weeklySchedule(days: readonly Day[], hours: Hours, label?: string): DemoSchedule {
  const allDayEveryDay = hours[0] === "00:00" && hours[1] === "23:59" && days.length === 7;
  const when = allDayEveryDay ? "24 hours a day, every day" : `${describeWeekDays(days)}, ${timeRange(hours)}`;
  return { freq: "WEEKLY", byday: days.join(","), opensAt: hours[0], closesAt: hours[1], description: withLabel(when, label) };
}

function buildSchedules(timing: Timing, random: Random): DemoSchedule[] {
  switch (timing.type) {
    case "by-arrangement":
      return [];
    case "fixed":
      return timing.slots.map((slot) => weeklySchedule(slot.byday.split(",") as Day[], slot.hours, timing.label));
    case "weekly": {
      const pool = timing.pool ?? WEEKDAYS;
      const count = Math.min(pool.length, random.int(timing.days[0], timing.days[1]));
      const days = random.sample(pool, count).sort((a, b) => dayOrder.indexOf(a) - dayOrder.indexOf(b));
      return [weeklySchedule(days, random.pick(timing.hours), timing.label)];
    }
    case "monthly": {
      const day = random.pick(timing.pool ?? WEEKDAYS);
      const nth = random.int(1, 4);
      const hours = random.pick(timing.hours);
      const when = `${ordinalWords[nth - 1]} ${dayNames[day]} of the month, ${timeRange(hours)}`;
      return [{ freq: "MONTHLY", byday: `${nth}${day}`, opensAt: hours[0], closesAt: hours[1], description: withLabel(when, timing.label) }];
    }
  }
}

/** The single weekday a name like "{town} {day} Lunch Club" can use, if there is one. */
function singleDayName(schedules: readonly DemoSchedule[]): string | null {
  const only = schedules.length === 1 ? schedules[0] : undefined;
  if (!only || only.freq !== "WEEKLY" || only.byday.includes(",")) return null;
  return dayNames[only.byday as Day] ?? null;
}

// ─── Money, capacity and other per-asset details ────────────────────────────────────────────

function buildPrice(archetype: Archetype, hourlyRatePence: number | null, random: Random): Pick<DemoAsset, "isFree" | "fees" | "costOption"> {
  const { price } = archetype;
  if (random.chance(price.freeChance)) {
    return { isFree: true, fees: random.pick(price.freeText ?? ["Free"]), costOption: null };
  }
  const pence = price.hourly && hourlyRatePence !== null
    ? hourlyRatePence
    : price.amount
      ? random.stepped(price.amount[0], price.amount[1], price.step ?? 50)
      : null;
  if (pence === null) throw new Error(`Archetype ${archetype.id} charges but has no amount`);
  let fees = `${money(pence)} ${price.per ?? ""}`.trim() + (price.extra ?? "");
  // Micro-enterprises priced per meal still quote their hourly rate for other help.
  if (!price.hourly && hourlyRatePence !== null) fees += `; other help at home ${money(hourlyRatePence)} an hour`;
  return {
    isFree: false,
    fees,
    costOption: { option: price.option ?? "Charge", amount: pence / 100, amountDescription: fees },
  };
}

function buildCapacity(spec: Capacity | undefined, random: Random): DemoAsset["capacity"] {
  if (!spec) return null;
  const total = random.int(spec.total[0], spec.total[1]);
  const waitingList = random.chance(spec.waitingChance);
  return {
    unit: spec.unit,
    total,
    available: waitingList ? 0 : random.int(0, Math.min(spec.maxAvailable, total)),
    waitingList,
    waitingListWeeks: waitingList ? random.int(2, 12) : null,
  };
}

function buildAccessibility(venue: Venue | null, comesHome: boolean, venueKind: VenueKind | null, random: Random): AccessibilityFeatureCode[] {
  if (!venue) return comesHome ? ["home-visits"] : [];
  if (venueKind === "walk") return random.chance(0.6) ? ["parking"] : [];
  const features: AccessibilityFeatureCode[] = [];
  if (random.chance(0.8)) features.push("step-free");
  if (random.chance(0.65)) features.push("accessible-toilet");
  if (random.chance(0.35)) features.push("hearing-loop");
  if (random.chance(0.6)) features.push("parking");
  if (random.chance(0.05)) features.push("bsl");
  return features;
}

function pickStatus(random: Random): ListingStatus {
  return random.weighted(STATUS_ODDS, ([, odds]) => odds)[0];
}

function pickVerifiedDate(random: Random): string {
  const daysAgo = random.int(1, VERIFIED_SPAN_DAYS);
  return addDays(VERIFIED_BEFORE, -daysAgo);
}

/** Drama-range numbers, dealt out without repeats so no two listings share a phone. */
function phoneDealer(): () => string {
  const numbers = seeded("phones").shuffle(Array.from({ length: 1000 }, (_, index) => index));
  let next = 0;
  return () => {
    const number = numbers[next];
    next += 1;
    if (number === undefined) throw new Error("Ran out of drama-range phone numbers");
    return `${DRAMA_PHONE_PREFIX}${String(number).padStart(3, "0")}`;
  };
}

/** What a PA offers beyond personal care, cooking and housework, by the extra needs they meet. */
const personalAssistantTasks: Partial<Record<NeedCode, string>> = {
  "social-connection": "company and hobbies",
  "getting-out": "getting to appointments, shops and clubs",
  memory: "supporting someone living with dementia",
  "carer-support": "giving a family carer a regular break",
  "confidence-health": "getting active and confident again after illness",
};

function describePersonalAssistant(town: string, needs: readonly NeedCode[], directPayment: boolean): string {
  const extras = needs.map((need) => personalAssistantTasks[need]).filter((task): task is string => Boolean(task));
  return [
    `I am a self-employed personal assistant based in ${town}, and I come to people's homes nearby.`,
    `I can help with personal care, cooking and housework${extras.length > 0 ? `, as well as ${joinWithAnd(extras)}` : ""}.`,
    directPayment
      ? "I have a DBS check and can be paid by Direct Payment."
      : "I have a DBS check; I cannot take Direct Payments yet, so I work for people paying privately.",
  ].join(" ");
}

// ─── Names ─────────────────────────────────────────────────────────────────────────────────

/** A PA's public name: invented first name and an initial, never a full name. */
function pickPerson(used: Set<string>, random: Random): string {
  let person: string;
  do {
    person = `${random.pick(firstNames)} ${random.pick(surnames).charAt(0)}.`;
  } while (used.has(person));
  used.add(person);
  return person;
}

interface NameValues {
  town: string;
  day: string | null; // the single weekday it meets, if any
  venue: string;
  first: string;
  person: string;
  ward: string;
}

/**
 * A readable name no other asset has: try other templates and flavour words first, then add
 * the ward, then a number. Templates that need a weekday are skipped when there is none.
 */
function pickUniqueName(templates: readonly string[], used: Set<string>, random: Random, values: NameValues): string {
  const withDay = templates.filter((template) => values.day !== null || !template.includes("{day}"));
  const usable = withDay.length > 0 ? withDay : templates.map((template) => template.replace("{day} ", ""));
  const draw = () =>
    fill(random.pick(usable), { ...values, day: values.day ?? "", flavour: random.pick(flavours) });
  let name = draw();
  for (let attempt = 0; used.has(name) && attempt < 20; attempt += 1) name = draw();
  if (used.has(name)) name = `${name} (${values.ward})`;
  const base = name;
  for (let suffix = 2; used.has(name); suffix += 1) name = `${base} ${suffix}`;
  used.add(name);
  return name;
}

// ─── Organisations ─────────────────────────────────────────────────────────────────────────

interface OrganisationContext {
  key: string; // the asset's key
  name: string; // the asset's name
  town: Town;
  person: string | null;
  sharedKey: SharedOrganisationKey | null;
}

/**
 * Who runs the asset: a shared organisation (several assets), the place's church, the PA
 * themselves, or a group of its own named after the asset. Keys are unique per organisation.
 */
function organisationFor(archetype: Archetype, context: OrganisationContext, random: Random): DemoAsset["organization"] {
  const { key, name, town, person, sharedKey } = context;
  const rule = archetype.org;
  if (sharedKey) {
    const shared = sharedOrganisations[sharedKey];
    return {
      key: sharedKey,
      name: shared.name,
      description: shared.description + DEMO_NOTICE,
      email: `${sharedKey}@example.org`,
      website: `https://example.org/${sharedKey}`,
    };
  }
  if (rule.type === "church") {
    const churchKey = `${slug(town.name)}-${slug(town.church)}`;
    return {
      key: churchKey,
      name: `${town.church}, ${town.name}`,
      description: `A local church in ${town.name} whose activities are open to everyone, whatever their faith.${DEMO_NOTICE}`,
      email: `${churchKey}@example.org`,
      website: `https://example.org/${churchKey}`,
    };
  }
  if (rule.type === "person" && person) {
    return {
      key: `pa-${slug(person)}`,
      name: `${person} (self-employed personal assistant)`,
      description: `A self-employed personal assistant based in ${town.name}.${DEMO_NOTICE}`,
      email: null,
      website: null,
    };
  }
  const description =
    rule.type === "own" ? rule.description : rule.type === "shared" && rule.otherwise ? rule.otherwise : "A local group in {town}.";
  const websiteChance = rule.type === "own" ? (rule.websiteChance ?? 0.3) : 0.1;
  return {
    key: `${key}-org`,
    name,
    description: fill(description, { town: town.name }) + DEMO_NOTICE,
    email: random.chance(0.7) ? `${key}@example.org` : null,
    website: random.chance(websiteChance) ? `https://example.org/${key}` : null,
  };
}

// ─── The generator ──────────────────────────────────────────────────────────────────────────

/**
 * Builds the demo directory on the given real postcodes (East Cambridgeshire's, E07000009).
 * Same input set → same output, whatever the input order.
 */
export function buildDemoDirectory(postcodes: DemoPostcode[]): DemoAsset[] {
  const candidates = postcodeCandidates(postcodes);
  const nextPhone = phoneDealer();
  const keyCounts = new Map<string, number>();
  const usedNames = new Set<string>();
  const usedPeople = new Set<string>();
  const organisations = new Map<string, DemoAsset["organization"]>();
  const assets: DemoAsset[] = [];

  /** The first asset's version of an organisation wins, so it reads the same on every asset. */
  const organisation = (candidate: DemoAsset["organization"]) => {
    const existing = organisations.get(candidate.key);
    if (existing) return existing;
    organisations.set(candidate.key, candidate);
    return candidate;
  };

  for (const archetype of archetypes) {
    for (const town of assignTowns(archetype)) {
      const base = `${slug(town.name)}-${archetype.id}`;
      const seen = (keyCounts.get(base) ?? 0) + 1;
      keyCounts.set(base, seen);
      const key = seen === 1 ? base : `${base}-${seen}`;
      const random = seeded(`asset:${key}`);

      const postcode = toDemoPostcode(random.pick(candidates.get(town.name)!));
      const schedules = buildSchedules(random.pick(archetype.timings), random);

      const person = archetype.org.type === "person" ? pickPerson(usedPeople, random) : null;
      const first = random.pick(firstNames);

      // Shared organisations may run an asset in this town, or a local group does.
      const sharedKey =
        archetype.org.type === "shared" && random.chance(archetype.org.chance ?? 1) ? archetype.org.key : null;

      const venueKind = archetype.venues ? random.pick(venueKindsIn(town, archetype.venues)) : null;
      const venue = venueKind ? venueFor(venueKind, town, random) : null;
      const name = pickUniqueName(archetype.names, usedNames, random, {
        town: town.name,
        day: singleDayName(schedules),
        venue: venue?.name ?? town.name,
        first,
        person: person ?? "",
        ward: postcode.wardName,
      });
      // A café's or shop's premises carry the business name ("Heron Stores home delivery" → "Heron Stores").
      if (venue && venue.name === "") venue.name = name.replace(/ (home delivery|delivery service)$/, "");

      const org = organisation(organisationFor(archetype, { key, name, town, person, sharedKey }, random));

      const needs: NeedCode[] = [...archetype.needs];
      if (archetype.extraNeeds) {
        const extras = random.sample(archetype.extraNeeds.from, random.int(0, archetype.extraNeeds.max));
        for (const need of extras) if (!needs.includes(need)) needs.push(need);
      }

      const paidByTheHour = archetype.kind === "personal_assistant" || archetype.kind === "micro_enterprise";
      if (paidByTheHour && !archetype.hourlyRate) throw new Error(`Archetype ${archetype.id} needs an hourly rate`);
      const hourlyRatePence = paidByTheHour && archetype.hourlyRate
        ? random.stepped(archetype.hourlyRate[0], archetype.hourlyRate[1], 25)
        : null;
      const directPayment = random.chance(archetype.directPaymentChance ?? 0);

      let description = archetype.org.type === "person"
        ? describePersonalAssistant(town.name, needs, directPayment)
        : fill(random.pick(archetype.descriptions), {
            town: town.name,
            venue: venue?.name ?? town.name,
            church: town.church,
          });
      // Services with no fixed times must say how times are agreed.
      if (schedules.length === 0 && !/arrange|book|refer/i.test(description)) description += " Times are arranged to suit you.";

      const [minimumAge, maximumAge] = random.pick(archetype.ages ?? [[null, null]]);
      const districtWide = random.chance(archetype.districtWideChance ?? 0);
      // A business named after its owner ("Hair at Home by Carol") always gives Carol as the contact.
      const named = random.chance(archetype.namedContactChance ?? 0.85) || new RegExp(`\\b${first}\\b`).test(name);

      assets.push({
        key,
        organization: org,
        name,
        description,
        kind: archetype.kind,
        needs,
        accessibility: buildAccessibility(venue, archetype.comesHome ?? true, venueKind, random),
        town: town.name,
        postcode,
        venue,
        schedules,
        hourlyRatePence,
        ...buildPrice(archetype, hourlyRatePence, random),
        capacity: buildCapacity(archetype.capacity, random),
        directPayment,
        regulated: Boolean(archetype.regulator),
        regulator: archetype.regulator ?? null,
        minimumAge,
        maximumAge,
        contact: {
          name: person ?? (named ? `${first} ${random.pick(surnames)}` : null),
          title: random.pick(archetype.contactTitles),
          phone: nextPhone(),
          email: person
            ? random.chance(0.5) ? `${slug(person).replace(/-/g, ".")}@example.org` : null
            : org.email,
        },
        listingStatus: pickStatus(random),
        lastVerifiedAt: pickVerifiedDate(random),
        serviceArea: districtWide
          ? { name: DISTRICT.name, wardCode: null, districtCode: DISTRICT.code }
          : { name: postcode.wardName, wardCode: postcode.wardCode, districtCode: postcode.districtCode },
      });
    }
  }
  return assets;
}
