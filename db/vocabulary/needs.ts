/**
 * The needs taxonomy: what a person needs help with, in plain English, built from the domain
 * primer's need → support mapping. Codes are stable (they appear in URLs and ORUK exports);
 * the risk factors are the Institute of Public Care's seven factors for loss of independence.
 * Shared by server and client (no data access here).
 */

export const riskFactors = [
  { code: "dementia-comorbidity", number: 1, name: "Dementia with other conditions" },
  { code: "comorbidity", number: 2, name: "Several long-term conditions" },
  { code: "carer-burden", number: 3, name: "Carer under strain" },
  { code: "fall", number: 4, name: "A fall" },
  { code: "loneliness", number: 5, name: "Social isolation or loneliness" },
  { code: "low-confidence", number: 6, name: "Low confidence or self-esteem" },
  { code: "poor-perceived-health", number: 7, name: "Feels their health is poor" },
] as const;

export type RiskFactorCode = (typeof riskFactors)[number]["code"];

export const needs = [
  {
    code: "social-connection",
    name: "Company and social connection",
    description: "Befriending, lunch clubs, social groups and volunteer visitors for people who feel lonely or cut off.",
    riskFactors: ["loneliness"],
  },
  {
    code: "carer-support",
    name: "Support for carers",
    description: "Carers' groups, sitting services and short breaks for people looking after someone.",
    riskFactors: ["carer-burden"],
  },
  {
    code: "falls-home-safety",
    name: "Falls and home safety",
    description: "Handyperson help, small adaptations, strength and balance classes and alarms that keep people safe at home.",
    riskFactors: ["fall"],
  },
  {
    code: "getting-out",
    name: "Getting out and about",
    description: "Community transport, lifts to appointments and accompanied trips.",
    riskFactors: ["loneliness", "low-confidence"],
  },
  {
    code: "daily-living",
    name: "Help with daily living",
    description: "Personal assistants, micro-enterprises and meals that help with everyday tasks at home.",
    riskFactors: ["dementia-comorbidity", "comorbidity"],
  },
  {
    code: "memory",
    name: "Memory and dementia",
    description: "Dementia cafés, memory groups and support for people living with dementia and their families.",
    riskFactors: ["dementia-comorbidity"],
  },
  {
    code: "confidence-health",
    name: "Confidence and staying well",
    description: "Peer support, activity groups and help to manage long-term health conditions.",
    riskFactors: ["low-confidence", "poor-perceived-health"],
  },
  {
    code: "money-advice-digital",
    name: "Money, advice and digital help",
    description: "Benefits and debt advice, help with forms, and help using phones, tablets and the internet.",
    riskFactors: [],
  },
] as const satisfies ReadonlyArray<{
  code: string;
  name: string;
  description: string;
  riskFactors: ReadonlyArray<RiskFactorCode>;
}>;

export type NeedCode = (typeof needs)[number]["code"];

export const needCodes = needs.map((need) => need.code) as [NeedCode, ...NeedCode[]];

export function needName(code: string): string {
  return needs.find((need) => need.code === code)?.name ?? code;
}

/** Accessibility features a listing can offer (an ORUK taxonomy of our own). */
export const accessibilityFeatures = [
  { code: "step-free", name: "Step-free access" },
  { code: "accessible-toilet", name: "Accessible toilet" },
  { code: "hearing-loop", name: "Hearing loop" },
  { code: "parking", name: "Parking nearby" },
  { code: "bsl", name: "British Sign Language on request" },
  { code: "home-visits", name: "Comes to your home" },
] as const;

export type AccessibilityFeatureCode = (typeof accessibilityFeatures)[number]["code"];
