/**
 * The one permission table. Every loader and action asks it (through requirePermission in
 * permissions.server.ts) before it does anything. Shared by server and client, no data access.
 */

export const roles = ["resident", "provider", "practitioner", "coordinator", "commissioner", "administrator"] as const;
export type Role = (typeof roles)[number];

export const roleNames: Record<Role, string> = {
  resident: "Resident",
  provider: "Provider",
  practitioner: "Practitioner",
  coordinator: "Locality coordinator",
  commissioner: "Commissioner",
  administrator: "Administrator",
};

/** Who is asking: a signed-in account, or nobody ("anonymous"). */
export interface Actor {
  role: Role | "anonymous";
  userId: string | null;
  organizationId: string | null;
  localities: Array<{ districtCode: string | null; wardCode: string | null }>;
}

export const anonymous: Actor = { role: "anonymous", userId: null, organizationId: null, localities: [] };

/** A listing as far as permissions care: whose it is and where it is. */
export interface AssetScope {
  organizationId: string | null;
  districtCode: string | null;
  wardCode: string | null;
}

type Scope = "none" | "asset";

interface Rule {
  description: string;
  roles: ReadonlyArray<Role | "anonymous">;
  /**
   * "asset": for one listing, providers only for their own organisation and coordinators only in
   * their localities. Routes that act on a listing must pass it.
   */
  scope: Scope;
}

const everyone = ["anonymous", ...roles] as const;

export const permissionTable = {
  "directory:read": { description: "search and read published listings", roles: everyone, scope: "none" },
  "account:sign-in": { description: "sign in", roles: everyone, scope: "none" },
  "account:self": { description: "see your own account", roles: [...roles], scope: "none" },
  "asset:create": { description: "add listings", roles: ["coordinator", "administrator"], scope: "none" },
  "asset:update": {
    description: "change this listing",
    roles: ["provider", "coordinator", "administrator"],
    scope: "asset",
  },
  "asset:review": {
    description: "review and publish listings",
    roles: ["coordinator", "administrator"],
    scope: "asset",
  },
  "asset:suggest": {
    description: "suggest a listing or report a problem with one",
    roles: everyone,
    scope: "none",
  },
  /** "Ask about a place": a message to the provider through the site, no account needed. */
  "asset:ask": { description: "send a provider a question through the site", roles: everyone, scope: "none" },
  /** "Ask for help": ask the council's locality team to call you back, no account needed. */
  "request:ask": { description: "ask the council's community team to contact you", roles: everyone, scope: "none" },
  /** The provider's single-use reply link: no account; the link itself is the permission. */
  "message:reply": { description: "answer a resident's question through its link", roles: everyone, scope: "none" },
  "asset:claim": { description: "claim a listing for your organisation", roles: ["provider"], scope: "none" },
  // Bulk import and export: the role is checked here, each row against the actor's localities.
  "asset:import": { description: "import listings from a file", roles: ["coordinator", "administrator"], scope: "none" },
  "asset:export": { description: "export listings to a file", roles: ["coordinator", "administrator"], scope: "none" },
  "person:read": { description: "see people's records", roles: ["practitioner"], scope: "none" },
  "person:write": { description: "record people's details", roles: ["practitioner"], scope: "none" },
  // Referrals, outcomes and diverted care: practitioners, and only for their own caseload
  // (persons.owner_id, checked by requireOwnPerson in app/modules/referrals/caseload.server.ts).
  "referral:read": { description: "see referrals, outcomes and diverted care", roles: ["practitioner"], scope: "none" },
  "referral:write": { description: "refer people and record outcomes and diverted care", roles: ["practitioner"], scope: "none" },
  /** The provider's secret link: no account; the link itself is the permission. */
  "referral:respond": { description: "answer a referral through its link", roles: everyone, scope: "none" },
  /** A listing's emailed check or places link: no account; the link itself is the permission. */
  "listing:answer-link": { description: "check a listing or update its places through an emailed link", roles: everyone, scope: "none" },
  "evidence:read": {
    description: "see cost-avoidance evidence",
    roles: ["commissioner", "administrator"],
    scope: "none",
  },
  "evidence:plan": {
    description: "set evidence targets, record programme investment and import programme indicators",
    roles: ["commissioner", "administrator"],
    scope: "none",
  },
  // The programme's adjustments (deadweight, attribution …) and start date: a judgement the
  // commissioner owns, so commissioners set them as well as administrators; every change is audited.
  "evidence:adjust": {
    description: "set the programme's adjustments and start",
    roles: ["commissioner", "administrator"],
    scope: "none",
  },
  "unit-cost:update": { description: "change unit costs and the price index", roles: ["administrator"], scope: "none" },
  "account:manage": { description: "manage accounts and roles", roles: ["administrator"], scope: "none" },
  "audit:read": { description: "read the audit trail", roles: ["administrator"], scope: "none" },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof permissionTable;

/** Whether a place is one of the actor's localities (always, for an administrator): the one locality rule. */
export function inActorLocalities(actor: Actor, place: { wardCode: string | null; districtCode: string | null }): boolean {
  if (actor.role === "administrator") return true;
  return actor.localities.some(
    (locality) =>
      (locality.wardCode !== null && locality.wardCode === place.wardCode) ||
      (locality.wardCode === null && locality.districtCode !== null && locality.districtCode === place.districtCode),
  );
}

export function can(actor: Actor, permission: Permission, asset?: AssetScope): boolean {
  const rule: Rule = permissionTable[permission];
  if (!rule.roles.includes(actor.role)) return false;
  // Without a listing (a list page, say) the role is enough: the page shows only what is in scope.
  if (rule.scope === "none" || actor.role === "administrator" || !asset) return true;
  if (actor.role === "provider") return asset.organizationId !== null && asset.organizationId === actor.organizationId;
  if (actor.role === "coordinator") return inActorLocalities(actor, asset);
  return true;
}
