/**
 * The search vocabulary: the everyday words people type, and what they mean in the directory.
 * Data only, meant to be read and corrected by a person (a coordinator, say), one line at a time.
 * Every engine reads it: the in-memory engine and the SQL reference directly, Meilisearch through
 * its settings (search/meili-query.ts). How the words are used: docs/search.md.
 *
 * Write everything in lower case. Apostrophes are dropped ("men's" is "mens"), other punctuation
 * separates words, and each word also stands for its other forms ("walk" covers "walks",
 * "walking"), so one form is enough.
 *
 * Three lists:
 * 1. needWords: what a person says when they have a need. A listing that meets the need matches
 *    these words, as if they were written on it (so "lonely" finds every lunch club).
 * 2. synonyms: a typed word or phrase → the words listings use for the same thing ("dinner" →
 *    "lunch"). One way only: typing "lunch" does not find "dinner".
 * 3. suggestions: words that suggest a need but are not it ("swimming" suggests staying well).
 *    Used only when nothing matches the words at all, to show the nearest listings for that need
 *    instead of nothing.
 * And stopWords: words ignored in what people type ("the", "near", "my").
 */
import type { NeedCode } from "../db/vocabulary/needs";

/** Ignored in a query (not in listings). Includes words for who, since every listing serves adults. */
export const stopWords: readonly string[] = `
  a an the and or but of to for in on at by with from into onto about over under near nearby around close local locally
  i im ive id me my mine myself we our us you your he him his she her they them their it its this that these those there here
  is are was were be been being am do does did doing have has had can could would should will shall may might must
  need needs needed needing want wants wanted wanting looking look find finding get gets getting got please thanks
  some any all more most much many lots lot bit little very really just also only still even so too
  what which who whom whose where when how why if then than as
  thing things something anything stuff sort kind type
  someone somebody anyone anybody
  older old elderly people person persons pensioner pensioners senior seniors adult adults folk folks aged
  mum mother mom dad father husband wife partner son daughter parent parents grandparent gran grandma grandad nan
  keeps keep kept fitted installed
`
  .split(/\s+/)
  .filter(Boolean);

