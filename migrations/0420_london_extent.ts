import { sql, type Kysely } from 'kysely';

// Greater London's full extent, land and water. The GLA's borough boundaries exclude the Thames below mean
// high water (and so do the shipped ones), so a point in the river or a dock lies in no borough although it is
// legally in London. The extent is derived from the boroughs, never typed in: their union with every hole
// filled, plus the tidal Thames, found as what a 500 m closing of the union (buffer out 500 m, then in 500 m)
// adds in one piece of at least 1 km². On the GLA's 2011 boundaries that piece is 20.8 km² from Hampton Court
// to the Bexley/Havering reach, against 21.2 km² of non-land area the GLA gives the boroughs (NONLD_AREA); it
// is the same at 600 and 750 m, so 500 m reaches across the widest reach. The closing's other pieces (6.2 km²,
// none as large as 1 km²) are notches of the county boundary, outside London, and are left out.
// A materialised view, so the derivation is written once; loading boroughs refreshes it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE MATERIALIZED VIEW london_extent AS
    WITH land AS (SELECT ST_Union(geom) AS g FROM boroughs),
    filled AS (
      SELECT ST_Union(ST_MakePolygon(ST_ExteriorRing(part.geom))) AS g
      FROM land, ST_Dump(land.g) AS part
    ),
    closed AS (SELECT ST_Buffer(ST_Buffer(g, 500, 'quad_segs=8'), -500, 'quad_segs=8') AS g FROM land),
    river AS (
      SELECT ST_Union(piece.geom) AS g
      FROM land, closed, ST_Dump(ST_Difference(closed.g, land.g)) AS piece
      WHERE ST_Area(piece.geom) >= 1000000
    )
    SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(
             CASE WHEN river.g IS NULL THEN filled.g ELSE ST_Union(filled.g, river.g) END), 3)
           )::geometry(MultiPolygon, 27700) AS geom,
           (SELECT coalesce(ST_Area(river.g), 0)) AS water_m2
    FROM filled LEFT JOIN river ON true
    WHERE filled.g IS NOT NULL;
    CREATE INDEX london_extent_geom_idx ON london_extent USING gist (geom);
  `.execute(db);
}
