/**
 * The map: boundaries, and points clustered with supercluster. Client-only (Leaflet touches
 * window when imported); pages load it after hydration through LazyMap, and always show the
 * same information as a list, which is the map's text alternative.
 */
import L from "leaflet";
import { useEffect, useMemo, useState } from "react";
import { GeoJSON, MapContainer, Marker, Popup, TileLayer, useMap, useMapEvents } from "react-leaflet";
import Supercluster from "supercluster";
import type { MapPoint } from "./map-types";

interface BoundaryCollection {
  type: "FeatureCollection";
  features: Array<{ type: "Feature"; properties: { code: string; name: string }; geometry: GeoJSON.Geometry }>;
}

export interface AtlasMapProps {
  points: MapPoint[];
  boundariesUrl?: string;
  /** Where to look when there are no points or boundaries yet: [lat, lng]. */
  center?: [number, number];
  label: string;
  /** What the first view shows: all the points (search results) or the boundaries (a place). */
  fitTo?: "points" | "boundaries";
  /** A point to mark (the result being hovered or focused in the list), or the cluster that holds it. */
  highlightedId?: string | null;
}

const eastCambridgeshire: [number, number] = [52.35, 0.3];

// Targets at least 24 px, and clusters far enough apart not to overlap (WCAG 2.2 target size).
const pointIcon = L.divIcon({ className: "atlas-marker", html: "", iconSize: [24, 24] });
const highlightedIcon = L.divIcon({ className: "atlas-marker atlas-marker--highlighted", html: "", iconSize: [32, 32] });

function clusterIcon(count: number, highlighted: boolean) {
  const size = count < 10 ? 30 : count < 100 ? 38 : 46;
  return L.divIcon({
    className: `atlas-cluster${highlighted ? " atlas-cluster--highlighted" : ""}`,
    html: `<span>${count}</span>`,
    iconSize: [size, size],
  });
}

function ClusteredPoints({ points, highlightedId }: { points: MapPoint[]; highlightedId: string | null }) {
  const map = useMap();
  const index = useMemo(() => {
    // radius is in tile units of 512 per tile: 120 keeps cluster centres about 60 px apart.
    const clusters = new Supercluster<MapPoint>({ radius: 120, maxZoom: 16 });
    clusters.load(
      points.map((point) => ({
        type: "Feature" as const,
        geometry: { type: "Point" as const, coordinates: [point.lng, point.lat] },
        properties: point,
      })),
    );
    return clusters;
  }, [points]);
  const [view, setView] = useState(() => ({ bounds: map.getBounds(), zoom: map.getZoom() }));
  useMapEvents({ moveend: () => setView({ bounds: map.getBounds(), zoom: map.getZoom() }) });
  const box: [number, number, number, number] = [
    view.bounds.getWest(),
    view.bounds.getSouth(),
    view.bounds.getEast(),
    view.bounds.getNorth(),
  ];
  return (
    <>
      {index.getClusters(box, Math.round(view.zoom)).map((feature) => {
        const [lng, lat] = feature.geometry.coordinates as [number, number];
        const properties = feature.properties as MapPoint | (Supercluster.ClusterProperties & { cluster: true });
        if ("cluster" in properties && properties.cluster) {
          const count = properties.point_count;
          const holdsHighlighted =
            highlightedId !== null && index.getLeaves(properties.cluster_id, Infinity).some((leaf) => leaf.properties.id === highlightedId);
          return (
            <Marker
              key={`cluster-${properties.cluster_id}`}
              position={[lat, lng]}
              icon={clusterIcon(count, holdsHighlighted)}
              zIndexOffset={holdsHighlighted ? 1000 : 0}
              title={`${count} places here: zoom in`}
              alt={`${count} places here`}
              eventHandlers={{
                click: () => map.setView([lat, lng], index.getClusterExpansionZoom(properties.cluster_id)),
              }}
            />
          );
        }
        const point = properties as MapPoint;
        const highlighted = point.id === highlightedId;
        return (
          <Marker
            key={point.id}
            position={[lat, lng]}
            icon={highlighted ? highlightedIcon : pointIcon}
            zIndexOffset={highlighted ? 1000 : 0}
            title={point.name}
            alt={point.name}
          >
            <Popup>
              <a href={point.href}>{point.name}</a>
              {point.detail ? <div>{point.detail}</div> : null}
            </Popup>
          </Marker>
        );
      })}
    </>
  );
}

function FitTo({
  points,
  boundaries,
  fitTo,
}: {
  points: MapPoint[];
  boundaries: BoundaryCollection | null;
  fitTo: "points" | "boundaries";
}) {
  const map = useMap();
  useEffect(() => {
    const pointBounds = points.length ? L.latLngBounds(points.map((p) => [p.lat, p.lng])) : null;
    const boundaryBounds = boundaries ? L.geoJSON(boundaries as GeoJSON.GeoJsonObject).getBounds() : null;
    const bounds = fitTo === "points" ? (pointBounds ?? boundaryBounds) : (boundaryBounds ?? pointBounds);
    map.invalidateSize(); // the container may have been laid out after the map measured it
    if (bounds?.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
  }, [map, points, boundaries, fitTo]);
  return null;
}

export function AtlasMap({ points, boundariesUrl, center = eastCambridgeshire, label, fitTo = "boundaries", highlightedId = null }: AtlasMapProps) {
  const [boundaries, setBoundaries] = useState<BoundaryCollection | null>(null);
  useEffect(() => {
    if (!boundariesUrl) return;
    let current = true;
    fetch(boundariesUrl)
      .then((response) => (response.ok ? (response.json() as Promise<BoundaryCollection>) : null))
      .then((collection) => current && setBoundaries(collection))
      .catch(() => current && setBoundaries(null));
    return () => {
      current = false;
    };
  }, [boundariesUrl]);
  return (
    <div className="atlas-map" role="region" aria-label={label} data-testid="atlas-map" data-points={points.length}>
      <MapContainer center={center} zoom={10} scrollWheelZoom={false} className="atlas-map__canvas">
        <TileLayer
          attribution='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
          url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        />
        {boundaries && (
          <GeoJSON
            key={boundariesUrl}
            data={boundaries as GeoJSON.GeoJsonObject}
            style={{ color: "#1d70b8", weight: 2, fillOpacity: 0.04 }}
            onEachFeature={(feature, layer) => layer.bindTooltip((feature.properties as { name: string }).name)}
          />
        )}
        <ClusteredPoints points={points} highlightedId={highlightedId} />
        <FitTo points={points} boundaries={boundaries} fitTo={fitTo} />
      </MapContainer>
    </div>
  );
}
