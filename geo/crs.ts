import proj4 from 'proj4';

/** British National Grid: the one CRS we store and analyse in (metres). */
export const BNG = 'EPSG:27700';
/** Longitude/latitude on WGS84: what GeoJSON and the web map speak. */
export const WGS84 = 'EPSG:4326';

/**
 * PostGIS's spatial_ref_sys proj4text for 27700, copied verbatim so that proj4 here and ST_Transform in the
 * database agree to the millimetre. The 7-parameter Helmert shift is good to a few metres (DOMAIN §6); OSTN15
 * would be better but needs a 15 MiB grid file we do not ship.
 */
export const BNG_PROJ4 =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

proj4.defs(BNG, BNG_PROJ4);

/** One converter built once: proj4 re-parses definitions on every call that names them by string. */
export const bngConverter = proj4(WGS84, BNG);
