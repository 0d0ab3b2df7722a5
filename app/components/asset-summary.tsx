import { Link } from "@remix-run/react";
import type { AssetHit } from "../../search/types";
import { describeCapacity, describeCost, describeWhen } from "../modules/search/result-card";
import { useT } from "../modules/i18n/use-t";
import { distanceIn, kindIn, needIn } from "../modules/i18n/words";
import { ShortlistButton } from "./shortlist-button";
import { HappeningTag } from "./guided-results";
import { ListingText } from "./layout";
import type { Happening } from "../modules/whats-on/occurrences";

/**
 * One search result: what decides a visit first (distance, places or waiting list, cost, days),
 * then what it is. `onHighlight` lets the map mark this result while it is hovered or focused.
 */
export function AssetSummary({ asset, happening = null, onHighlight }: { asset: AssetHit; happening?: Happening | null; onHighlight?: (id: string | null) => void }) {
  const { t } = useT();
  const place = [asset.town, asset.postcode].filter(Boolean).join(", ");
  const capacity = describeCapacity(asset, t);
  const cost = describeCost(asset, t);
  const highlight = onHighlight
    ? {
        onMouseEnter: () => onHighlight(asset.id),
        onMouseLeave: () => onHighlight(null),
        onFocus: () => onHighlight(asset.id),
        onBlur: () => onHighlight(null),
      }
    : {};
  return (
    <li className="atlas-result" data-asset-id={asset.id} {...highlight}>
      <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
        <Link className="govuk-link" to={`/assets/${asset.id}`}>
          <ListingText>{asset.name}</ListingText>
        </Link>
        <HappeningTag happening={happening} />
      </h2>
      <p className="atlas-result__meta">
        {asset.distanceMiles !== null && asset.distanceMiles !== undefined && (
          <>
            <strong className="atlas-result__distance">{distanceIn(asset.distanceMiles, t)}</strong>
            {" · "}
          </>
        )}
        {[kindIn(asset.kind, t), place].filter(Boolean).join(" · ")}
      </p>
      <ul className="atlas-result__facts">
        {capacity && (
          <li>
            <span className="govuk-visually-hidden">{t("card.placesLabel")}</span>
            <strong className={`govuk-tag atlas-result__capacity ${capacity.state === "open" ? "govuk-tag--green" : "govuk-tag--orange"}`}>
              {capacity.text}
            </strong>
          </li>
        )}
        <li>
          <span className="govuk-visually-hidden">{t("card.costLabel")}</span>
          {/* A listing's own words about its fees stay in their language, marked as such. */}
          {asset.fees && !asset.isFree ? (
            <ListingText className="atlas-result__cost">{cost}</ListingText>
          ) : (
            <span className="atlas-result__cost">{cost ?? t("card.askCost")}</span>
          )}
        </li>
        <li>
          <span className="govuk-visually-hidden">{t("card.whenLabel")}</span>
          <span className="atlas-result__when">{describeWhen(asset, t)}</span>
        </li>
        {asset.directPayment && <li>{t("card.directPayment")}</li>}
      </ul>
      <ListingText as="p" className="govuk-body-s govuk-!-margin-bottom-1">
        {asset.summary}
      </ListingText>
      {asset.needs.length > 0 && (
        <p className="govuk-body-s govuk-!-margin-bottom-0 atlas-result__needs">
          <span className="govuk-visually-hidden">{t("card.helpsWithLabel")}</span>
          {asset.needs.map((need) => needIn(need, t)).join(", ")}
        </p>
      )}
      <ShortlistButton id={asset.id} name={asset.name} />
    </li>
  );
}
