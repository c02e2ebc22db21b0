// @ts-check
/**
 * Which roles may call each API route ("METHOD /url" → roles, or "public"), from GET /api/ui-config
 * (src/api/access.ts, built from src/domain/roles.ts). A page, a link or a form is shown only to a
 * role the route behind it lets in, so the UI keeps no role list of its own. app.js fills it first.
 */
let ROUTES = {};

export function setRouteAccess(access) {
  ROUTES = access.routes;
}

/** Whether the signed-in user's role may call a route, e.g. mayCall(user, 'POST /api/cases'). */
export function mayCall(user, route) {
  const roles = ROUTES[route];
  return roles === 'public' || (Array.isArray(roles) && user !== null && roles.includes(user.role));
}
