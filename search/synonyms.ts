/**
 * Plain English → needs and words: what people type ("lonely", "lift to the doctor") mapped to
 * the needs taxonomy and to the words listings use. The one place synonyms live, so every
 * engine (and the Meilisearch index settings, later) reads the same table.
 *
 * A phrase matches whole words anywhere in the query, ignoring case and punctuation.
 * `needs`: listings meeting any of these needs match. `words`: listings whose name or
 * description contains any of these words (stemmed, full-text) match too.
 */
import type { NeedCode } from "../db/vocabulary/needs";

export interface Synonym {
  phrases: readonly string[];
  needs: readonly NeedCode[];
  words: readonly string[];
}

export const synonyms: readonly Synonym[] = [
  {
    phrases: ["lonely", "loneliness", "isolated", "isolation", "alone", "on my own", "no one to talk to", "someone to talk to", "company", "friendship", "make friends", "friends", "chat", "social"],
    needs: ["social-connection"],
    words: ["befriending", "lunch club", "social group", "visitor", "coffee morning", "friendship"],
  },
  {
    phrases: ["visit", "visitor", "visiting", "someone to visit", "phone call", "telephone friend"],
    needs: ["social-connection"],
    words: ["befriending", "visitor", "telephone"],
  },
  {
    phrases: ["meals", "meal", "food", "dinner", "hot food", "lunch", "eat", "eating", "cooking"],
    needs: [],
    words: ["lunch", "meal", "meals on wheels", "food", "dinner"],
  },
  {
    phrases: ["garden", "gardening", "help with the garden", "odd jobs", "repairs", "diy", "fix", "handyman", "handy man", "grab rail", "grab rails", "trip hazards"],
    needs: ["falls-home-safety"],
    words: ["handyperson", "garden", "repairs", "odd jobs", "adaptations"],
  },
  {
    phrases: ["fall", "falls", "fell", "falling", "unsteady", "balance", "wobbly", "trip", "trips"],
    needs: ["falls-home-safety"],
    words: ["strength and balance", "falls", "handyperson", "alarm"],
  },
  {
    phrases: ["alarm", "pendant", "telecare", "sensor", "sensors", "care technology"],
    needs: ["falls-home-safety"],
    words: ["alarm", "telecare", "sensor", "technology"],
  },
  {
    phrases: ["lift", "lifts", "lift to the doctor", "lift to the doctors", "lift to hospital", "transport", "bus", "minibus", "car", "driver", "get to appointments", "appointments", "getting out", "shopping trip", "doctor", "doctors", "gp", "hospital appointment"],
    needs: ["getting-out"],
    words: ["transport", "minibus", "car scheme", "lifts", "appointments", "accompanied"],
  },
  {
    phrases: ["memory", "memory problems", "memory loss", "forgetful", "forgetting", "dementia", "alzheimers", "alzheimer", "confused", "confusion"],
    needs: ["memory"],
    words: ["dementia", "memory", "memory café"],
  },
  {
    phrases: ["carer", "carers", "caring", "looking after", "break", "respite", "sitting service", "time off", "looking after my husband", "looking after my wife", "looking after my mum", "looking after my dad"],
    needs: ["carer-support"],
    words: ["carers", "sitting service", "respite", "short breaks"],
  },
  {
    phrases: ["washing", "dressing", "bathing", "shower", "personal care", "help at home", "cleaning", "housework", "shopping", "pa", "personal assistant", "carer at home", "home help"],
    needs: ["daily-living"],
    words: ["personal assistant", "home help", "cleaning", "shopping", "personal care"],
  },
  {
    phrases: ["exercise", "keep fit", "fitness", "walking", "walk", "activity", "activities", "confidence", "anxious", "anxiety", "low mood", "depressed", "wellbeing", "well being", "staying well"],
    needs: ["confidence-health"],
    words: ["exercise", "walking", "activity", "wellbeing", "peer support"],
  },
  {
    phrases: ["money", "benefits", "debt", "debts", "bills", "forms", "advice", "pension", "attendance allowance"],
    needs: ["money-advice-digital"],
    words: ["advice", "benefits", "debt", "forms"],
  },
  {
    phrases: ["computer", "internet", "online", "tablet", "ipad", "smartphone", "phone", "email", "video call", "digital", "zoom"],
    needs: ["money-advice-digital"],
    words: ["digital", "online", "tablet", "internet"],
  },
];

export interface Expansion {
  /** Needs the query's plain English points to. */
  needs: NeedCode[];
  /** Extra words to look for, alongside what was typed. */
  words: string[];
}

/** Lower case, apostrophes dropped ("carer's" → "carers"), anything else not a letter or digit a space. */
export function normaliseForSynonyms(text: string): string {
  return ` ${text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()} `;
}

/**
 * The needs and words a query's phrases map to; empty when none match. A one-word phrase of
 * five letters or more also matches a word one slip away ("lonley", "demntia", "gardn").
 */
export function expandSynonyms(text: string): Expansion {
  const normalised = normaliseForSynonyms(text);
  const typed = normalised.trim().split(" ").filter((word) => word.length >= 5);
  const needs = new Set<NeedCode>();
  const words = new Set<string>();
  const matches = (phrase: string) =>
    normalised.includes(` ${phrase} `) ||
    (phrase.length >= 5 && !phrase.includes(" ") && typed.some((word) => withinOneEdit(word, phrase)));
  for (const synonym of synonyms) {
    if (!synonym.phrases.some(matches)) continue;
    for (const need of synonym.needs) needs.add(need);
    for (const word of synonym.words) words.add(word);
  }
  return { needs: [...needs], words: [...words] };
}

/** True when b is a out by one letter: one changed, added, dropped, or two neighbours swapped. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // changed
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swapped
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // added or dropped
}
