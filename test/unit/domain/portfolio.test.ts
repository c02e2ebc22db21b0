import { describe, expect, it } from 'vitest';
import { portfolioByClass, type PortfolioSite } from '../../../src/domain/portfolio.js';

const site = (
  conditionClass: PortfolioSite['conditionClass'],
  giaM2: number | null,
  boroughGss: string | null,
  subRegion: PortfolioSite['subRegion'],
): PortfolioSite => ({
  conditionClass,
  giaM2,
  boroughGss,
  subRegion,
});

describe('portfolioByClass', () => {
  const estate: PortfolioSite[] = [
    site('rebuild', 1000, 'E09000007', 'NCL'), // Camden
    site('refurbish', 3000, 'E09000007', 'NCL'),
    site('maintain', 4000, 'E09000019', 'NCL'), // Islington
    site('not-surveyed', 2000, 'E09000012', 'NEL'), // Hackney
    site('refurbish', null, null, null),
  ];
  const figures = portfolioByClass(estate);

  it('shares sites and floor area by class over the whole estate', () => {
    expect(figures.overall.sites).toBe(5);
    expect(figures.overall.giaM2).toBe(10_000);
    expect(figures.overall.sitesWithoutGia).toBe(1);
    expect(figures.overall.byClass).toEqual({
      rebuild: { sites: 1, sitesPct: 20, giaM2: 1000, giaPct: 10 },
      refurbish: { sites: 2, sitesPct: 40, giaM2: 3000, giaPct: 30 },
      maintain: { sites: 1, sitesPct: 20, giaM2: 4000, giaPct: 40 },
      'not-surveyed': { sites: 1, sitesPct: 20, giaM2: 2000, giaPct: 20 },
    });
  });

  it('gives the surveyed shares that compare with the published ones', () => {
    expect(figures.overall.surveyed).toEqual({
      sites: 4,
      sitesPct: { rebuild: 25, refurbish: 50, maintain: 25 },
      giaPct: { rebuild: 12.5, refurbish: 37.5, maintain: 50 },
    });
  });

  it('groups by borough (in code order) and by sub-region, leaving unplaced sites to the overall figures', () => {
    expect(Object.keys(figures.byBorough)).toEqual(['E09000007', 'E09000012', 'E09000019']);
    expect(figures.byBorough.E09000007?.byClass.rebuild).toEqual({ sites: 1, sitesPct: 50, giaM2: 1000, giaPct: 25 });
    expect(Object.keys(figures.bySubRegion)).toEqual(['NCL', 'NEL']);
    expect(figures.bySubRegion.NCL?.sites).toBe(3);
    expect(figures.bySubRegion.NEL?.byClass['not-surveyed'].sitesPct).toBe(100);
    expect(figures.bySubRegion.NEL?.surveyed).toEqual({
      sites: 0,
      sitesPct: { rebuild: 0, refurbish: 0, maintain: 0 },
      giaPct: null,
    });
  });

  it('carries 13% / 51% as a secondary-sourced reference, not a target', () => {
    expect(figures.reference).toMatchObject({ rebuildPct: 13, refurbishPct: 51, provenance: 'sourced-secondary' });
    expect(figures.reference.note).toMatch(/not a target/);
  });

  it('copes with an empty estate', () => {
    const empty = portfolioByClass([]);
    expect(empty.overall.sites).toBe(0);
    expect(empty.overall.byClass.rebuild).toEqual({ sites: 0, sitesPct: 0, giaM2: 0, giaPct: null });
    expect(empty.byBorough).toEqual({});
  });
});
