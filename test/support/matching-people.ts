/** The person the matching tests match: lonely, after a fall, in Soham (CB7 5AA), up to 10 miles, any day, any cost. */
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client.server";
import { postcodes } from "../../db/schema";
import type { PersonForMatching } from "../../app/modules/matching/matching.server";

export async function sohamPerson(db: Database): Promise<PersonForMatching> {
  const [place] = await db.select().from(postcodes).where(eq(postcodes.postcode, "CB7 5AA"));
  if (!place) throw new Error("CB7 5AA is not in the postcode table");
  return {
    needs: ["social-connection", "falls-home-safety", "getting-out"],
    riskFactors: ["loneliness", "fall"],
    ageBand: "75-84",
    preferredDays: [],
    preferredTimes: [],
    maxTravelMiles: 10,
    maxHourlyRatePence: null,
    hasDirectPayment: false,
    latitude: place.latitude,
    longitude: place.longitude,
    wardCode: place.wardCode,
    districtCode: place.districtCode,
  };
}
