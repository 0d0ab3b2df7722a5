import { describe, expect, it } from "vitest";
import { i18nFor } from "../../app/modules/i18n/i18n";
import { bydaysIn, dateIn, distanceIn, timeIn } from "../../app/modules/i18n/words";
import { describeCapacity, describeCost, describeWhen } from "../../app/modules/search/result-card";

const pl = i18nFor("pl").t;
const card = { capacityUnit: "places" as const, capacityAvailable: 1, waitingList: false, waitingListWeeks: null, isFree: false, fees: null, sessionPricePence: null, hourlyRatePence: null, bydays: [] as string[] };

describe("days, distances and card facts in Polish", () => {
  it("uses the four Polish plural forms for counts", () => {
    expect([1, 2, 5, 22, 25].map((count) => describeCapacity({ ...card, capacityAvailable: count }, pl)?.text)).toEqual([
      "1 wolne miejsce",
      "2 wolne miejsca",
      "5 wolnych miejsc",
      "22 wolne miejsca",
      "25 wolnych miejsc",
    ]);
    expect(describeCapacity({ ...card, capacityAvailable: 0, waitingList: true, waitingListWeeks: 3 }, pl)?.text).toBe("Brak miejsc: lista oczekujących, około 3 tygodnie");
    expect([1, 2, 5, 1.5, 0.01].map((miles) => distanceIn(miles, pl))).toEqual(["1 mila", "2 mile", "5 mil", "1.5 mili", "poniżej 0.1 mili"]);
  });

  it("says days with their prepositions and ordinals that agree with the day", () => {
    expect(describeWhen({ ...card, bydays: ["TU,TH"] }, pl)).toBe("We wtorki i w czwartki");
    expect(bydaysIn(["1MO", "-1WE"], pl)).toBe("w pierwszy poniedziałek miesiąca i w ostatnią środę miesiąca");
    expect(bydaysIn(["MO,TU,WE,TH,FR"], pl)).toBe("w dni robocze");
    expect(describeWhen(card, pl)).toBe("Zapytaj o dni i godziny");
  });

  it("prices, times and dates the Polish way, and English as before", () => {
    expect(describeCost({ ...card, sessionPricePence: 450, hourlyRatePence: 1500 }, pl)).toBe("£4.50 za spotkanie; £15 za godzinę");
    expect(describeCost({ ...card, sessionPricePence: 450, hourlyRatePence: 1500 })).toBe("£4.50 a session; £15 an hour");
    expect(timeIn("09:30:00", pl)).toBe("09:30");
    expect(timeIn("09:30:00")).toBe("9:30am");
    expect(dateIn("2026-12-06", pl)).toBe("6 grudnia 2026");
    expect(dateIn("2026-12-06")).toBe("6 December 2026");
  });
});
