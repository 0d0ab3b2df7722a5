/**
 * Administration of staff accounts: invite, change role and localities, deactivate. Every
 * change is audited with what it was before and after.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { districts, organizations, sessions, userLocalities, users, wards } from "../../../db/schema";
import { recordAudit } from "./audit.server";
import { parseLocality } from "./account-form";
import { sendInvitation } from "./password-reset.server";
import type { Actor, Role } from "./permissions";
import { normaliseEmail } from "./sign-in.server";

export async function listAccounts(db: Database) {
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      active: users.active,
      lastSignInAt: users.lastSignInAt,
      organizationName: organizations.name,
    })
    .from(users)
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .orderBy(asc(users.displayName));
  return rows;
}

export async function accountOptions(db: Database) {
  const [districtRows, wardRows, organizationRows] = await Promise.all([
    db.select({ code: districts.code, name: districts.name }).from(districts).orderBy(asc(districts.name)),
    db.select({ code: wards.code, name: wards.name, districtCode: wards.districtCode }).from(wards).orderBy(asc(wards.name)),
    db.select({ id: organizations.id, name: organizations.name }).from(organizations).orderBy(asc(organizations.name)),
  ]);
  return { districts: districtRows, wards: wardRows, organizations: organizationRows };
}

export async function getAccount(db: Database, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) return null;
  const localities = await db.select().from(userLocalities).where(eq(userLocalities.userId, id));
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    active: user.active,
    organizationId: user.organizationId,
    oidcSubject: user.oidcSubject,
    localities: localities.map((l) => (l.wardCode ? `ward:${l.wardCode}` : `district:${l.districtCode}`)),
  };
}

export interface AccessChoice {
  role: Role;
  organizationId?: string;
  localities: string[];
}

async function checkReferences(db: Database, access: AccessChoice): Promise<Record<string, string>> {
  const problems: Record<string, string> = {};
  if (access.role === "provider" && access.organizationId) {
    const [organization] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, access.organizationId));
    if (!organization) problems.organizationId = "Choose an organisation from the list";
  }
  const parsed = access.localities.map(parseLocality);
  const wardCodes = parsed.map((l) => l.wardCode).filter((c): c is string => c !== null);
  const districtCodes = parsed.map((l) => l.districtCode).filter((c): c is string => c !== null);
  const [knownWards, knownDistricts] = await Promise.all([
    wardCodes.length ? db.select({ code: wards.code }).from(wards).where(inArray(wards.code, wardCodes)) : [],
    districtCodes.length ? db.select({ code: districts.code }).from(districts).where(inArray(districts.code, districtCodes)) : [],
  ]);
  if (knownWards.length !== new Set(wardCodes).size || knownDistricts.length !== new Set(districtCodes).size) {
    problems.localities = "Choose localities from the list";
  }
  return problems;
}

async function writeLocalities(tx: Pick<Database, "insert" | "delete">, userId: string, access: AccessChoice) {
  await tx.delete(userLocalities).where(eq(userLocalities.userId, userId));
  const localities = access.role === "coordinator" ? [...new Set(access.localities)].map(parseLocality) : [];
  if (localities.length) await tx.insert(userLocalities).values(localities.map((l) => ({ userId, ...l })));
}

export type AdminResult = { ok: true; id: string } | { ok: false; errors: Record<string, string> };

export async function inviteAccount(
  db: Database,
  actor: Actor,
  invite: AccessChoice & { email: string; displayName: string },
): Promise<AdminResult> {
  const email = normaliseEmail(invite.email);
  const problems = await checkReferences(db, invite);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) problems.email = "There is already an account with this email address";
  if (Object.keys(problems).length) return { ok: false, errors: problems };
  const id = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({
        email,
        displayName: invite.displayName,
        role: invite.role,
        organizationId: invite.role === "provider" ? invite.organizationId : null,
      })
      .returning({ id: users.id });
    await writeLocalities(tx, created!.id, invite);
    await recordAudit(tx, actor, {
      action: "account.invite",
      subjectType: "user",
      subjectId: created!.id,
      details: { after: { email, role: invite.role, organizationId: invite.organizationId ?? null, localities: invite.localities } },
    });
    return created!.id;
  });
  await sendInvitation(db, id);
  return { ok: true, id };
}

export async function updateAccess(db: Database, actor: Actor, id: string, access: AccessChoice): Promise<AdminResult> {
  const before = await getAccount(db, id);
  if (!before) return { ok: false, errors: { form: "This account no longer exists" } };
  if (id === actor.userId && access.role !== "administrator") {
    return { ok: false, errors: { role: "You cannot take the administrator role away from yourself" } };
  }
  const problems = await checkReferences(db, access);
  if (Object.keys(problems).length) return { ok: false, errors: problems };
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ role: access.role, organizationId: access.role === "provider" ? access.organizationId : null })
      .where(eq(users.id, id));
    await writeLocalities(tx, id, access);
    // A change of role takes effect at once: the person signs in again.
    if (before.role !== access.role) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, actor, {
      action: "account.change-access",
      subjectType: "user",
      subjectId: id,
      details: {
        before: { role: before.role, organizationId: before.organizationId, localities: before.localities },
        after: { role: access.role, organizationId: access.organizationId ?? null, localities: access.localities },
      },
    });
  });
  return { ok: true, id };
}

export async function setActive(db: Database, actor: Actor, id: string, active: boolean): Promise<AdminResult> {
  if (id === actor.userId) return { ok: false, errors: { form: "You cannot deactivate your own account" } };
  const before = await getAccount(db, id);
  if (!before) return { ok: false, errors: { form: "This account no longer exists" } };
  await db.transaction(async (tx) => {
    await tx.update(users).set({ active }).where(eq(users.id, id));
    if (!active) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, actor, {
      action: active ? "account.reactivate" : "account.deactivate",
      subjectType: "user",
      subjectId: id,
      details: { before: { active: before.active }, after: { active } },
    });
  });
  return { ok: true, id };
}

/**
 * Links an account to its council sign-in identity by hand (the OpenID Connect `sub`), for
 * identity providers that do not vouch for email addresses (Microsoft Entra ID omits
 * `email_verified`), or unlinks it (an empty subject). A subject can belong to one account only.
 */
export async function setOidcSubject(db: Database, actor: Actor, id: string, subject: string | null): Promise<AdminResult> {
  const before = await getAccount(db, id);
  if (!before) return { ok: false, errors: { form: "This account no longer exists" } };
  if (subject) {
    const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.oidcSubject, subject));
    if (taken && taken.id !== id) {
      return { ok: false, errors: { oidcSubject: "Another account already uses this council sign-in identifier" } };
    }
  }
  await db.transaction(async (tx) => {
    await tx.update(users).set({ oidcSubject: subject }).where(eq(users.id, id));
    if (before.oidcSubject !== subject) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, actor, {
      action: subject ? "account.oidc-linked" : "account.oidc-unlinked",
      subjectType: "user",
      subjectId: id,
      details: { before: { oidcSubject: before.oidcSubject }, after: { oidcSubject: subject } },
    });
  });
  return { ok: true, id };
}
