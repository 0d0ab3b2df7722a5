/**
 * Who may use each route, by the permission its loader and action ask for. The route×role test
 * (test/integration/route-policies.test.ts) walks every route in the build for every role and
 * checks the app does what this table says; a route missing here fails that test.
 */
import type { Permission } from "./permissions";

export interface RoutePolicy {
  /** The permission a GET needs; "public" for pages without data or with public data only. */
  loader: Permission | "public";
  /** The permission a POST needs, when the route has an action. */
  action?: Permission;
  /**
   * A path that reaches this route in tests: `{asset}` becomes a published asset that is not the
   * demo provider's and not in the demo coordinator's localities; `{user}` a user's id.
   */
  path: string;
  /** The route acts on the listing in `path`, so its permission is checked against that listing. */
  onAsset?: true;
}

export const routePolicies: Record<string, RoutePolicy> = {
  root: { loader: "directory:read", path: "/" },
  "routes/_index": { loader: "public", path: "/" },
  "routes/about": { loader: "directory:read", path: "/about" },
  "routes/search": { loader: "directory:read", path: "/search?q=lunch" },
  "routes/assets.$id": { loader: "directory:read", path: "/assets/{asset}" },
  // {asset} is neither the demo provider's nor in the demo coordinator's localities, so only
  // administrators may change it; test/integration/asset-capacity.test.ts covers the scoped cases.
  "routes/assets.$id_.capacity": {
    loader: "asset:update",
    action: "asset:update",
    path: "/assets/{asset}/capacity",
    onAsset: true,
  },
  // Adding, changing and reviewing listings; {asset} is out of the demo coordinator's
  // and provider's scope, so only administrators may change it; test/integration/listings.test.ts
  // covers the scoped cases.
  "routes/assets.new": { loader: "asset:create", action: "asset:create", path: "/assets/new" },
  "routes/assets.$id_.edit": { loader: "asset:update", action: "asset:update", path: "/assets/{asset}/edit", onAsset: true },
  "routes/assets.$id_.history": { loader: "asset:update", path: "/assets/{asset}/history", onAsset: true },
  "routes/assets.$id_.places-link": { loader: "asset:review", action: "asset:review", path: "/assets/{asset}/places-link", onAsset: true },
  "routes/assets.$id_.changes": { loader: "asset:review", action: "asset:review", path: "/assets/{asset}/changes", onAsset: true },
  "routes/assets.$id_.claim": { loader: "asset:claim", action: "asset:claim", path: "/assets/{asset}/claim" },
  "routes/assets.$id_.report": { loader: "asset:suggest", action: "asset:suggest", path: "/assets/{asset}/report" },
  "routes/suggest": { loader: "asset:suggest", action: "asset:suggest", path: "/suggest" },
  "routes/coordinator.queue": { loader: "asset:review", action: "asset:review", path: "/coordinator/queue" },
  "routes/coordinator.suggestions.$id": {
    loader: "asset:review",
    action: "asset:review",
    path: "/coordinator/suggestions/00000000-0000-4000-8000-000000000000",
  },
  "routes/healthz": { loader: "public", path: "/healthz" },
  // The resident's guided path: answers in the address, nothing stored; anyone who may read the directory.
  "routes/what-matters._index": { loader: "directory:read", path: "/what-matters" },
  "routes/what-matters.$step": { loader: "directory:read", path: "/what-matters/who" },
  "routes/what-matters.results": {
    loader: "directory:read",
    path: "/what-matters/results?who=me&age=75-84&help=lonely&where=Soham&travel=bus&pay=free",
  },
  "routes/whats-on": { loader: "directory:read", path: "/whats-on?where=Soham" },
  // The language switcher: sets a preference cookie and goes back.
  "routes/language": { loader: "directory:read", path: "/language?lang=pl&return=/" },
  "routes/$": { loader: "public", path: "/no-such-page" },
  "routes/sign-in": { loader: "account:sign-in", action: "account:sign-in", path: "/sign-in" },
  "routes/sign-out": { loader: "public", action: "account:self", path: "/sign-out" },
  // Council sign-in (OpenID Connect); without OIDC_* configuration both answer 404.
  "routes/auth.oidc._index": { loader: "account:sign-in", path: "/auth/oidc" },
  "routes/auth.oidc.callback": { loader: "account:sign-in", path: "/auth/oidc/callback" },
  "routes/account": { loader: "account:self", path: "/account" },
  // A signed-in person's saved searches and kept shortlist: each query is scoped to their own account,
  // so another account's search is "not found" (test/integration/saved-searches.test.ts).
  "routes/account_.saved-searches": { loader: "account:self", action: "account:self", path: "/account/saved-searches" },
  "routes/account_.saved-searches_.$id": {
    loader: "account:self",
    action: "account:self",
    path: "/account/saved-searches/00000000-0000-4000-8000-000000000000",
  },
  "routes/localities._index": { loader: "asset:review", path: "/localities" },
  "routes/localities.$code": { loader: "asset:review", path: "/localities/E07000009" },
  "routes/places.$code.boundaries[.]json": { loader: "directory:read", path: "/places/E07000009/boundaries.json" },
  "routes/coordinator.verification": { loader: "asset:review", action: "asset:review", path: "/coordinator/verification" },
  "routes/coordinator.data-quality": { loader: "asset:review", path: "/coordinator/data-quality" },
  // Bulk import and export; rows outside a coordinator's localities are refused row by row.
  "routes/coordinator.imports._index": { loader: "asset:import", action: "asset:import", path: "/coordinator/imports" },
  "routes/coordinator.imports.$id": {
    loader: "asset:import",
    action: "asset:import",
    path: "/coordinator/imports/00000000-0000-4000-8000-000000000000",
  },
  "routes/coordinator.exports.listings[.]csv": { loader: "asset:export", path: "/coordinator/exports/listings.csv" },
  "routes/coordinator.exports.listings[.]json": { loader: "asset:export", path: "/coordinator/exports/listings.json" },
  // "Ask about a place": anyone; the provider answers through a single-use link (the link is the permission).
  "routes/ask-for-help": { loader: "request:ask", action: "request:ask", path: "/ask-for-help" },
  "routes/assets.$id_.ask": { loader: "asset:ask", action: "asset:ask", path: "/assets/{asset}/ask" },
  "routes/messages.reply.$token": {
    loader: "message:reply",
    action: "message:reply",
    path: "/messages/reply/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  },
  // What a budget buys: public, nothing stored.
  "routes/prices": { loader: "directory:read", path: "/prices" },
  "routes/budget": { loader: "directory:read", path: "/budget?budget=150&need=social-connection&place=Soham" },
  "routes/shortlist": { loader: "directory:read", action: "directory:read", path: "/shortlist" },
  "routes/password-reset._index": { loader: "account:sign-in", action: "account:sign-in", path: "/password-reset" },
  "routes/password-reset.$token": {
    loader: "account:sign-in",
    action: "account:sign-in",
    path: "/password-reset/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  },
  // The development outbox shows every reset link: administrators only, and only with DEV_OUTBOX on (else 404).
  "routes/dev.outbox": { loader: "account:manage", path: "/dev/outbox" },
  "routes/admin.accounts._index": { loader: "account:manage", path: "/admin/accounts" },
  "routes/admin.accounts.new": { loader: "account:manage", action: "account:manage", path: "/admin/accounts/new" },
  "routes/admin.accounts.$id": { loader: "account:manage", action: "account:manage", path: "/admin/accounts/{user}" },
  // People's records: practitioners only, and only their own caseload; {person} is a
  // record that does not exist, so an allowed role gets 404 and test/integration/people.test.ts
  // covers another practitioner's record.
  "routes/people._index": { loader: "person:read", path: "/people" },
  "routes/people.new": { loader: "person:write", action: "person:write", path: "/people/new" },
  "routes/people.$personId._index": { loader: "person:read", path: "/people/00000000-0000-4000-8000-000000000000" },
  "routes/people.$personId.edit": {
    loader: "person:write",
    action: "person:write",
    path: "/people/00000000-0000-4000-8000-000000000000/edit",
  },
  "routes/people.$personId.budget": { loader: "person:read", path: "/people/00000000-0000-4000-8000-000000000000/budget" },
  "routes/people.$personId.matches": { loader: "person:read", path: "/people/00000000-0000-4000-8000-000000000000/matches" },
  // Requests for help: practitioners only; the one a practitioner works on, or one waiting in
  // their localities' queue (test/integration/requests.test.ts covers another locality's).
  "routes/people_.$personId_.requests.new": {
    loader: "person:write",
    action: "person:write",
    path: "/people/00000000-0000-4000-8000-000000000000/requests/new",
  },
  "routes/requests.$requestId": { loader: "person:read", action: "person:write", path: "/requests/00000000-0000-4000-8000-000000000000" },
  "routes/requests.$requestId_.budget": { loader: "person:read", path: "/requests/00000000-0000-4000-8000-000000000000/budget" },
  // Evidence for commissioners (aggregates only) and the unit costs behind it.
  "routes/evidence._index": { loader: "evidence:read", action: "evidence:plan", path: "/evidence" },
  "routes/evidence.trace": { loader: "evidence:read", path: "/evidence/trace?dimension=month&key=total" },
  "routes/evidence.csv.$table": { loader: "evidence:read", path: "/evidence/csv/by-month" },
  "routes/evidence.modeller": { loader: "evidence:read", path: "/evidence/modeller" },
  "routes/evidence.settings": { loader: "evidence:read", action: "evidence:adjust", path: "/evidence/settings" },
  "routes/evidence.indicators._index": { loader: "evidence:read", path: "/evidence/indicators" },
  "routes/evidence.indicators.$code": { loader: "evidence:read", path: "/evidence/indicators/reablement-91-days" },
  "routes/evidence.indicators[.]csv": { loader: "evidence:read", path: "/evidence/indicators.csv" },
  "routes/evidence.indicators.import._index": { loader: "evidence:plan", action: "evidence:plan", path: "/evidence/indicators/import" },
  "routes/evidence.indicators.import.$id": {
    loader: "evidence:plan",
    action: "evidence:plan",
    path: "/evidence/indicators/import/00000000-0000-4000-8000-000000000000",
  },
  "routes/evidence.modeller[.]csv": { loader: "evidence:read", path: "/evidence/modeller.csv?model=cashflow&savings=100,0&cashflowInvestment=50" },
  "routes/admin.unit-costs": { loader: "unit-cost:update", action: "unit-cost:update", path: "/admin/unit-costs" },
  "routes/admin.price-index": { loader: "unit-cost:update", action: "unit-cost:update", path: "/admin/price-index" },
  // The Open Referral UK feed: public by the standard, no key.
  "routes/oruk._index": { loader: "directory:read", path: "/oruk/" },
  "routes/oruk.$": { loader: "public", path: "/oruk/no-such-endpoint" },
  "routes/oruk.openapi[.]json": { loader: "directory:read", path: "/oruk/openapi.json" },
  "routes/oruk.services": { loader: "directory:read", path: "/oruk/services" },
  "routes/oruk.services.$id": { loader: "directory:read", path: "/oruk/services/{asset}" },
  "routes/oruk.service_at_locations": { loader: "directory:read", path: "/oruk/service_at_locations" },
  "routes/oruk.service_at_locations.$id": {
    loader: "directory:read",
    path: "/oruk/service_at_locations/00000000-0000-4000-8000-000000000000",
  },
  "routes/oruk.organizations": { loader: "directory:read", path: "/oruk/organizations" },
  "routes/oruk.organizations.$id": { loader: "directory:read", path: "/oruk/organizations/00000000-0000-4000-8000-000000000000" },
  "routes/oruk.taxonomies": { loader: "directory:read", path: "/oruk/taxonomies" },
  "routes/oruk.taxonomies.$id": { loader: "directory:read", path: "/oruk/taxonomies/00000000-0000-4000-8000-000000000000" },
  "routes/oruk.taxonomy_terms": { loader: "directory:read", path: "/oruk/taxonomy_terms" },
  "routes/oruk.taxonomy_terms.$id": {
    loader: "directory:read",
    path: "/oruk/taxonomy_terms/00000000-0000-4000-8000-000000000000",
  },
  // Referrals: practitioners only, and only for their own caseload; a person who is
  // not found answers 404, someone else's 403 (test/integration/referrals.test.ts).
  "routes/people_.$personId_.refer.$serviceId": {
    loader: "referral:write",
    action: "referral:write",
    path: "/people/00000000-0000-4000-8000-000000000000/refer/{asset}",
  },
  "routes/people_.$personId_.support": {
    loader: "referral:read",
    action: "referral:write",
    path: "/people/00000000-0000-4000-8000-000000000000/support",
  },
  "routes/people_.$personId_.support_.outcomes": {
    loader: "referral:write",
    action: "referral:write",
    path: "/people/00000000-0000-4000-8000-000000000000/support/outcomes",
  },
  "routes/people_.$personId_.support_.$referralId.diverted": {
    loader: "referral:write",
    action: "referral:write",
    path: "/people/00000000-0000-4000-8000-000000000000/support/00000000-0000-4000-8000-000000000000/diverted",
  },
  "routes/referrals._index": { loader: "referral:read", path: "/referrals" },
  // The provider's secret link: no account needed; the token is the permission.
  // A listing's emailed links (check, tell us what changed, update places): the token is the permission.
  "routes/listing-check.$token": {
    loader: "listing:answer-link",
    action: "listing:answer-link",
    path: "/listing-check/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  },
  "routes/listing-check.$token_.changes": {
    loader: "listing:answer-link",
    action: "listing:answer-link",
    path: "/listing-check/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/changes",
  },
  "routes/listing-places.$token": {
    loader: "listing:answer-link",
    action: "listing:answer-link",
    path: "/listing-places/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  },
  "routes/referrals.respond.$token": {
    loader: "referral:respond",
    action: "referral:respond",
    path: "/referrals/respond/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  },
};
