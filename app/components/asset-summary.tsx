import { Link } from "@remix-run/react";
import type { AssetHit } from "../../search/types";
import { formatDistance, formatHourlyRate } from "../modules/assets/format";
import { assetKindName } from "../../db/vocabulary/kinds";
import { needName } from "../../db/vocabulary/needs";
import { ShortlistButton } from "./shortlist-button";

export function AssetSummary({ asset }: { asset: AssetHit }) {
  const place = [asset.town, asset.postcode].filter(Boolean).join(", ");
  const cost = asset.isFree ? "Free" : asset.hourlyRatePence ? formatHourlyRate(asset.hourlyRatePence) : null;
  return (
    <li className="atlas-result">
      <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
        <Link className="govuk-link" to={`/assets/${asset.id}`}>
          {asset.name}
        </Link>
      </h2>
      <p className="atlas-result__meta">
        {asset.distanceMiles !== null && asset.distanceMiles !== undefined && (
          <strong className="atlas-result__distance">{formatDistance(asset.distanceMiles)}</strong>
        )}
        {asset.distanceMiles !== null && asset.distanceMiles !== undefined && " · "}
        {[assetKindName(asset.kind), place, cost, asset.directPayment ? "Can be paid by Direct Payment" : null]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <p className="govuk-body govuk-!-margin-bottom-1">{asset.summary}</p>
      {asset.needs.length > 0 && (
        <p className="govuk-body-s govuk-!-margin-bottom-0">
          <span className="govuk-visually-hidden">Helps with: </span>
          {asset.needs.map(needName).join(", ")}
        </p>
      )}
      <ShortlistButton id={asset.id} name={asset.name} />
    </li>
  );
}
