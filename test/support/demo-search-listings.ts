/**
 * The demo directory's published listings as the in-memory search index takes them, without a
 * database: for unit tests of the engine and its relevance. Town, ward and point as the seed
 * writes them (db/seed/listing-rows.ts); the database's own reading is compared with the SQL
 * reference in the integration tests.
 */
import { buildDemoDirectory } from "../../db/seed/demo-directory";
import { readPostcodes } from "../../db/seed/geography";
import { lowCostPoundsPerSession, type DayCode } from "../../search/types";
import type { SearchListing } from "../../search/memory-index";
import { daysOf } from "../../search/memory-rows";

export function demoSearchListings(): SearchListing[] {
  const postcodes = readPostcodes().filter((row) => row.districtCode === "E07000009");
  return buildDemoDirectory(postcodes)
    .filter((asset) => asset.listingStatus === "published")
    .map((asset) => ({
      id: asset.key,
      name: asset.name,
      description: asset.description,
      kind: asset.kind,
      needs: [...asset.needs],
      accessibility: [...asset.accessibility],
      days: daysOf(asset.schedules.map((schedule) => schedule.byday)) as DayCode[],
      isFree: asset.isFree,
      directPayment: asset.directPayment,
      hourlyRatePence: asset.hourlyRatePence,
      freeOrLowCost: asset.isFree || (asset.costOption !== null && asset.costOption.amount <= lowCostPoundsPerSession),
      hasCapacity: (asset.capacity?.available ?? 0) > 0,
      minimumAge: asset.minimumAge,
      maximumAge: asset.maximumAge,
      card: {
        capacityUnit: asset.capacity?.unit ?? null,
        capacityAvailable: asset.capacity?.available ?? null,
        waitingList: asset.capacity?.waitingList ?? false,
        waitingListWeeks: asset.capacity?.waitingListWeeks ?? null,
        fees: asset.fees?.trim() || null,
        sessionPricePence: asset.costOption ? Math.round(asset.costOption.amount * 100) : null,
        bydays: [...new Set(asset.schedules.map((schedule) => schedule.byday).filter(Boolean))].sort(),
      },
      places: [
        {
          latitude: asset.postcode.latitude,
          longitude: asset.postcode.longitude,
          town: asset.town,
          postcode: asset.postcode.postcode,
          wardName: asset.postcode.wardName,
        },
      ],
    }));
}
