/**
 * The programme's evidence settings in the database: adjustments and the programme's start, by
 * area. Append-only and audited: a change is a new row, so what was set, when, by whom and on
 * what grounds stays on the record.
 */
import { asc, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { evidenceAdjustments, evidenceProgrammes, users } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { can, type Actor } from "../accounts/permissions";
import { currentPriceIndex } from "./price-index.server";
import { settingFor, type AdjustmentForm, type AdjustmentSetting, type ProgrammeForm } from "./settings";

function requireAdjust(actor: Actor) {
  if (!can(actor, "evidence:adjust")) throw new Response("You do not have permission to change the programme's adjustments.", { status: 403 });
}

const areaIs = (column: typeof evidenceAdjustments.districtCode | typeof evidenceProgrammes.districtCode, district: string | null) =>
  district ? eq(column, district) : isNull(column);

/**
 * The adjustment settings that apply to an area, oldest first: a district's own if it has any,
 * otherwise the whole council area's (null district).
 */
export async function adjustmentSettings(db: Pick<Database, "select">, district: string | null): Promise<AdjustmentSetting[]> {
  const own = await areaSettings(db, district);
  return own.length > 0 || district === null ? own : areaSettings(db, null);
}

/** The settings recorded for exactly this area. */
export async function areaSettings(db: Pick<Database, "select">, district: string | null): Promise<AdjustmentSetting[]> {
  const rows = await db
    .select({ row: evidenceAdjustments, email: users.email })
    .from(evidenceAdjustments)
    .leftJoin(users, eq(users.id, evidenceAdjustments.setBy))
    .where(areaIs(evidenceAdjustments.districtCode, district))
    .orderBy(asc(evidenceAdjustments.validFrom), asc(evidenceAdjustments.setAt));
  return rows.map(({ row, email }) => ({
    id: row.id,
    districtCode: row.districtCode,
    assetKind: row.assetKind,
    validFrom: row.validFrom,
    percents: {
      deadweight: String(row.deadweightPercent),
      displacement: String(row.displacementPercent),
      attribution: String(row.attributionPercent),
      dropOff: String(row.dropOffPercent),
      optimismBias: String(row.optimismBiasPercent),
    },
    source: row.source,
    setAt: row.setAt.toISOString(),
    setBy: email,
  }));
}

export interface Programme {
  name: string;
  startsOn: string;
  setAt: string;
}

/** The programme for an area: its own, else the whole council area's, else null (years then count from the period's start). */
export async function programmeFor(db: Pick<Database, "select">, district: string | null): Promise<Programme | null> {
  const own = await areaProgramme(db, district);
  return own ?? (district === null ? null : areaProgramme(db, null));
}

async function areaProgramme(db: Pick<Database, "select">, district: string | null): Promise<Programme | null> {
  const [row] = await db
    .select()
    .from(evidenceProgrammes)
    .where(areaIs(evidenceProgrammes.districtCode, district))
    .orderBy(desc(evidenceProgrammes.setAt))
    .limit(1);
  return row ? { name: row.name, startsOn: row.startsOn, setAt: row.setAt.toISOString() } : null;
}

export async function setAdjustments(db: Database, actor: Actor, form: AdjustmentForm): Promise<string> {
  requireAdjust(actor);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(evidenceAdjustments)
      .values({
        districtCode: form.district,
        assetKind: form.assetKind,
        validFrom: `${form.fromMonth}-01`,
        deadweightPercent: form.deadweight,
        displacementPercent: form.displacement,
        attributionPercent: form.attribution,
        dropOffPercent: form.dropOff,
        optimismBiasPercent: form.optimismBias,
        source: form.source,
        setBy: actor.userId,
      })
      .returning({ id: evidenceAdjustments.id });
    await recordAudit(tx, actor, {
      action: "evidence.adjustments.set",
      subjectType: "evidence_adjustments",
      subjectId: row!.id,
      details: {
        district: form.district,
        assetKind: form.assetKind,
        from: form.fromMonth,
        deadweight: form.deadweight,
        displacement: form.displacement,
        attribution: form.attribution,
        dropOff: form.dropOff,
        optimismBias: form.optimismBias,
        source: form.source,
      },
    });
    return row!.id;
  });
}

export async function setProgramme(db: Database, actor: Actor, form: ProgrammeForm): Promise<void> {
  requireAdjust(actor);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(evidenceProgrammes)
      .values({ districtCode: form.district, name: form.name, startsOn: `${form.startMonth}-01`, setBy: actor.userId })
      .returning({ id: evidenceProgrammes.id });
    await recordAudit(tx, actor, {
      action: "evidence.programme.set",
      subjectType: "evidence_programme",
      subjectId: row!.id,
      details: { district: form.district, name: form.name, startsOn: `${form.startMonth}-01` },
    });
  });
}

/** What the modeller starts from: the price index, and the whole area's adjustments for every kind in force this month. */
export async function modellerContext(db: Database, on: string) {
  const [index, settings] = await Promise.all([currentPriceIndex(db), adjustmentSettings(db, null)]);
  const setting = settingFor(settings, "", on.slice(0, 7));
  return { index, today: on, adjustmentDefaults: setting ? Object.fromEntries(Object.entries(setting.percents).map(([key, value]) => [key, String(Number(value))])) : {} };
}
