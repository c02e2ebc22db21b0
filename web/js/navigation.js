// @ts-check
/**
 * Who is signed in and where the user is going. Pages import this, never app.js, so no page
 * module and the shell that loads it import each other.
 */
/** @type {{ user: { userId: number, name: string, role: string } | null, basemapUrl: string | null, oidc: { label: string } | null, mapTilesFromSites: number }} */
export const session = { user: null, basemapUrl: null, oidc: null, mapTilesFromSites: Number.POSITIVE_INFINITY };

export const go = (path) => {
  if (location.hash === `#${path}`) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = `#${path}`;
};

export function signedIn(user) {
  session.user = user;
}
