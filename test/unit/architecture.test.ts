import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Dependencies point inwards (STYLE.md §2): this test fails on a forbidden import or a cycle. */
const ROOT = path.resolve(import.meta.dirname, '../..');
const LAYERS = ['src', 'workers', 'geo', 'migrations'];

function sourceFiles(dir: string, extension = '.ts'): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'data' ? [] : sourceFiles(full, extension);
    return full.endsWith(extension) ? [full] : [];
  });
}

const files = LAYERS.flatMap((layer) => sourceFiles(path.join(ROOT, layer)));
/** The browser UI: plain ES modules, served as they are. */
const webFiles = sourceFiles(path.join(ROOT, 'web/js'), '.js');
const rel = (file: string): string => path.relative(ROOT, file).split(path.sep).join('/');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2] ?? '');
  return specifiers.filter(Boolean);
}

function resolveLocal(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = path.resolve(path.dirname(from), specifier);
  // The UI's modules are JavaScript as served; the rest is TypeScript imported as ".js".
  return rel(rel(from).startsWith('web/') ? target : target.replace(/\.js$/, '.ts'));
}

const PURE_FORBIDDEN =
  /^(pg|kysely|bullmq|ioredis|fastify|@fastify\/.*|node:fs|fs|node:child_process|node:net|node:http|pino)$/;

describe('architecture', () => {
  it('keeps src/domain, src/ingest, src/ogc and geo free of I/O and of outer layers', () => {
    const offences: string[] = [];
    for (const file of files) {
      const name = rel(file);
      const pure =
        name.startsWith('src/domain/') ||
        name.startsWith('src/ingest/') ||
        name.startsWith('src/ogc/') ||
        name.startsWith('geo/');
      if (!pure) continue;
      const text = readFileSync(file, 'utf8');
      for (const specifier of importsOf(file)) {
        // The CQL2 translator writes kysely `sql` fragments (bound values); it runs no query itself.
        const sqlFragments = name === 'src/ogc/cql2/sql.ts' && specifier === 'kysely';
        if (PURE_FORBIDDEN.test(specifier) && !sqlFragments) offences.push(`${name} imports ${specifier}`);
        const target = resolveLocal(file, specifier);
        if (target && /^(src\/(db|jobs|api|cli|cases)|workers)\//.test(target))
          offences.push(`${name} imports ${target}`);
        if (name.startsWith('geo/') && target && !target.startsWith('geo/')) offences.push(`${name} imports ${target}`);
      }
      if (/process\.env|Date\.now\(\)|Math\.random\(\)/.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) {
        offences.push(`${name} reads the environment, the clock or Math.random`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('keeps workers and the API apart', () => {
    const offences: string[] = [];
    for (const file of files) {
      const name = rel(file);
      for (const specifier of importsOf(file)) {
        const target = resolveLocal(file, specifier);
        if (!target) continue;
        if (name.startsWith('workers/') && target.startsWith('src/api/')) offences.push(`${name} imports ${target}`);
        if (name.startsWith('src/api/') && target.startsWith('workers/')) offences.push(`${name} imports ${target}`);
        if (name.startsWith('migrations/') && !target.startsWith('migrations/'))
          offences.push(`${name} imports ${target}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('keeps the use cases between the edges and the queries', () => {
    // src/cases may use the pure layers, the queries and the job registry; src/db never reaches
    // up into a use case or an edge; the edges change cases only through src/cases.
    const USE_CASE_MAY = /^(src\/(domain|ingest|db|jobs|cases)\/|geo\/|src\/(errors|log)\.ts$)/;
    const ABOVE_DB = /^(src\/(cases|api|cli)\/|workers\/)/;
    const offences: string[] = [];
    for (const file of files) {
      const name = rel(file);
      for (const specifier of importsOf(file)) {
        const target = resolveLocal(file, specifier);
        if (!target) continue;
        if (name.startsWith('src/cases/') && !USE_CASE_MAY.test(target)) offences.push(`${name} imports ${target}`);
        if (name.startsWith('src/db/') && ABOVE_DB.test(target)) offences.push(`${name} imports ${target}`);
        if (/^(src\/(api|cli)\/|workers\/)/.test(name) && target === 'src/db/cases.ts')
          offences.push(`${name} imports ${target} (change cases through src/cases)`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('keeps the web UI to its own modules: it talks to the API over HTTP only, and loads nothing from elsewhere', () => {
    const offences: string[] = [];
    for (const file of webFiles) {
      for (const specifier of importsOf(file)) {
        const target = resolveLocal(file, specifier);
        if (!target?.startsWith('web/js/')) offences.push(`${rel(file)} imports ${specifier}`);
      }
    }
    expect(webFiles.length).toBeGreaterThan(20);
    expect(offences).toEqual([]);
  });

  it('has no import cycles, in the server or in the web UI', () => {
    const graph = new Map(
      [...files, ...webFiles].map((f) => [
        rel(f),
        importsOf(f)
          .map((s) => resolveLocal(f, s))
          .filter((t): t is string => t !== null),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (node: string, trail: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
        return;
      }
      state.set(node, 'visiting');
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