/** What people say when they have each need. Multi-word entries match only as the whole phrase. */
export const needWords: Readonly<Record<NeedCode, readonly string[]>> = {
  "social-connection": [
    "lonely", "loneliness", "lonesome", "isolated", "isolation", "alone", "on my own", "by myself", "all alone",
    "no one to talk to", "nobody to talk to", "someone to talk to", "somebody to talk to", "someone to chat to",
    "company", "companionship", "friends", "friendship", "friendly face", "make friends", "new friends",
    "meet people", "meeting people", "social", "socialise", "socialising", "chat", "natter", "get together",
    "bored", "boredom", "cut off", "housebound", "widowed", "bereaved", "bereavement", "grief",
  ],
  "carer-support": [
    "carer", "unpaid carer", "family carer", "caring", "caring for", "care for my", "looking after", "look after",
    "respite", "a break", "break from caring", "time off", "time for myself", "time to myself", "short break",
    "sitting service", "sitter", "someone to sit with", "exhausted", "worn out", "burnt out", "burnout",
    "carers allowance", "young carer",
  ],
  "falls-home-safety": [
    "fall", "falls", "fell", "fallen", "fall over", "fell over", "falling", "trip", "tripped", "trip hazards",
    "unsteady", "wobbly", "balance", "dizzy", "dizziness", "steady", "unsafe", "safe at home", "home safety",
    "handrail", "key safe", "stairs", "alarm", "pendant", "lifeline", "careline", "telecare",
    "falls detector", "sensor", "panic button", "emergency button", "adaptations", "home adaptations",
  ],
  "getting-out": [
    "lift", "a lift", "lifts", "transport", "travel", "get about", "get around", "getting about", "getting around",
    "get out", "getting out", "out and about", "stuck indoors", "stuck at home", "cant get out", "appointments",
    "doctors appointment", "hospital appointment", "lift to the doctor", "lift to the doctors", "lift to hospital",
    "lift to the shops", "cant drive", "no car", "stopped driving", "wheelchair", "mobility scooter", "dial a ride",
    "outings", "day trips", "days out", "day out",
  ],
  "daily-living": [
    "washing", "washed", "getting washed", "bathing", "bath", "shower", "showering", "dressing", "dressed",
    "getting dressed", "washed and dressed", "personal care", "help at home", "home help", "housework",
    "cleaning", "laundry", "ironing", "cooking", "meals", "hot meals", "meals on wheels", "shopping", "groceries",
    "errands", "medication", "medicines", "prescriptions", "toilet", "toileting", "continence", "getting up",
    "getting to bed", "care at home", "home care", "carer at home", "care worker", "personal assistant",
    "everyday tasks", "day to day", "coping at home", "managing at home", "struggling at home", "toenails",
  ],
  memory: [
    "memory", "memory loss", "memory problems", "poor memory", "forgetful", "forgetting", "forgets", "forget",
    "confused", "confusion", "muddled", "dementia", "alzheimers", "alzheimer", "vascular dementia", "lewy body",
    "early onset", "young onset", "remembering", "diagnosis of dementia",
  ],
  "confidence-health": [
    "confidence", "confident", "anxious", "anxiety", "nervous", "worried", "worry", "low mood", "depressed",
    "depression", "feeling down", "wellbeing", "well being", "mental health", "staying well", "keeping well",
    "keep well", "long term condition", "health condition", "self esteem", "motivation", "peer support",
  ],
  "money-advice-digital": [
    "money", "money worries", "benefits", "benefit", "debt", "debts", "bills", "budgeting", "cost of living",
    "pension", "pension credit", "attendance allowance", "universal credit", "forms", "filling in forms",
    "paperwork", "letters", "advice", "computer", "internet", "online", "getting online", "email", "tablet",
    "ipad", "smartphone", "mobile phone", "video call", "digital", "technology", "tech", "scams",
  ],
};

