/**
 * A map with one draggable pin, for placing a listing exactly. Client-only (Leaflet touches
 * window); loaded after hydration by LazyPinMap. Dragging the pin or clicking the map reports
 * the point; the latitude and longitude boxes beside it stay the way to do this by keyboard.
 */
import L from "leaflet";
import { useMemo } from "react";
import { MapContainer, Marker, TileLayer, useMapEvents } from "react-leaflet";

export interface PinMapProps {
  start: [number, number] | null;
  onMove(latitude: number, longitude: number): void;
}

const eastCambridgeshire: [number, number] = [52.35, 0.3];
const pinIcon = L.divIcon({ className: "atlas-pin", html: "", iconSize: [24, 24] });
const round = (value: number) => Math.round(value * 1e6) / 1e6;

function ClickToPlace({ onMove }: Pick<PinMapProps, "onMove">) {
  useMapEvents({ click: (event) => onMove(round(event.latlng.lat), round(event.latlng.lng)) });
  return null;
}

export function PinMap({ start, onMove }: PinMapProps) {
  const position = start ?? eastCambridgeshire;
  const handlers = useMemo(
    () => ({
      dragend(event: L.LeafletEvent) {
        const point = (event.target as L.Marker).getLatLng();
        onMove(round(point.lat), round(point.lng));
      },
    }),
    [onMove],
  );
  return (
    <div role="region" aria-label="Map: drag the pin to where the listing is" data-testid="pin-map">
      <MapContainer center={position} zoom={start ? 15 : 10} scrollWheelZoom={false} className="atlas-pin-map">
        <TileLayer
          attribution='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
          url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        />
        <Marker position={position} draggable icon={pinIcon} title="Listing's place: drag to move" alt="Listing's place" eventHandlers={handlers} />
        <ClickToPlace onMove={onMove} />
      </MapContainer>
    </div>
  );
}
