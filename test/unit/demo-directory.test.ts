import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assetKinds } from "../../db/vocabulary/kinds";
import { accessibilityFeatures, needs } from "../../db/vocabulary/needs";
import { buildDemoDirectory, type DemoAsset, type DemoPostcode } from "../../db/seed/demo-directory";

const EAST_CAMBRIDGESHIRE = "E07000009";
const sourcePath = fileURLToPath(new URL("../../db/seed/demo-directory.ts", import.meta.url));
const csvPath = fileURLToPath(new URL("../../db/data/geo/cambridgeshire_postcodes.csv", import.meta.url));

/** The real postcodes, read independently of the seed code (the CSV has no quoted commas). */
function loadEastCambridgeshirePostcodes(): DemoPostcode[] {
  const [header = "", ...lines] = fs.readFileSync(csvPath, "utf8").trim().split(/\r?\n/);
  const columns = header.split(",");
  const at = (cells: string[], name: string) => cells[columns.indexOf(name)] ?? "";
  return lines
    .map((line) => line.split(","))
    .filter((cells) => at(cells, "lad_code") === EAST_CAMBRIDGESHIRE)
    .map((cells) => ({
      postcode: at(cells, "postcode"),
      latitude: Number(at(cells, "latitude")),
      longitude: Number(at(cells, "longitude")),
      wardCode: at(cells, "ward_code"),
      wardName: at(cells, "ward_name"),
      districtCode: at(cells, "lad_code"),
    }));
}

