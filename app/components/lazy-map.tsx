import { useEffect, useState, type ComponentType } from "react";
import type { AtlasMapProps } from "./atlas-map.client";

/**
 * Loads the map only after the page has hydrated, so the page is fast and complete without it
 * (no JavaScript: the list says everything the map does).
 */
export function LazyMap(props: AtlasMapProps) {
  const [Map, setMap] = useState<ComponentType<AtlasMapProps> | null>(null);
  useEffect(() => {
    let current = true;
    import("./atlas-map.client").then((module) => current && setMap(() => module.AtlasMap));
    return () => {
      current = false;
    };
  }, []);
  return Map ? <Map {...props} /> : null;
}
