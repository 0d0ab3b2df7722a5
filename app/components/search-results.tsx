import { useEffect, useMemo, useState } from "react";
import type { AssetHit } from "../../search/types";
import type { Happening } from "../modules/whats-on/occurrences";
import { AssetSummary } from "./asset-summary";
import { LazyMap } from "./lazy-map";
import { useT } from "../modules/i18n/use-t";

/** The width from which list and map sit side by side (govuk-frontend's "desktop"). */
const wideScreen = "(min-width: 48.0625em)";

/**
 * The results list and, with JavaScript, a map of them behind a "Show map" toggle: shown beside
 * the list on a wide screen, hidden on a phone until asked for (and only then loaded). Hovering or
 * focusing a result marks it on the map. Without JavaScript there is no map: the list says it all.
 */
export function SearchResults({ hits, happening = {} }: { hits: AssetHit[]; happening?: Record<string, Happening> }) {
  const { t } = useT();
  const [canMap, setCanMap] = useState(false);
  const [showMap, setShowMap] = useState(false);
  const [highlightedId, setHighlightedId] = useState<string | null>(null);
  useEffect(() => {
    setCanMap(true);
    setShowMap(window.matchMedia(wideScreen).matches);
  }, []);
  // Kept between renders, so marking a result does not refit the map.
  const points = useMemo(
    () =>
      hits.flatMap((hit) =>
        hit.latitude !== null && hit.longitude !== null
          ? [{ id: hit.id, name: hit.name, lat: hit.latitude, lng: hit.longitude, href: `/assets/${hit.id}`, detail: hit.town ?? undefined }]
          : [],
      ),
    [hits],
  );
  return (
    <>
      {canMap && points.length > 0 && (
        <button
          type="button"
          className="govuk-button govuk-button--secondary atlas-map-toggle"
          aria-expanded={showMap}
          aria-controls="results-map"
          onClick={() => setShowMap((shown) => !shown)}
        >
          {showMap ? t("search.hideMap") : t("search.showMap")}
        </button>
      )}
      <div className={`atlas-results${showMap ? " atlas-results--with-map" : ""}`}>
        <ul className="govuk-list atlas-results__list" aria-label={t("search.list")}>
          {hits.map((hit) => (
            <AssetSummary key={hit.id} asset={hit} happening={happening[hit.id] ?? null} onHighlight={canMap ? setHighlightedId : undefined} />
          ))}
        </ul>
        {canMap && (
          <div className="atlas-results__map" id="results-map" hidden={!showMap}>
            {/* The same results on a map; the list is its text alternative. */}
            {showMap && (
              <LazyMap
                label={t("search.map")}
                fitTo="points"
                points={points}
                highlightedId={highlightedId}
                boundariesUrl="/places/E07000009/boundaries.json"
              />
            )}
          </div>
        )}
      </div>
    </>
  );
}
