import { Link } from "@remix-run/react";
import type { AssetHit } from "../../search/types";
import { formatDistance } from "../modules/assets/format";
import { describeCapacity, describeCost, describeWhen } from "../modules/search/result-card";
import { assetKindName } from "../../db/vocabulary/kinds";
import { needName } from "../../db/vocabulary/needs";
import { ShortlistButton } from "./shortlist-button";
import { HappeningTag } from "./guided-results";
import { ListingText } from "./layout";
import type { Happening } from "../modules/whats-on/occurrences";

/**
 * One search result: what decides a visit first (distance, places or waiting list, cost, days),
 * then what it is. `onHighlight` lets the map mark this result while it is hovered or focused.
 */
export function AssetSummary({ asset, happening = null, onHighlight }: { asset: AssetHit; happening?: Happening | null; onHighlight?: (id: string | null) => void }) {
  const place = [asset.town, asset.postcode].filter(Boolean).join(", ");
  const capacity = describeCapacity(asset);
  const cost = describeCost(asset);
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
            <strong className="atlas-result__distance">{formatDistance(asset.distanceMiles)}</strong>
            {" · "}
          </>
        )}
        {[assetKindName(asset.kind), place].filter(Boolean).join(" · ")}
      </p>
      <ul className="atlas-result__facts">
        {capacity && (
          <li>
            <span className="govuk-visually-hidden">Places: </span>
            <strong className={`govuk-tag atlas-result__capacity ${capacity.state === "open" ? "govuk-tag--green" : "govuk-tag--orange"}`}>
              {capacity.text}
            </strong>
          </li>
        )}
        <li>
          <span className="govuk-visually-hidden">Cost: </span>
          <span className="atlas-result__cost">{cost ?? "Ask about cost"}</span>
        </li>
        <li>
          <span className="govuk-visually-hidden">When: </span>
          <span className="atlas-result__when">{describeWhen(asset)}</span>
        </li>
        {asset.directPayment && <li>Can be paid by Direct Payment</li>}
      </ul>
      <ListingText as="p" className="govuk-body-s govuk-!-margin-bottom-1">
        {asset.summary}
      </ListingText>
      {asset.needs.length > 0 && (
        <p className="govuk-body-s govuk-!-margin-bottom-0 atlas-result__needs">
          <span className="govuk-visually-hidden">Helps with: </span>
          {asset.needs.map(needName).join(", ")}
        </p>
      )}
      <ShortlistButton id={asset.id} name={asset.name} />
    </li>
  );
}
