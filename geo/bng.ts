/** A point on the British National Grid (EPSG:27700), in metres: the one CRS we store and analyse in. */
export interface BngPoint {
  eastingM: number;
  northingM: number;
}
