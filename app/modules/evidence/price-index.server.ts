/**
 * The price index in the database: the edition in use (the latest recorded), its history, and
 * recording a new edition (administrators; audited). Editions are never changed or deleted, so a
 * past report can be explained with the index it used.
 */
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client.server";
import { priceIndexEditions, priceIndexValues } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { can, type Actor } from "../accounts/permissions";
import { checkPriceIndexValues, PriceIndexError, type PriceIndex, type PriceIndexValue } from "../../../db/evidence/price-years";
import { isIsoDate } from "../../../db/calendar";

export type StoredPriceIndex = PriceIndex & { id: string; notes: string | null; recordedAt: string };

async function valuesOf(db: Pick<Database, "select">, editionId: string): Promise<PriceIndexValue[]> {
  const rows = await db.select().from(priceIndexValues).where(eq(priceIndexValues.editionId, editionId)).orderBy(priceIndexValues.year);
  return rows.map((row) => ({ year: row.year, value: String(row.value), forecast: row.forecast }));
}

/** The edition reports convert with: the latest recorded. */
export async function currentPriceIndex(db: Pick<Database, "select">): Promise<StoredPriceIndex> {
  const [edition] = await db.select().from(priceIndexEditions).orderBy(desc(priceIndexEditions.recordedAt)).limit(1);
  if (!edition) throw new PriceIndexError("No price index has been recorded: an administrator can add one on the Price index page.");
  return {
    id: edition.id,
    name: edition.name,
    source: edition.source,
    publishedOn: edition.publishedOn,
    notes: edition.notes,
    recordedAt: edition.recordedAt.toISOString(),
    values: await valuesOf(db, edition.id),
  };
}

export async function priceIndexHistory(db: Pick<Database, "select">) {
  const rows = await db.select().from(priceIndexEditions).orderBy(desc(priceIndexEditions.recordedAt));
  return rows.map((row) => ({ id: row.id, name: row.name, source: row.source, publishedOn: row.publishedOn, recordedAt: row.recordedAt.toISOString() }));
}

/** "2024-25 100.0000", "2024/25,100,forecast", tab-separated from a spreadsheet: one year a line. */
export function parseIndexLines(text: string): PriceIndexValue[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [year = "", value = "", flag = ""] = line.split(/[\s,;]+/);
      return { year: year.replace(/^(\d{4})-(\d{2})$/, "$1/$2"), value: value.replace(/,/g, ""), forecast: /^(yes|forecast|f|true)$/i.test(flag) };
    });
}

export const priceIndexFormSchema = z
  .object({
    name: z.string({ required_error: "Name the index" }).trim().min(1, "Name the index, for example HM Treasury GDP deflators").max(200, "Keep the name to 200 characters or fewer"),
    source: z.string({ required_error: "Say where the figures come from" }).trim().min(1, "Say where the figures come from").max(500, "Keep the source to 500 characters or fewer"),
    publishedOn: z.string({ required_error: "Enter the date it was published" }).trim().refine(isIsoDate, "Enter the date it was published, for example 2026-06-30"),
    values: z.string({ required_error: "Enter the index, one year a line" }).trim().min(1, "Enter the index, one year a line, for example 2024/25, 100.0000"),
  })
  .transform((form, context) => {
    try {
      return { ...form, values: checkPriceIndexValues(parseIndexLines(form.values)) };
    } catch (error) {
      if (!(error instanceof PriceIndexError)) throw error;
      context.addIssue({ code: "custom", path: ["values"], message: error.message });
      return z.NEVER;
    }
  });

export async function recordPriceIndexEdition(db: Database, actor: Actor, edition: z.output<typeof priceIndexFormSchema>): Promise<string> {
  if (!can(actor, "unit-cost:update")) throw new Response("You do not have permission to change the price index.", { status: 403 });
  const values = checkPriceIndexValues(edition.values);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(priceIndexEditions)
      .values({ name: edition.name, source: edition.source, publishedOn: edition.publishedOn, recordedBy: actor.userId })
      .returning({ id: priceIndexEditions.id });
    await tx.insert(priceIndexValues).values(values.map((value) => ({ editionId: row!.id, year: value.year, value: value.value, forecast: value.forecast })));
    await recordAudit(tx, actor, {
      action: "price-index.record",
      subjectType: "price_index_edition",
      subjectId: row!.id,
      details: { name: edition.name, publishedOn: edition.publishedOn, years: `${values[0]!.year} to ${values.at(-1)!.year}` },
    });
    return row!.id;
  });
}