/** A typed word or phrase → the words listings use for it (comma-separated, each side). */
export const synonyms: ReadonlyArray<{ typed: string; find: string }> = [
  // meals and food
  { typed: "lunch club, luncheon club, dinner, dinners, meal, meals, hot meal, hot food, food, eat, something to eat", find: "lunch, dinners, meals, kitchen, table" },
  { typed: "meals on wheels, meals delivered, hot meals delivered, food delivered, meals at home, cooked meals, ready meals", find: "meals at home, hot dinners, kitchen" },
  { typed: "food bank, foodbank, food parcel, pantry, larder, cheap food, free food", find: "pantry, larder" },
  { typed: "coffee morning, coffee, cuppa, tea and chat, drop in", find: "coffee, tea, cafe, chat" },
  { typed: "cafe, coffee shop, tea room, tea rooms", find: "cafe, tea rooms" },
  // company
  { typed: "befriending, befriender, befriend, visiting, visit, visitor, home visits, someone to visit", find: "befriending, visiting, visitors, visits, companions" },
  { typed: "phone call, telephone call, telephone friend, telephone, telefone, someone to ring, ring me, call me, regular call", find: "telephone, phone" },
  { typed: "someone to talk to, somebody to talk to, no one to talk to, nobody to talk to, someone to chat to, lonely, loneliness, isolated, company, companionship, on my own, make friends", find: "befriending, visitors, telephone, chat, friendship, coffee, companions, lunch club" },
  { typed: "companion, companionship, someone to go with, escort, accompany, accompanied", find: "companions, out and about, accompanied" },
  { typed: "mens shed, mens group, shed", find: "shed" },
  { typed: "knitting, knit, crochet, sewing, needlework, craft, crafts, craft group, making things, hobby, hobbies", find: "knit, craft, natter" },
  { typed: "bingo, games, cards, quiz, dominoes, board games", find: "games, quizzes, bingo" },
  { typed: "singing, choir, sing, songs, music", find: "singers, singing, music" },
  { typed: "warm space, warm place, warm room, warm hub, keep warm, somewhere warm, warm place to sit", find: "warm space, warm welcome, community hub" },
  { typed: "community centre, village hall, hall, hub", find: "community hub, village hall, hub" },
  { typed: "bereavement, bereaved, widow, widowed, grief, lost my husband, lost my wife", find: "bereavement, befriending" },
  // getting about
  { typed: "lift, lifts, car scheme, car, cars, driver, volunteer driver, transport, community transport, dial a ride, minibus, lift to the doctor, lift to the doctors, lift to hospital", find: "car scheme, community cars, lifts, transport, shopping bus, minibus, taxis" },
  { typed: "taxi, taxis, cab, wheelchair taxi", find: "taxis" },
  { typed: "day trips, days out, day out, outings, trips, excursions, trip out, get out of the house", find: "days out, shopping trip, out and about, trips" },
  { typed: "walking group, walking club, walks, walking, rambling, ramblers, walk, stroll, health walk, gentle walk", find: "health walk, walkers, strollers, gentle walk, walking group" },
  { typed: "wheelchair, wheelchair user, mobility scooter, scooter, mobility aids, walking aids, walking frame, walking stick, zimmer frame, perching stool, raised toilet seat, commode", find: "wheelchair, mobility, walking aids" },
  // help at home
  { typed: "washing, washed, wash, bathing, bath, shower, dressing, dressed, personal care, getting washed, getting dressed, washed and dressed, toileting, help getting up", find: "personal care, washing, dressing, care at home" },
  { typed: "cleaning, cleaner, housework, hoovering, laundry, ironing, tidying", find: "cleaning, housework, laundry, home help" },
  { typed: "shopping, shops, groceries, grocery, food shopping, supermarket", find: "shopping, stores, delivery, shopping trip, shopping bus" },
  { typed: "help with shopping, help with the shopping, shopping help, someone to do my shopping, shopping delivered", find: "shopping, stores, delivery, home help, helping at home" },
  { typed: "prescription, prescriptions, medicines, medication, pharmacy, chemist", find: "pharmacy, prescription, medication" },
  { typed: "pill, pills, pill reminders, pill dispenser, medication reminders, forget my pills", find: "pill dispenser, medication reminders" },
  { typed: "toenails, toe nails, nails, nail cutting, feet, foot, chiropody, chiropodist, podiatry", find: "foot care, nail cutting" },
  { typed: "hairdresser, hair, haircut, barber", find: "hair" },
  { typed: "personal assistant, pa, carer at home, home carer, care worker, support worker, direct payment, direct payments", find: "personal assistant, care at home, support workers" },
  { typed: "help at home, home help, home helper", find: "home help, helping at home, help at home, companions" },
  { typed: "hospital discharge, coming home from hospital, home from hospital, after hospital, leaving hospital, out of hospital, reablement", find: "home from hospital, settling home, home first, bridging care, short term help" },
  // garden and home
  { typed: "handyman, handy man, handyperson, odd jobs, repairs, small repairs, diy, fix things, jobs around the house, grab rail, grab rails, handrail, handrails, key safe", find: "handyperson, handyman, handy helpers, odd jobs, repairs, grab rails, adaptations" },
  { typed: "garden, gardening, gardener, lawn, grass cutting, mow, mowing, hedge, hedges, weeding, garden tidy", find: "garden, gardening, odd jobs" },
  { typed: "help with the garden, help in the garden, garden help, gardening help, someone to do my garden", find: "garden, gardening, odd jobs" },
  // falls and safety
  { typed: "alarm, pendant, pendant alarm, personal alarm, lifeline, careline, telecare, falls alarm, panic button, emergency button, falls detector, sensor, sensors", find: "alarm, pendant, telecare, sensors, falls detector, lifeline" },
  { typed: "exercise, exercises, keep fit, fitness, exercise class, gym, chair exercise, seated exercise, strength, balance, strength and balance, falls class, falls prevention", find: "exercise, fitness, strength and balance, steady steps, falls prevention" },
  { typed: "gps, tracker, locator, wandering, gets lost, getting lost", find: "gps, locator, safer walking" },
  // carers
  { typed: "carer, carers, unpaid carer, family carer, caring, carers group, carers support", find: "carers" },
  { typed: "break, respite, a break, time off, break from caring, short break, short breaks, sitting service, sitter, someone to sit with", find: "sitting service, short breaks, time out, respite, break" },
  // memory
  { typed: "dementia, alzheimers, alzheimer, memory loss, forgetful, forgetting, memory problems", find: "dementia, memory" },
  { typed: "memory cafe, dementia cafe, alzheimers cafe", find: "memory cafe, dementia cafe, dementia friendly cafe" },
  { typed: "reminiscence, old photos, memories", find: "reminiscence, memory" },
  { typed: "young onset, early onset, young onset dementia, early onset dementia", find: "young onset" },
  // health
  { typed: "stroke, strokes, stroke club, stroke group", find: "stroke" },
  { typed: "breathing, breathing problems, breathless, short of breath, copd, lungs, lung, asthma, breathe", find: "breathe better, breathing" },
  { typed: "parkinsons, parkinson", find: "parkinson" },
  { typed: "heart, heart condition, cardiac", find: "heart health" },
  // money, advice, digital
  { typed: "forms, form filling, filling in forms, paperwork, letters, official letters", find: "forms, letters, advice" },
  { typed: "benefits, benefit, pension, pension credit, attendance allowance, universal credit, money, money advice, debt, debts, bills, budgeting, cost of living, energy bills, money worries", find: "benefits, money, advice, debt" },
  { typed: "advice, advisor, adviser, citizens advice, information", find: "advice" },
  { typed: "computer, computers, laptop, internet, online, getting online, email, emails, tablet, ipad, smartphone, mobile phone, phone, video call, zoom, facetime, whatsapp, digital, technology, tech, gadget, gadgets", find: "digital, tablet, phone help, internet, online, byte buddies, computer" },
  { typed: "care technology, assistive technology", find: "care technology, sensors, alarm" },
];

