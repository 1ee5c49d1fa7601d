import type { Express } from 'express';

/** One route of the application, as Express holds it: a method and a path with its parameters. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params: string[];
  /** "GET /nominals/:id", the key the expectations and the test names use. */
  key: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | string[];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every route of the app, read from the router stack itself (not from a list kept by hand), so a
 * route added anywhere is walked without anyone remembering to add it here.
 */
export function routesOf(app: Express): Route[] {
  const found = new Map<string, Route>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of ([] as string[]).concat(layer.route.path)) {
          for (const [m, on] of Object.entries(layer.route.methods)) {
            const method = m.toUpperCase();
            if (!on || !METHODS.has(method)) continue;
            const full = prefix + path;
            const key = `${method} ${full}`;
            found.set(key, { method: method as Route['method'], path: full, params: [...full.matchAll(/:(\w+)/g)].map((x) => x[1]!), key });
          }
        }
      } else if (layer.handle?.stack) {
        // A router mounted under a path: its routes sit under that prefix (none in Vigil today).
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  walk(router.stack, '');
  return [...found.values()];
}

/** The route's path with its parameters filled in, each encoded as a path segment unless given raw. */
export function fill(path: string, values: Record<string, string>, raw: ReadonlySet<string> = new Set()): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`No value for :${name} in ${path}`);
    return raw.has(name) ? v : encodeURIComponent(v);
  });
}

/** A concrete path (from a form's action) matched against a route's path; the parameters it names, or null. */
export function matchPath(routePath: string, concrete: string): Record<string, string> | null {
  const names: string[] = [];
  const source = routePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  const m = new RegExp(`^${source}/?$`).exec(concrete);
  if (!m) return null;
  return Object.fromEntries(names.map((n, i) => [n, m[i + 1]!]));
}

/**
 * A pattern of the expectations table: an optional method ("GET", "POST", or "GET|POST"), then a
 * path where ":x" or "*" stands for one segment and a final "**" for any number of them.
 */
export function patternMatches(pattern: string, route: Route): boolean {
  const [first, ...rest] = pattern.split(' ');
  const methods = rest.length ? first!.split('|') : null;
  const path = rest.length ? rest.join(' ') : first!;
  if (methods && !methods.includes(route.method)) return false;
  const p = path.split('/');
  const r = route.path.split('/');
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg === '**') return r.length >= i;
    if (i >= r.length) return false;
    if (seg === '*' || (seg.startsWith(':') && r[i]!.startsWith(':'))) continue;
    if (seg !== r[i]) return false;
  }
  return p.length === r.length;
}
