import { sql } from 'kysely';
import { parseDecimal, type Executor } from './connect.js';

export interface ClassShares {
  sites: number;
  giaM2: number;
  byClass: Array<{ conditionClass: string; sites: number; giaM2: number; siteShare: number; giaShare: number }>;
}

export interface Portfolio {
  scoreRunId: number | null;
  estateVersion: number | null;
  modelVersion: string | null;
  overall: ClassShares;
  byBorough: Array<ClassShares & { borough: string | null; boroughName: string | null }>;
  bySubRegion: Array<ClassShares & { subRegion: string | null }>;
}

const EMPTY: ClassShares = { sites: 0, giaM2: 0, byClass: [] };

/** Shares of sites and of gross internal area by condition class, from the latest score run. */
export async function portfolio(db: Executor): Promise<Portfolio> {
  const run = await db
    .selectFrom('score_runs')
    .select(['id', 'estate_version', 'model_version'])
    .orderBy('estate_version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!run)
    return {
      scoreRunId: null,
      estateVersion: null,
      modelVersion: null,
      overall: EMPTY,
      byBorough: [],
      bySubRegion: [],
    };
  const rows = (
    await sql<{
      borough_gss: string | null;
      borough_name: string | null;
      sub_region: string | null;
      condition_class: string;
      sites: string;
      gia_m2: string | null;
    }>`
      SELECT s.borough_gss, b.name AS borough_name, s.sub_region, sc.condition_class, count(*) AS sites, sum(coalesce(s.gia_m2, 0)) AS gia_m2
      FROM site_scores sc
      JOIN sites s ON s.id = sc.site_id
      LEFT JOIN boroughs b ON b.gss_code = s.borough_gss
      WHERE sc.score_run_id = ${run.id}
      GROUP BY s.borough_gss, b.name, s.sub_region, sc.condition_class
    `.execute(db)
  ).rows.map((r) => ({ ...r, sites: Number(r.sites), giaM2: parseDecimal(r.gia_m2) ?? 0 }));

  const shares = (group: typeof rows): ClassShares => {
    const byClass = new Map<string, { sites: number; giaM2: number }>();
    for (const r of group) {
      const c = byClass.get(r.condition_class) ?? { sites: 0, giaM2: 0 };
      c.sites += r.sites;
      c.giaM2 += r.giaM2;
      byClass.set(r.condition_class, c);
    }
    const sites = group.reduce((n, r) => n + r.sites, 0);
    const giaM2 = group.reduce((n, r) => n + r.giaM2, 0);
    return {
      sites,
      giaM2,
      byClass: [...byClass.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([conditionClass, c]) => ({
          conditionClass,
          sites: c.sites,
          giaM2: c.giaM2,
          siteShare: sites > 0 ? c.sites / sites : 0,
          giaShare: giaM2 > 0 ? c.giaM2 / giaM2 : 0,
        })),
    };
  };
  const groupBy = <K extends string | null>(key: (r: (typeof rows)[number]) => K): Map<K, typeof rows> => {
    const groups = new Map<K, typeof rows>();
    for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    return groups;
  };
  return {
    scoreRunId: run.id,
    estateVersion: run.estate_version,
    modelVersion: run.model_version,
    overall: shares(rows),
    byBorough: [...groupBy((r) => r.borough_gss).entries()]
      .sort(([a], [b]) => (a ?? '~').localeCompare(b ?? '~'))
      .map(([borough, group]) => ({ borough, boroughName: group[0]?.borough_name ?? null, ...shares(group) })),
    bySubRegion: [...groupBy((r) => r.sub_region).entries()]
      .sort(([a], [b]) => (a ?? '~').localeCompare(b ?? '~'))
      .map(([subRegion, group]) => ({ subRegion, ...shares(group) })),
  };
}
