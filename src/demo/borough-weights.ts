/**
 * How many demo sites each borough gets, and how far from its centroid to look for them.
 *
 * Weight: 2011 Census usual residents (ONS, via the GLA MSOA file in data/reference: USUALRES summed by LAD11CD,
 * 8,173,941 in all). Primary care follows the people registered with it, so residents are a fair proxy for
 * where NHSPS and LIFT buildings stand; the City of London, with 7,375 residents, rightly gets almost none.
 * Area: the GLA 2011 boundary file's HECTARES (land and water), which sizes the sampling square.
 * test/unit/demo/borough-weights.test.ts recomputes both from the shipped files and fails if either drifts.
 */
export interface BoroughWeight {
  gssCode: string;
  residents2011: number;
  hectares: number;
}

export const BOROUGH_WEIGHTS: readonly BoroughWeight[] = [
  { gssCode: 'E09000001', residents2011: 7375, hectares: 314.942 },
  { gssCode: 'E09000002', residents2011: 185911, hectares: 3779.934 },
  { gssCode: 'E09000003', residents2011: 356386, hectares: 8674.837 },
  { gssCode: 'E09000004', residents2011: 231997, hectares: 6428.649 },
  { gssCode: 'E09000005', residents2011: 311215, hectares: 4323.27 },
  { gssCode: 'E09000006', residents2011: 309392, hectares: 15013.487 },
  { gssCode: 'E09000007', residents2011: 220338, hectares: 2178.932 },
  { gssCode: 'E09000008', residents2011: 363378, hectares: 8649.441 },
  { gssCode: 'E09000009', residents2011: 338449, hectares: 5554.428 },
  { gssCode: 'E09000010', residents2011: 312466, hectares: 8220.025 },
  { gssCode: 'E09000011', residents2011: 254557, hectares: 5044.19 },
  { gssCode: 'E09000012', residents2011: 246270, hectares: 1904.902 },
  { gssCode: 'E09000013', residents2011: 182493, hectares: 1715.409 },
  { gssCode: 'E09000014', residents2011: 254926, hectares: 2959.837 },
  { gssCode: 'E09000015', residents2011: 239056, hectares: 5046.33 },
  { gssCode: 'E09000016', residents2011: 237232, hectares: 11445.735 },
  { gssCode: 'E09000017', residents2011: 273936, hectares: 11570.063 },
  { gssCode: 'E09000018', residents2011: 253957, hectares: 5658.541 },
  { gssCode: 'E09000019', residents2011: 206125, hectares: 1485.664 },
  { gssCode: 'E09000020', residents2011: 158649, hectares: 1238.379 },
  { gssCode: 'E09000021', residents2011: 160060, hectares: 3726.117 },
  { gssCode: 'E09000022', residents2011: 303086, hectares: 2724.94 },
  { gssCode: 'E09000023', residents2011: 275885, hectares: 3531.706 },
  { gssCode: 'E09000024', residents2011: 199693, hectares: 3762.466 },
  { gssCode: 'E09000025', residents2011: 307984, hectares: 3857.806 },
  { gssCode: 'E09000026', residents2011: 278970, hectares: 5644.225 },
  { gssCode: 'E09000027', residents2011: 186990, hectares: 5876.111 },
  { gssCode: 'E09000028', residents2011: 288283, hectares: 2991.34 },
  { gssCode: 'E09000029', residents2011: 190146, hectares: 4384.698 },
  { gssCode: 'E09000030', residents2011: 254096, hectares: 2157.501 },
  { gssCode: 'E09000031', residents2011: 258249, hectares: 3880.793 },
  { gssCode: 'E09000032', residents2011: 306995, hectares: 3522.022 },
  { gssCode: 'E09000033', residents2011: 219396, hectares: 2203.005 },
];

/**
 * Half the side of the square searched around a borough's centroid: 0.75 × √area, so a compact borough's
 * whole extent fits (a square borough of side s reaches s/2 from its centre) with room for elongated ones,
 * while roughly 40% of draws still land inside. Never under 1 km, so the City's 3 km² is searched whole.
 */
export function searchHalfWidthM(hectares: number): number {
  return Math.max(1000, 0.75 * Math.sqrt(hectares * 10_000));
}