/** A deterministic shuffle (tests must not use Math.random either). */
function scramble<T>(items: readonly T[]): T[] {
  let state = 12345;
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** Each town's real ward(s) (2019 wards) and the postcode sectors that cover it. */
const townPlaces: Record<string, { wards: string[]; sectors: string[] }> = {
  Ely: { wards: ["Ely East", "Ely North", "Ely West"], sectors: ["CB6 1", "CB7 4"] },
  Soham: { wards: ["Soham North", "Soham South"], sectors: ["CB7 5"] },
  Littleport: { wards: ["Littleport"], sectors: ["CB6 1"] },
  Burwell: { wards: ["Burwell"], sectors: ["CB25 0"] },
  Sutton: { wards: ["Sutton"], sectors: ["CB6 2"] },
  Haddenham: { wards: ["Haddenham"], sectors: ["CB6 3"] },
  Bottisham: { wards: ["Bottisham"], sectors: ["CB25 9"] },
  Fordham: { wards: ["Fordham & Isleham"], sectors: ["CB7 5"] },
  Isleham: { wards: ["Fordham & Isleham"], sectors: ["CB7 5"] },
  Witchford: { wards: ["Stretham"], sectors: ["CB6 2"] },
  Stretham: { wards: ["Stretham"], sectors: ["CB6 3"] },
  Cheveley: { wards: ["Woodditton"], sectors: ["CB8 9"] },
  Woodditton: { wards: ["Woodditton"], sectors: ["CB8 9"] },
  "Little Downham": { wards: ["Downham Villages"], sectors: ["CB6 2"] },
  Wicken: { wards: ["Soham South"], sectors: ["CB7 5"] },
  Mepal: { wards: ["Sutton"], sectors: ["CB6 2"] },
  Wilburton: { wards: ["Stretham"], sectors: ["CB6 3"] },
  "Swaffham Prior": { wards: ["Bottisham"], sectors: ["CB25 0"] },
  Dullingham: { wards: ["Woodditton"], sectors: ["CB8 9"] },
  Kennett: { wards: ["Fordham & Isleham"], sectors: ["CB8 7"] },
};

const postcodes = loadEastCambridgeshirePostcodes();
const assets = buildDemoDirectory(postcodes);
const published = assets.filter((asset) => asset.listingStatus === "published");
const paidByTheHour = (asset: DemoAsset) => asset.kind === "personal_assistant" || asset.kind === "micro_enterprise";
const time = /^([01]\d|2[0-3]):[0-5]\d$/;

describe("demo directory generator", () => {
  it("reads the real East Cambridgeshire postcodes", () => {
    expect(postcodes.length).toBeGreaterThan(2000);
  });

  it("is deterministic, whatever the input order", () => {
    expect(buildDemoDirectory(postcodes)).toEqual(assets);
    expect(buildDemoDirectory(scramble(postcodes))).toEqual(assets);
    expect(buildDemoDirectory([...postcodes].reverse())).toEqual(assets);
  });

  it("uses no wall clock and no unseeded randomness", () => {
    const source = fs.readFileSync(sourcePath, "utf8");
    expect(source).not.toMatch(/Math\.random\s*\(/);
    expect(source).not.toMatch(/Date\.now\s*\(/);
    expect(source).not.toMatch(/new Date\(\s*\)/);
  });

  it("says which town cannot be placed when its ward is missing from the input", () => {
    expect(() => buildDemoDirectory(postcodes.filter((row) => row.wardName !== "Littleport"))).toThrow(/Littleport/);
  });
});

describe("demo directory contents", () => {
  it("has at least 330 assets with unique keys", () => {
    expect(assets.length).toBeGreaterThanOrEqual(330);
    expect(new Set(assets.map((asset) => asset.key)).size).toBe(assets.length);
    for (const asset of assets) expect(asset.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("covers every kind (at least 8 each) and every need (at least 10 published each)", () => {
    for (const kind of assetKinds) {
      expect(assets.filter((asset) => asset.kind === kind.code).length, kind.code).toBeGreaterThanOrEqual(8);
    }
    for (const need of needs) {
      expect(published.filter((asset) => asset.needs.includes(need.code)).length, need.code).toBeGreaterThanOrEqual(10);
    }
  });

  it("uses only known codes, and every asset meets at least one need", () => {
    const kindCodes = new Set<string>(assetKinds.map((kind) => kind.code));
    const needCodes = new Set<string>(needs.map((need) => need.code));
    const featureCodes = new Set<string>(accessibilityFeatures.map((feature) => feature.code));
    for (const asset of assets) {
      expect(kindCodes.has(asset.kind)).toBe(true);
      expect(asset.needs.length).toBeGreaterThan(0);
      expect(new Set(asset.needs).size).toBe(asset.needs.length);
      for (const need of asset.needs) expect(needCodes.has(need)).toBe(true);
      for (const feature of asset.accessibility) expect(featureCodes.has(feature)).toBe(true);
    }
  });

  it("has enough PAs and micro-enterprises, each with an hourly rate of £10 to £30; nobody else has one", () => {
    expect(assets.filter((asset) => asset.kind === "personal_assistant").length).toBeGreaterThanOrEqual(20);
    expect(assets.filter((asset) => asset.kind === "micro_enterprise").length).toBeGreaterThanOrEqual(15);
    for (const asset of assets) {
      if (paidByTheHour(asset)) {
        expect(Number.isInteger(asset.hourlyRatePence), asset.key).toBe(true);
        expect(asset.hourlyRatePence!).toBeGreaterThanOrEqual(1000);
        expect(asset.hourlyRatePence!).toBeLessThanOrEqual(3000);
        expect(asset.capacity?.unit === "hours_per_week" || asset.capacity?.unit === "places", asset.key).toBe(true);
      } else {
        expect(asset.hourlyRatePence, asset.key).toBeNull();
      }
    }
  });

  it("lists PAs as individuals: first name and initial, no address", () => {
    for (const asset of assets.filter((candidate) => candidate.kind === "personal_assistant")) {
      expect(asset.name).toMatch(/^Personal assistant: [A-Z][a-z]+ [A-Z]\.$/);
      expect(asset.venue).toBeNull();
      expect(asset.capacity?.unit).toBe("hours_per_week");
    }
  });

  it("uses only drama-range phone numbers and example.org emails and websites", () => {
    for (const asset of assets) {
      expect(asset.contact.phone).toMatch(/^01632 960\d{3}$/);
      for (const email of [asset.contact.email, asset.organization.email]) {
        if (email !== null) expect(email).toMatch(/^[a-z0-9.+-]+@example\.org$/);
      }
      if (asset.organization.website !== null) expect(asset.organization.website).toMatch(/^https:\/\/example\.org\//);
    }
  });

  it("marks every organisation as a demo, and an organisation reads the same on all its assets", () => {
    const byKey = new Map<string, DemoAsset["organization"]>();
    for (const asset of assets) {
      expect(asset.organization.description.endsWith(" (Demo listing: invented for demonstration.)")).toBe(true);
      const seen = byKey.get(asset.organization.key);
      if (seen) expect(asset.organization).toEqual(seen);
      else byKey.set(asset.organization.key, asset.organization);
    }
    // Some organisations (a volunteer bureau, a church) run several assets.
    const counts = new Map<string, number>();
    for (const asset of assets) counts.set(asset.organization.key, (counts.get(asset.organization.key) ?? 0) + 1);
    expect([...counts.values()].filter((count) => count > 1).length).toBeGreaterThanOrEqual(5);
  });

  it("places every asset on a real input postcode in its town's ward and sector", () => {
    const real = new Map(postcodes.map((row) => [row.postcode, row]));
    for (const asset of assets) {
      const place = townPlaces[asset.town];
      expect(place, `unknown town ${asset.town}`).toBeDefined();
      expect(real.get(asset.postcode.postcode), asset.key).toEqual(asset.postcode);
      expect(place!.wards, asset.key).toContain(asset.postcode.wardName);
      expect(place!.sectors.some((sector) => asset.postcode.postcode.startsWith(sector)), asset.key).toBe(true);
    }
  });

  it("spreads assets over the real towns, weighted by size", () => {
    const count = (town: string) => assets.filter((asset) => asset.town === town).length;
    for (const town of ["Ely", "Soham", "Littleport", "Burwell", "Sutton", "Haddenham", "Bottisham", "Fordham", "Isleham", "Witchford", "Stretham"]) {
      expect(count(town), town).toBeGreaterThan(0);
    }
    expect(count("Cheveley") + count("Woodditton")).toBeGreaterThan(0);
    expect(count("Ely")).toBeGreaterThan(count("Soham"));
    expect(count("Soham")).toBeGreaterThan(count("Sutton"));
    expect(count("Burwell")).toBeGreaterThan(count("Kennett"));
  });

  it("has realistic schedules: valid days, and closing after opening", () => {
    for (const asset of assets) {
      for (const schedule of asset.schedules) {
        expect(schedule.opensAt).toMatch(time);
        expect(schedule.closesAt).toMatch(time);
        expect(schedule.closesAt > schedule.opensAt, asset.key).toBe(true);
        expect(schedule.description.length).toBeGreaterThan(0);
        if (schedule.freq === "WEEKLY") expect(schedule.byday).toMatch(/^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/);
        else expect(schedule.byday).toMatch(/^[1-4](MO|TU|WE|TH|FR|SA|SU)$/);
      }
    }
    expect(assets.some((asset) => asset.schedules.some((schedule) => schedule.freq === "MONTHLY"))).toBe(true);
    const lunchClubs = assets.filter((asset) => asset.key.includes("lunch-club"));
    for (const club of lunchClubs) {
      for (const schedule of club.schedules) {
        expect(schedule.opensAt >= "11:30" && schedule.closesAt <= "14:30", club.key).toBe(true);
      }
    }
  });

  it("says how to arrange services that have no fixed times", () => {
    for (const asset of assets.filter((candidate) => candidate.schedules.length === 0)) {
      expect(asset.description, asset.key).toMatch(/arrange|book|refer/i);
    }
  });

  it("keeps descriptions short and plain: one to three sentences", () => {
    for (const asset of assets) {
      const sentences = asset.description.match(/[.!?](?=\s|$)/g) ?? [];
      expect(sentences.length, asset.key).toBeGreaterThanOrEqual(1);
      expect(sentences.length, asset.key).toBeLessThanOrEqual(3);
    }
  });

  it("keeps money consistent: free means no cost option; charged means one", () => {
    for (const asset of assets) {
      expect(asset.fees, asset.key).not.toBeNull();
      if (asset.isFree) {
        expect(asset.costOption, asset.key).toBeNull();
      } else {
        expect(asset.costOption, asset.key).not.toBeNull();
        expect(asset.costOption!.amount).toBeGreaterThan(0);
      }
    }
  });

  it("has consistent capacity, including some full with a waiting list", () => {
    for (const asset of assets) {
      if (!asset.capacity) continue;
      expect(asset.capacity.available).toBeGreaterThanOrEqual(0);
      expect(asset.capacity.available).toBeLessThanOrEqual(asset.capacity.total);
      if (asset.capacity.waitingList) expect(asset.capacity.available, asset.key).toBe(0);
      else expect(asset.capacity.waitingListWeeks).toBeNull();
    }
    expect(assets.filter((asset) => asset.capacity?.waitingList).length).toBeGreaterThanOrEqual(5);
  });

  it("has mostly published listings, with a few in each other state", () => {
    const share = published.length / assets.length;
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(0.95);
    for (const status of ["draft", "in_review", "archived"] as const) {
      expect(assets.some((asset) => asset.listingStatus === status), status).toBe(true);
    }
  });

  it("has valid verification dates in the 18 months before 2026-11-01, some over a year old", () => {
    for (const asset of assets) {
      expect(asset.lastVerifiedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const date = new Date(`${asset.lastVerifiedAt}T00:00:00Z`);
      expect(Number.isNaN(date.getTime())).toBe(false);
      expect(date.toISOString().slice(0, 10)).toBe(asset.lastVerifiedAt);
      expect(asset.lastVerifiedAt >= "2025-05-01" && asset.lastVerifiedAt < "2026-11-01", asset.key).toBe(true);
    }
    expect(assets.some((asset) => asset.lastVerifiedAt < "2025-11-01")).toBe(true);
  });

  it("serves a ward or the whole district, and marks only CQC-style services regulated", () => {
    const wardCodes = new Set(postcodes.map((row) => row.wardCode));
    for (const asset of assets) {
      expect(asset.serviceArea.districtCode).toBe(EAST_CAMBRIDGESHIRE);
      if (asset.serviceArea.wardCode !== null) expect(wardCodes.has(asset.serviceArea.wardCode)).toBe(true);
      expect(asset.regulated).toBe(asset.regulator !== null);
    }
    expect(assets.some((asset) => asset.serviceArea.wardCode === null)).toBe(true);
    expect(assets.filter((asset) => asset.regulated).length).toBeLessThan(assets.length / 10);
  });
});
