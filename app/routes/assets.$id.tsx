import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ListingText, Page } from "../components/layout";
import { ShortlistButton } from "../components/shortlist-button";
import { can } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";
import { getPublishedAsset } from "../modules/assets/asset.server";
import { listingSource } from "../modules/oruk/neighbours.server";
import { describeDays, formatHourlyRate, formatTime } from "../modules/assets/format";
import { askForHelpHref } from "../modules/requests/ask-for-help-form";
import { assetKindName } from "../../db/vocabulary/kinds";
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
        ? `${asset.capacityAvailable} ${
            asset.capacityUnit === "places"
              ? asset.capacityAvailable === 1 ? "place" : "places"
              : asset.capacityAvailable === 1 ? "hour a week" : "hours a week"
          } available now`
        : asset.waitingList
          ? `Full at the moment: waiting list${asset.waitingListWeeks ? ` of about ${asset.waitingListWeeks} weeks` : ""}`
          : "Full at the moment";
  const ages =
    asset.minimumAge !== null && asset.maximumAge !== null
      ? `Aged ${asset.minimumAge} to ${asset.maximumAge}`
      : asset.minimumAge !== null
        ? `Aged ${asset.minimumAge} and over`
        : asset.maximumAge !== null
          ? `Aged up to ${asset.maximumAge}`
          : "Adults of any age";
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{assetKindName(asset.kind)}</span>
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
                Ask about a place<span className="govuk-visually-hidden"> at {asset.name}</span>
              </Link>{" "}
              through this site: we send them your question and email you their answer.
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
                    {location.postcode ? ` (${location.postcode.split(" ")[0]})` : ""}. Visits you at home or
                    arranges where to meet.
                  </>
                )}
                {location.wardName && (
                  <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                    {location.wardName} ward{location.districtName ? `, ${location.districtName}` : ""}
                  </p>
                )}
              </SummaryRow>
            ))}
            <SummaryRow label={t("listing.when")}>
              {asset.schedules.length === 0 ? (
                "By arrangement"
              ) : (
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  {asset.schedules.map((schedule) => (
                    <li key={schedule.id}>
                      {schedule.description ??
                        [describeDays(schedule.byday), formatTime(schedule.opensAt), formatTime(schedule.closesAt)]
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
              {asset.isFree ? "Free" : (asset.fees ?? "Ask when you get in touch")}
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
              <SummaryRow label={t("listing.hourlyRate")}>{formatHourlyRate(asset.hourlyRatePence)}</SummaryRow>
            )}
            <SummaryRow label={t("listing.directPayment")}>
              {asset.directPayment ? "Can be paid for with a Direct Payment" : "Not paid by Direct Payment"}
            </SummaryRow>
            {(capacity || canUpdatePlaces) && (
              <SummaryRow label={t("listing.places")}>
                {capacity ?? "Not given"}
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
              <SummaryRow label={t("listing.regulated")}>Yes{asset.regulator ? `, by the ${asset.regulator}` : ""}</SummaryRow>
            )}
          </dl>

          {(asset.accessibilityFeatures.length > 0 ||
            asset.locations.some((location) => location.accessibility.length > 0)) && (
            <>
              <h2 className="govuk-heading-m">{t("listing.accessibility")}</h2>
              <ul className="govuk-list govuk-list--bullet">
                {asset.accessibilityFeatures.map((feature) => (
                  <li key={feature.code}>{feature.name}</li>
                ))}
                {asset.locations.flatMap((location) =>
                  location.accessibility.map((item) => <li key={item.id}>{item.description}</li>),
                )}
              </ul>
            </>
          )}

          <p className="govuk-body-s govuk-!-margin-top-6">
            {asset.lastVerifiedAt
              ? `These details were last checked on ${formatDate(asset.lastVerifiedAt)}.`
              : "These details have not been checked yet."}{" "}
            {asset.isDemo && <strong>This is a demo listing, invented for demonstration.</strong>}
          </p>
          <ul className="govuk-list">
            <li>
              <Link className="govuk-link" to={`/assets/${asset.id}/report`}>
                Report a problem with this listing
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
                Search for other support
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to="/suggest">
                Suggest a listing that is missing
              </Link>
            </li>
          </ul>
        </div>
      </div>
    </Page>
  );
}
