import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * The egress guard's scanner (docs/egress.md). Parses each module with the
 * TypeScript compiler (so comments and strings never trigger it) and reports
 * every way of opening a network connection from Node:
 *   - a value import / re-export / require() / import() of net, tls, http,
 *     https, dgram, http2 (with or without `node:`) or of a known network client package;
 *   - a call to fetch() (also globalThis.fetch);
 *   - spawning a network tool (curl, wget, ssh, scp, sftp, rsync, nc, ncat, socat).
 * Type-only imports are erased at compile time and open nothing; named imports
 * of node:net's address helpers (isIP, …) open nothing either.
 */
export const NETWORK_MODULES = ['net', 'tls', 'http', 'https', 'dgram', 'http2'] as const;
export const NETWORK_PACKAGES = ['node-onvif', 'onvif', 'undici', 'axios', 'node-fetch', 'got', 'ssh2', 'ssh2-sftp-client', 'ws', 'basic-ftp'] as const;
const NETWORK_TOOLS = new Set(['curl', 'wget', 'ssh', 'scp', 'sftp', 'rsync', 'nc', 'ncat', 'socat']);
const SPAWNERS = new Set(['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);

/** Modules (or folders, ending in /) allowed to open connections, relative to the repo root. */
export const EGRESS_ALLOW_LIST = [
  'src/daemon/lock.ts', // abstract unix socket as the single-instance lock: no network
  'src/api/server.ts', // the dashboard's LAN listener
  'src/api/health-probe.ts', // `premises healthcheck`: this box's own dashboard, from a loopback source address
  'src/cameras/onvif/', // ONVIF discovery, SOAP and snapshots: camera addresses only
  'src/egress/', // the one outbound door: SFTP and HTTPS transfers, each under a transfer policy
] as const;

export interface EgressFinding {
  file: string;
  line: number;
  what: string;
}

function networkSpecifier(spec: string): string | undefined {
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  if ((NETWORK_MODULES as readonly string[]).includes(bare)) return spec;
  const pkg = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0]!;
  if ((NETWORK_PACKAGES as readonly string[]).includes(pkg)) return spec;
  return undefined;
}

/** Pure helpers of node:net that open nothing (address parsing), importable anywhere by name. */
export const PURE_NET_EXPORTS = new Set(['isIP', 'isIPv4', 'isIPv6', 'BlockList', 'SocketAddress']);

/** `import { isIP } from 'node:net'`: every binding a type or a pure helper. */
function onlyPureNet(node: ts.ImportDeclaration, spec: string): boolean {
  if (spec !== 'net' && spec !== 'node:net') return false;
  const bindings = node.importClause?.namedBindings;
  if (node.importClause?.name || !bindings || !ts.isNamedImports(bindings) || bindings.elements.length === 0) return false;
  return bindings.elements.every((e) => e.isTypeOnly || PURE_NET_EXPORTS.has((e.propertyName ?? e.name).text));
}

function onlyTypes(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // side-effect import
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

export function scanSource(file: string, text: string): EgressFinding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const findings: EgressFinding[] = [];
  const report = (node: ts.Node, what: string) =>
    findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, what });

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const hit = networkSpecifier(node.moduleSpecifier.text);
      if (hit && !onlyTypes(node) && !onlyPureNet(node, hit)) report(node, `imports ${hit}`);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const hit = networkSpecifier(node.moduleSpecifier.text);
      if (hit && !node.isTypeOnly) report(node, `re-exports ${hit}`);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      const hit = ts.isStringLiteral(expr) ? networkSpecifier(expr.text) : undefined;
      if (hit) report(node, `imports ${hit}`);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const arg0 = node.arguments[0];
      const literal = arg0 && (ts.isStringLiteral(arg0) || ts.isNoSubstitutionTemplateLiteral(arg0)) ? arg0.text : undefined;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || name === 'require') {
        if (literal === undefined) report(node, `${name ?? 'import'}() of a computed module name`);
        else if (networkSpecifier(literal)) report(node, `loads ${literal}`);
      } else if (name === 'fetch' && (ts.isIdentifier(callee) || /^(globalThis|window|self|global)$/.test(callee.getText(source).split('.')[0]!))) {
        report(node, 'calls fetch()');
      } else if (name !== undefined && SPAWNERS.has(name) && literal !== undefined && NETWORK_TOOLS.has(literal.split(/[\s/]/).pop() ?? '')) {
        report(node, `spawns ${literal}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

export function isAllowed(relPath: string, allow: readonly string[] = EGRESS_ALLOW_LIST): boolean {
  const p = relPath.split(sep).join('/');
  return allow.some((a) => (a.endsWith('/') ? p.startsWith(a) : p === a));
}

/** Every finding in `<root>/src` outside the allow-list. */
export function scanTree(root: string, allow: readonly string[] = EGRESS_ALLOW_LIST): EgressFinding[] {
  const out: EgressFinding[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        const rel = relative(root, p).split(sep).join('/');
        if (!isAllowed(rel, allow)) out.push(...scanSource(rel, readFileSync(p, 'utf8')));
      }
    }
  };
  walk(join(root, 'src'));
  return out;
}
