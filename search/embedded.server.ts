/**
 * The embedded engine: search inside PostgreSQL (PGlite or a server) with full-text
 * (tsvector, English stemming) and typo tolerance (pg_trgm word similarity on names and needs).
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../db/client.server";
import { taxonomyCodes, taxonomyId } from "../db/seed/taxonomy";
import type { AssetHit, AssetQuery, AssetResults, SearchEngine } from "./types";

/** pg_trgm word similarity above which a name or need counts as a match ("befriendng"). */
const typoThreshold = 0.4;

interface HitRow {
  id: string;
  name: string;
  kind: AssetHit["kind"];
  description: string;
  town: string | null;
  postcode: string | null;
  ward_name: string | null;
  needs: string[] | string | null;
  is_free: boolean;
  direct_payment: boolean;
  hourly_rate_pence: number | null;
  total: number;
}

export function createEmbeddedEngine(db: Database): SearchEngine {
  return {
    name: "embedded",
    async searchAssets(query: AssetQuery): Promise<AssetResults> {
      const text = query.text.trim();
      const needsTaxonomy = taxonomyId(taxonomyCodes.needs);
      const offset = (query.page - 1) * query.perPage;
      const matches = text
        ? sql`and (
            s.search_vector @@ websearch_to_tsquery('english', ${text})
            or word_similarity(${text}, s.name) > ${typoThreshold}
            or exists (
              select 1 from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id
              where a.link_id = s.id and t.taxonomy_id = ${needsTaxonomy}
                and (word_similarity(${text}, t.name) > ${typoThreshold}
                     or to_tsvector('english', t.name || ' ' || t.description) @@ websearch_to_tsquery('english', ${text}))
            )
          )`
        : sql``;
      const ranking = text
        ? sql`ts_rank(s.search_vector, websearch_to_tsquery('english', ${text})) + word_similarity(${text}, s.name) desc,`
        : sql``;
      const rows = await queryRows<HitRow>(
        db,
        sql`
          select s.id, s.name, s.kind, s.description, s.is_free, s.direct_payment, s.hourly_rate_pence,
                 place.town, place.postcode, place.ward_name,
                 array(
                   select t.code from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id
                   where a.link_id = s.id and t.taxonomy_id = ${needsTaxonomy} order by t.code
                 ) as needs,
                 (count(*) over ())::int as total
          from services s
          left join lateral (
            select coalesce(ad.city, replace(l.name, 'Based in ', '')) as town, l.postcode, w.name as ward_name
            from service_at_locations sal
            join locations l on l.id = sal.location_id
            left join addresses ad on ad.location_id = l.id
            left join wards w on w.code = l.ward_code
            where sal.service_id = s.id
            order by sal.id
            limit 1
          ) place on true
          where s.listing_status = 'published' ${matches}
          order by ${ranking} s.name, s.id
          limit ${query.perPage} offset ${offset}
        `,
      );
      let total = rows[0]?.total ?? 0;
      if (rows.length === 0 && offset > 0) {
        // A page past the end: the window count had no row to ride on, so count on its own.
        const [counted] = await queryRows<{ total: number }>(
          db,
          sql`select count(*)::int as total from services s where s.listing_status = 'published' ${matches}`,
        );
        total = counted?.total ?? 0;
      }
      return { hits: rows.map(toHit), total, page: query.page, perPage: query.perPage };
    },
  };
}

function toHit(row: HitRow): AssetHit {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    summary: summarise(row.description),
    town: row.town,
    postcode: row.postcode,
    wardName: row.ward_name,
    needs: parseArray(row.needs) as AssetHit["needs"],
    isFree: row.is_free,
    directPayment: row.direct_payment,
    hourlyRatePence: row.hourly_rate_pence,
  };
}

/** postgres.js returns text[] as an array; PGlite may too, but be tolerant of "{a,b}". */
function parseArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value || value === "{}") return [];
  return value.replace(/^\{|\}$/g, "").split(",");
}

function summarise(description: string, limit = 200): string {
  if (description.length <= limit) return description;
  const cut = description.slice(0, limit);
  return `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}
