import { sql } from 'kysely';
import { parseDecimal, type Executor } from './connect.js';

/**
 * Vector layers for the web map, built in PostGIS and sent as GeoJSON in WGS84 (RFC 7946).
 * Borough outlines are simplified in metres (EPSG:27700) before transforming, so a whole-London
 * view stays a few hundred kilobytes; sites are points coloured by their latest condition class.
 */

/** Tolerance for borough outlines: far below what a borough-scale map can show. */
export const BOROUGH_OUTLINE_TOLERANCE_M = 25;

export interface BoroughOutlines {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    id: string;
    properties: { borough: string; boroughName: string; subRegion: string };
    geometry: unknown;
  }>;
}

export async function boroughOutlines(db: Executor): Promise<BoroughOutlines> {
  const rows = await sql<{ gss_code: string; name: string; sub_region: string; geometry: string }>`
    SELECT gss_code, name, sub_region,
           ST_AsGeoJSON(ST_Transform(ST_SimplifyPreserveTopology(geom, ${BOROUGH_OUTLINE_TOLERANCE_M}), 4326), 5) AS geometry
    FROM boroughs ORDER BY gss_code`.execute(db);
  return {
    type: 'FeatureCollection',
    features: rows.rows.map((r) => ({
      type: 'Feature',
      id: r.gss_code,
      properties: { borough: r.gss_code, boroughName: r.name, subRegion: r.sub_region },
      geometry: JSON.parse(r.geometry) as unknown,
    })),
  };
}

export interface SitePoints {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    id: number;
    properties: {
      siteId: number;
      sourceRef: string;
      name: string | null;
      borough: string | null;
      conditionClass: string | null;
      surplusScore: number | null;
      rank: number | null;
    };
    geometry: unknown;
  }>;
}

/** Every site with its latest score and rank (null when not yet scored or ranked); no valuation figures. */
export async function sitePoints(db: Executor): Promise<SitePoints> {
  const rows = await sql<{
    id: number;
    source_ref: string;
    name: string | null;
    borough_gss: string | null;
    condition_class: string | null;
    surplus_score: string | null;
    rank: number | null;
    geometry: string;
  }>`
    WITH run AS (SELECT id, score_run_id FROM rank_runs ORDER BY estate_version DESC LIMIT 1),
         scores AS (SELECT DISTINCT ON (sc.site_id) sc.site_id, sc.condition_class, sc.surplus_score
                    FROM site_scores sc JOIN score_runs r ON r.id = sc.score_run_id
                    ORDER BY sc.site_id, r.estate_version DESC)
    SELECT s.id, s.source_ref, s.name, s.borough_gss, sc.condition_class, sc.surplus_score, rs.rank,
           ST_AsGeoJSON(ST_Transform(s.geom, 4326), 6) AS geometry
    FROM sites s
    LEFT JOIN scores sc ON sc.site_id = s.id
    LEFT JOIN ranked_sites rs ON rs.site_id = s.id AND rs.rank_run_id = (SELECT id FROM run)
    WHERE s.geom IS NOT NULL
    ORDER BY rs.rank NULLS LAST, s.id`.execute(db);
  return {
    type: 'FeatureCollection',
    features: rows.rows.map((r) => ({
      type: 'Feature',
      id: r.id,
      properties: {
        siteId: r.id,
        sourceRef: r.source_ref,
        name: r.name,
        borough: r.borough_gss,
        conditionClass: r.condition_class,
        surplusScore: parseDecimal(r.surplus_score),
        rank: r.rank,
      },
      geometry: JSON.parse(r.geometry) as unknown,
    })),
  };
}
