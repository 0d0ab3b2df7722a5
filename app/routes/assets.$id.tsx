import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ListingText, Page } from "../components/layout";
import { ShortlistButton } from "../components/shortlist-button";
import { can } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";
import { getPublishedAsset } from "../modules/assets/asset.server";
import { listingSource } from "../modules/oruk/neighbours.server";
import { formatPounds } from "../modules/assets/format";
import { accessIn, dateIn, daysIn, kindIn, timeIn } from "../modules/i18n/words";
import { askForHelpHref } from "../modules/requests/ask-for-help-form";
import { useT } from "../modules/i18n/use-t";
import { formatDate, londonDay } from "../../db/calendar";
import { invariantResponse } from "../modules/errors/app-error";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "directory:read");
  const asset = await getPublishedAsset(db, params.id ?? "");
  invariantResponse(asset, "Listing not found", 404);
  const place = asset.locations[0];
  const scope = {
    organizationId: asset.organizationId,
    districtCode: place?.districtCode ?? null,
    wardCode: place?.wardCode ?? null,
  };
  const source = await listingSource(db, asset.id);
  return {
    asset,
    source: source ? { ...source, harvestedAt: londonDay(source.harvestedAt) } : null,
    canUpdatePlaces: can(actor, "asset:update", scope),
    canClaim: can(actor, "asset:claim") && asset.organizationId !== actor.organizationId,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.asset.name} – Asset Atlas` : "Listing not found – Asset Atlas" },
  { name: "description", content: data?.asset.description.slice(0, 160) ?? "" },
];

function SummaryRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

export default function AssetPage() {
  const { asset, source, canUpdatePlaces, canClaim } = useLoaderData<typeof loader>();
  const { t } = useT();
  const phones = asset.contacts.flatMap((contact) => contact.phones.map((phone) => ({ contact, phone })));
  const emails = [...new Set([asset.email, ...asset.contacts.map((c) => c.email)].filter(Boolean))] as string[];
  const capacity =
    asset.capacityUnit === null || asset.capacityAvailable === null
      ? null
      : asset.capacityAvailable > 0
        ? t(asset.capacityUnit === "places" ? "listing.placesNow" : "listing.hoursNow", { count: asset.capacityAvailable })
        : asset.waitingList
          ? asset.waitingListWeeks
            ? t("listing.fullWaitingWeeks", { weeks: asset.waitingListWeeks })
            : t("listing.fullWaiting")
          : t("listing.full");
  const ages =
    asset.minimumAge !== null && asset.maximumAge !== null
      ? t("listing.agedRange", { min: asset.minimumAge, max: asset.maximumAge })
      : asset.minimumAge !== null
        ? t("listing.agedOver", { min: asset.minimumAge })
        : asset.maximumAge !== null
          ? t("listing.agedUpTo", { max: asset.maximumAge })
          : t("listing.anyAge");
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{kindIn(asset.kind, t)}</span>
          <h1 className="govuk-heading-l">
            <ListingText>{asset.name}</ListingText>
          </h1>
          <ListingText as="p" className="govuk-body-l">
            {asset.description}
          </ListingText>
          {source && (
            <div className="govuk-inset-text">
              {`This listing comes from ${source.name}, a neighbouring directory, which keeps it up to date. Last read from it on ${formatDate(source.harvestedAt)}.`}
              <br />
              {`${source.attribution ? `${source.attribution}. ` : ""}Licence: ${source.licence}.`}
            </div>
          )}
          <ShortlistButton id={asset.id} name={asset.name} />
          {asset.needs.length > 0 && (
            <>
              <h2 className="govuk-heading-s govuk-!-margin-bottom-2">{t("listing.helpsWith")}</h2>
              <ul className="govuk-list atlas-tags">
                {asset.needs.map((need) => (
                  <li key={need.code} className="govuk-tag govuk-tag--blue">
                    {t(`needs.${need.code}`)}
                  </li>
                ))}
              </ul>
            </>
          )}

          <h2 className="govuk-heading-m">{t("listing.getInTouch")}</h2>
          <dl className="govuk-summary-list">
            {phones.map(({ contact, phone }) => (
              <SummaryRow key={phone.id} label={contact.name ? `${t("listing.phone")} ${contact.name}` : t("listing.phone")}>
                <a className="govuk-link" href={`tel:${phone.number.replace(/\s+/g, "")}`}>
                  {phone.number}
                </a>
                {contact.title ? ` (${contact.title})` : null}
              </SummaryRow>
            ))}
            {emails.map((email) => (
              <SummaryRow key={email} label={t("listing.email")}>
                <a className="govuk-link" href={`mailto:${email}`}>
                  {email}
                </a>
              </SummaryRow>
            ))}
            {(asset.url ?? asset.organization.website) && (
              <SummaryRow label={t("listing.website")}>
                <a className="govuk-link" href={(asset.url ?? asset.organization.website)!} rel="noreferrer">
                  {asset.url ?? asset.organization.website}
                </a>
              </SummaryRow>
            )}
            <SummaryRow label={t("listing.runBy")}>{asset.organization.name}</SummaryRow>
          </dl>
          {emails.length > 0 && (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/assets/${asset.id}/ask`}>
                {t("listing.askPlace")}<span className="govuk-visually-hidden">{t("listing.askPlaceAt", { name: asset.name })}</span>
              </Link>
              {t("listing.askPlaceHow")}
            </p>
          )}

          <p className="govuk-body">
            <Link className="govuk-link" to={askForHelpHref({ back: `/assets/${asset.id}` })}>
              {t("askHelp.linkFromListing")}
            </Link>
          </p>

          <h2 className="govuk-heading-m">{t("listing.whereWhen")}</h2>
          <dl className="govuk-summary-list">
            {asset.locations.map((location) => (
              <SummaryRow key={location.id} label={t("listing.where")}>
                {location.addresses.length > 0 ? (
                  location.addresses.map((address) => (
                    <address key={address.id} className="atlas-address">
                      {location.name && location.name !== address.address1 ? (
                        <>
                          {location.name}
                          <br />
                        </>
                      ) : null}
                      {address.address1}
                      <br />
                      {address.city}
                      <br />
                      {address.postalCode}
                    </address>
                  ))
                ) : (
                  <>
                    {location.name}
                    {location.postcode ? ` (${location.postcode.split(" ")[0]})` : ""}
                    {t("listing.visits")}
                  </>
                )}
                {location.wardName && (
                  <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                    {t("listing.ward", { ward: location.wardName })}{location.districtName ? `, ${location.districtName}` : ""}
                  </p>
                )}
              </SummaryRow>
            ))}
            <SummaryRow label={t("listing.when")}>
              {asset.schedules.length === 0 ? (
                t("listing.byArrangement")
              ) : (
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  {asset.schedules.map((schedule) => (
                    <li key={schedule.id}>
                      {schedule.description ??
                        [schedule.byday ? daysIn(schedule.byday, t) : null, timeIn(schedule.opensAt, t), timeIn(schedule.closesAt, t)]
                          .filter(Boolean)
                          .join(", ")}
                    </li>
                  ))}
                </ul>
              )}
            </SummaryRow>
            {asset.areas.length > 0 && (
              <SummaryRow label={t("listing.areaServed")}>{asset.areas.map((area) => area.placeName).join(", ")}</SummaryRow>
            )}
          </dl>

          <h2 className="govuk-heading-m">{t("listing.costPlaces")}</h2>
          <dl className="govuk-summary-list">
            <SummaryRow label={t("listing.cost")}>
              {asset.isFree ? t("listing.free") : (asset.fees ?? t("listing.askCost"))}
              {/* ORUK cost options add detail only where there is no fees text to say it */}
              {!asset.fees && asset.costOptions.map((option) => (
                <p key={option.id} className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                  {option.option ? `${option.option}: ` : ""}
                  {option.amount !== null ? `£${option.amount.toFixed(2)}` : ""}
                  {option.amountDescription ? ` ${option.amountDescription}` : ""}
                </p>
              ))}
            </SummaryRow>
            {asset.hourlyRatePence !== null && (
              <SummaryRow label={t("listing.hourlyRate")}>{t("words.hour", { price: formatPounds(asset.hourlyRatePence) })}</SummaryRow>
            )}
            <SummaryRow label={t("listing.directPayment")}>
              {asset.directPayment ? t("listing.dpYes") : t("listing.dpNo")}
            </SummaryRow>
            {(capacity || canUpdatePlaces) && (
              <SummaryRow label={t("listing.places")}>
                {capacity ?? t("listing.notGiven")}
                {canUpdatePlaces && (
                  <>
                    {" "}
                    <Link className="govuk-link" to={`/assets/${asset.id}/capacity`}>
                      Update places<span className="govuk-visually-hidden"> for {asset.name}</span>
                    </Link>
                  </>
                )}
              </SummaryRow>
            )}
            <SummaryRow label={t("listing.whoFor")}>
              {ages}
              {asset.eligibilityConditions && <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{asset.eligibilityConditions}</p>}
            </SummaryRow>
            {asset.regulated && (
              <SummaryRow label={t("listing.regulated")}>{asset.regulator ? t("listing.regulatedBy", { regulator: asset.regulator }) : t("listing.yes")}</SummaryRow>
            )}
          </dl>

          {(asset.accessibilityFeatures.length > 0 ||
            asset.locations.some((location) => location.accessibility.length > 0)) && (
            <>
              <h2 className="govuk-heading-m">{t("listing.accessibility")}</h2>
              <ul className="govuk-list govuk-list--bullet">
                {asset.accessibilityFeatures.map((feature) => (
                  <li key={feature.code}>{accessIn(feature.code, t)}</li>
                ))}
                {asset.locations.flatMap((location) =>
                  location.accessibility.map((item) => <li key={item.id}>{item.description}</li>),
                )}
              </ul>
            </>
          )}

          <p className="govuk-body-s govuk-!-margin-top-6">
            {asset.lastVerifiedAt
              ? t("listing.checked", { date: dateIn(asset.lastVerifiedAt, t) })
              : t("listing.notChecked")}{" "}
            {asset.isDemo && <strong>{t("listing.demo")}</strong>}
          </p>
          <ul className="govuk-list">
            <li>
              <Link className="govuk-link" to={`/assets/${asset.id}/report`}>
                {t("listing.report")}
              </Link>
            </li>
            {canUpdatePlaces && (
              <li>
                <Link className="govuk-link" to={`/assets/${asset.id}/edit`}>
                  Change this listing
                </Link>
                {" · "}
                <Link className="govuk-link" to={`/assets/${asset.id}/history`}>
                  See its history
                </Link>
              </li>
            )}
            {canClaim && (
              <li>
                <Link className="govuk-link" to={`/assets/${asset.id}/claim`}>
                  Claim this listing for your organisation
                </Link>
              </li>
            )}
            <li>
              <Link className="govuk-link" to="/search">
                {t("listing.searchOther")}
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to="/suggest">
                {t("listing.suggestMissing")}
              </Link>
            </li>
          </ul>
        </div>
      </div>
    </Page>
  );
}
