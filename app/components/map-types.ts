/** One place on a map: shared by pages and the client-only map. */
export interface MapPoint {
  id: string;
  name: string;
  lat: number;
  lng: number;
  href: string;
  detail?: string;
}