/** Used only when nothing matches the words: the needs they suggest, to show nearby listings for. */
export const suggestions: Readonly<Record<NeedCode, readonly string[]>> = {
  "social-connection": [
    "bingo", "cards", "quiz", "games", "chess", "bridge", "scrabble", "crafts", "knitting", "sewing", "painting",
    "art", "book club", "reading", "music", "choir", "church", "chapel", "faith", "pub", "tea dance", "lunch",
    "coffee", "tea", "cake", "allotment", "history", "theatre", "cinema", "films", "volunteering", "club", "group",
    "befriending", "befriend", "visiting", "visitor", "telephone", "phone",
  ],
  "carer-support": ["carers", "care for"],
  "falls-home-safety": ["stairlift", "bathroom", "slippery", "rugs", "lighting", "repairs", "garden", "home"],
  "getting-out": ["bus", "buses", "bus pass", "train", "trains", "station", "shops", "town", "doctor", "doctors", "gp", "hospital", "dentist"],
  "daily-living": ["pets", "dog walking", "food", "cooking", "meal", "cleaner", "laundry"],
  memory: ["puzzles", "brain training", "crosswords"],
  "confidence-health": [
    "swimming", "swim", "yoga", "tai chi", "pilates", "dance", "dancing", "gym", "sport", "sports", "bowls", "bowling",
    "cycling", "bike", "aerobics", "zumba", "golf", "tennis", "badminton", "football", "running", "jogging",
    "exercise", "fitness", "keep fit", "stretching", "health", "healthy", "weight", "diabetes", "arthritis",
  ],
  "money-advice-digital": ["bank", "banking", "council tax", "housing", "rent", "energy", "heating", "insurance", "will", "solicitor"],
};
