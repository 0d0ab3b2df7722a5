import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { csvColumnNames, csvColumns } from "../../app/modules/imports/csv-columns";
import { deliveryChoices, deliveryName, parseDelivery } from "../../db/vocabulary/delivery";
import { formatOpeningTimes, parseOpeningTimes, readHeader, readListingRow } from "../../app/modules/imports/csv-rows";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("opening times", () => {
  it("reads weekly and monthly times and writes them back the same", () => {
    const parsed = parseOpeningTimes("Tue,Thu 10:00-12:00; 1st Mon 14:00-16:00; last fri 9:30-11:00; Sat");
    expect(parsed).toEqual({
      times: [
        { freq: "WEEKLY", byday: "TU,TH", opensAt: "10:00", closesAt: "12:00" },
        { freq: "MONTHLY", byday: "1MO", opensAt: "14:00", closesAt: "16:00" },
        { freq: "MONTHLY", byday: "-1FR", opensAt: "09:30", closesAt: "11:00" },
        { freq: "WEEKLY", byday: "SA", opensAt: null, closesAt: null },
      ],
    });
    if ("times" in parsed) expect(formatOpeningTimes(parsed.times)).toBe("Tue,Thu 10:00-12:00; 1st Mon 14:00-16:00; last Fri 09:30-11:00; Sat");
  });

  it("says what to fix: a closing time before the opening time, a day that is not a day, bad hours", () => {
    expect(parseOpeningTimes("Mon 16:00-10:00")).toEqual({ error: "In “Mon 16:00-10:00” the closing time 10:00 is not after the opening time 16:00." });
    expect(parseOpeningTimes("Mon 10:00-10:00")).toHaveProperty("error");
    expect(parseOpeningTimes("Funday 10:00-12:00")).toEqual({ error: "“Funday” in “Funday 10:00-12:00” is not a day. Use Mon, Tue, Wed, Thu, Fri, Sat or Sun." });
    expect(parseOpeningTimes("Mon 25:00-26:00")).toHaveProperty("error");
    expect(parseOpeningTimes("1st Mon,Tue 10:00-12:00")).toHaveProperty("error");
  });
});

describe("the header", () => {
  it("accepts the template's columns in any order and any case", () => {
    const { columns, problems } = readHeader([...csvColumnNames].reverse().map((name) => name.toUpperCase().replace(/_/g, " ")));
    expect(problems).toEqual([]);
    expect(columns.get("id")).toBe(csvColumnNames.length - 1);
  });
});

describe("a row", () => {
  const header = readHeader(csvColumnNames).columns;
  const row = (values: Record<string, string>) => csvColumnNames.map((name) => values[name] ?? "");
  const minimal = { organisation: "Soham Friendship Circle", name: "Lunch club", description: "Hot lunch", kind: "vcs_group", postcode: "cb75aa" };

  it("needs only the required columns, and normalises what it reads", () => {
    const { listing, problems } = readListingRow(row({ ...minimal, hourly_rate: "£13.5", website: "www.example.org", last_verified: "1/3/2026", kind: "Faith group" }), header, 2, "2026-11-29");
    expect(problems).toEqual([]);
    expect(listing).toMatchObject({ postcode: "CB7 5AA", hourlyRatePence: 1350, website: "https://www.example.org", lastVerified: "2026-03-01", kind: "faith_group", listingStatus: "draft" });
  });

  it("reports each bad field by name, all at once", () => {
    const { listing, problems } = readListingRow(
      row({ ...minimal, name: "", hourly_rate: "-3", needs: "memory;nope", minimum_age: "70", maximum_age: "60", contact_email: "not-an-email", free: "maybe", last_verified: "31/02/2026" }),
      header,
      7,
      "2026-11-29",
    );
    expect(listing).toBeNull();
    expect(problems.map((p) => p.field)).toEqual(["name", "needs", "free", "hourly_rate", "maximum_age", "contact_email", "last_verified"]);
    expect(problems.every((p) => p.row === 7)).toBe(true);
  });
});

describe("the delivery column", () => {
  const header = readHeader(csvColumnNames).columns;
  const row = (values: Record<string, string>) => csvColumnNames.map((name) => values[name] ?? "");
  const minimal = { organisation: "Soham Friendship Circle", name: "Lunch club", description: "Hot lunch", kind: "vcs_group", postcode: "cb75aa" };
  const read = (delivery: string) => readListingRow(row({ ...minimal, delivery }), header, 4, "2026-11-29");

  it.each([
    ["People come to a place", "at_venue"],
    ["people COME to a place", "at_venue"],
    ["at_venue", "at_venue"],
    ["AT-VENUE", "at_venue"],
    ["It comes to people's homes", "to_home"],
    ["it comes to people’s homes", "to_home"],
    ["To_Home", "to_home"],
    ["By phone or online", "remote"],
    [" remote ", "remote"],
  ])("reads “%s” as %s", (typed, code) => {
    const { listing, problems } = read(typed);
    expect(problems).toEqual([]);
    expect(listing?.delivery).toBe(code);
  });

  it("reads an empty cell, or no column at all, as not said (the default rule decides)", () => {
    expect(read("").listing?.delivery).toBeNull();
    const without = csvColumnNames.filter((name) => name !== "delivery");
    const { listing, problems } = readListingRow(without.map((name) => ({ ...minimal })[name as keyof typeof minimal] ?? ""), readHeader(without).columns, 2, "2026-11-29");
    expect(problems).toEqual([]);
    expect(listing?.delivery).toBeNull();
  });

  it("refuses anything else with a problem on its row that names the choices", () => {
    const { listing, problems } = read("by pigeon");
    expect(listing).toBeNull();
    expect(problems).toEqual([
      { row: 4, field: "delivery", message: "delivery “by pigeon” is not one we know. Use “People come to a place”, “It comes to people's homes”, “By phone or online” (or at_venue, to_home, remote), or leave it empty." },
    ]);
  });

  it("reads back what the export writes: each choice's name", () => {
    for (const choice of deliveryChoices) expect(parseDelivery(choice.name)).toBe(choice.code);
    for (const choice of deliveryChoices) expect(parseDelivery(deliveryName(choice.code))).toBe(choice.code);
  });
});

describe("the documentation", () => {
  it("describes every column of the template, and the example file has exactly the template's columns", () => {
    const docs = fs.readFileSync(path.join(root, "docs/import-csv.md"), "utf8");
    for (const column of csvColumns) expect(docs, column.name).toContain(`\`${column.name}\``);
    const example = fs.readFileSync(path.join(root, "public/downloads/asset-atlas-listings-example.csv"), "utf8");
    expect(example.split("\r\n")[0]).toBe(csvColumnNames.join(","));
    expect(example.trimEnd().split("\r\n")).toHaveLength(21);
  });
});
