/** The default unit costs agree with the engine's service catalogue, and each series is a clean chain. */
import { describe, expect, it } from "vitest";
import { evidenceServices } from "../../app/modules/evidence/services";
import { priceSpans } from "../../app/modules/evidence/unit-costs";
import { defaultUnitCosts, unitCostId } from "../../db/seed/unit-costs";
import { toDay } from "../../db/calendar";

const figures = defaultUnitCosts.map((figure) => ({ ...figure, id: unitCostId(figure.service, figure.validFrom) }));

describe("default unit costs", () => {
  it("price services the catalogue knows, in the catalogue's unit, with a price year and a source", () => {
    for (const figure of figures) {
      const service = evidenceServices.find((candidate) => candidate.code === figure.service);
      expect(service?.unit, figure.service).toBe(figure.unit);
      expect(figure.priceYear).toMatch(/^\d{4}\/\d{2}$/);
      expect(figure.source.length).toBeGreaterThan(10);
      expect(Number.isInteger(figure.amountPence) && figure.amountPence > 0).toBe(true);
    }
  });

  it("has one open figure per service and no gaps or overlaps in a series", () => {
    for (const service of new Set(figures.map((figure) => figure.service))) {
      const series = figures.filter((figure) => figure.service === service);
      expect(series.filter((figure) => figure.validTo === null), service).toHaveLength(1);
      const first = series.map((figure) => toDay(figure.validFrom)).sort((a, b) => a - b)[0]!;
      const spans = priceSpans(figures, service, first, toDay("2030-01-01"));
      expect(spans.map((span) => span.unitCost.id)).toEqual(series.map((figure) => figure.id));
    }
  });
});
