import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/domain/roles.js';
import { seededBrowserSuite } from './seed.js';
import { signIn } from './support.js';

/**
 * The Content Security Policy is one the UI actually satisfies: every page each role can open
 * (its navigation, a site page, a case page), drawn in Chromium with the policy the server
 * sends, raises no `securitypolicyviolation` event. A style attribute, an inline script or an
 * image from elsewhere would.
 */
const suite = seededBrowserSuite();

describe('security headers in the browser', () => {
  it('sends CSP, nosniff, frame-ancestors and Referrer-Policy with the page', async () => {
    const res = await fetch(`${suite.h.server.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('every page as every role draws with no CSP violation', async () => {
    const visited: string[] = [];
    const violations: string[] = [];
    for (const role of ROLES) {
      const user = await suite.userPage();
      const { page } = user;
      await page.addInitScript(() => {
        const seen: string[] = [];
        (globalThis as unknown as { __cspViolations: string[] }).__cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (e) =>
          seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
        );
      });
      await signIn(suite.h, user, role);
      const nav = page.getByRole('navigation', { name: 'Main' });
      const links = await nav.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      const pages = [...links, `#/sites/${suite.estate.sites[0]!.siteId}`, `#/cases/${suite.estate.reviewCaseId}`];
      for (const hash of pages) {
        await page.goto(`${suite.h.server.url}/${hash}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        visited.push(`${role} ${hash}`);
        const seen = await page.evaluate(
          () => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations,
        );
        for (const v of seen) violations.push(`${role} ${hash}: ${v}`);
      }
      expect(user.problems, role).toEqual([]);
    }
    expect(violations).toEqual([]);
    // every role saw its pages, the map among them
    expect(visited.length).toBeGreaterThan(20);
    expect(visited).toContain('board #/map');
  });

  it('the policy is enforced: a style attribute set by a page is refused and reported', async () => {
    const user = await suite.userPage();
    const { page } = user;
    await page.goto(`${suite.h.server.url}/`);
    const blocked = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective));
          const probe = document.createElement('div');
          probe.innerHTML = '<span style="color:red">x</span>';
          document.body.append(probe);
        }),
    );
    expect(blocked).toMatch(/^style-src/);
    user.problems.length = 0; // the refusal is logged as a console error, which is the point here
  });
});
