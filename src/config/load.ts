import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { ZodIssue } from 'zod';
import { PremisesError } from '../shared/errors.js';
import { configSchema, type Config } from './schema.js';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file it came from; dataDir is resolved against its folder. */
  path: string;
  /** Absolute data directory. */
  dataDir: string;
  /** The file's text, to detect and record changes between runs. */
  text: string;
}

export interface ConfigProblem {
  path: string;
  message: string;
  line?: number;
}

export const DEFAULT_CONFIG_PATH = 'config/default.yaml';

export function configPathFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env['PREMISES_CONFIG'] ?? DEFAULT_CONFIG_PATH);
}

function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(top level)';
}

function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let found: YamlNode | undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === part);
      if (!pair) break;
      found = (pair.key as YamlNode | null) ?? undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      found = node as YamlNode;
    } else break;
  }
  const offset = found?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function describeIssue(issue: ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling; see docs/configuration.md)`;
  if (issue.code === 'invalid_type') {
    return issue.received === 'undefined' ? `is required (expected ${issue.expected})` : `expected ${issue.expected}, got ${issue.received}`;
  }
  return issue.message;
}

/** Parse and validate a config text; returns every problem, each naming its key. */
/** A real configuration is a few kilobytes; refusing a huge file early keeps the YAML parser's memory bounded. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export function parseConfig(text: string): { config?: Config; problems: ConfigProblem[] } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    return { problems: [{ path: '(file)', message: `the file is ${(bytes / 1048576).toFixed(1)} MiB; a configuration is a few kilobytes — is this the right file?` }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({ path: '(yaml)', message: e.message.split('\n')[0] ?? e.message, line: lines.linePos(e.pos[0]).line })),
    };
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(raw);
  if (result.success) return { config: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => {
      const keyPath = issue.path;
      // For an unknown key, point at the key itself, not at its parent.
      const linePath = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...keyPath, issue.keys[0]] : keyPath;
      const line = lineOf(doc, lines, linePath);
      const problem: ConfigProblem = { path: formatPath(keyPath), message: describeIssue(issue) };
      if (line !== undefined) problem.line = line;
      return problem;
    }),
  };
}

export function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.path}: ${p.message}`).join('\n');
}

export function loadConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PremisesError('InvalidArgument', `cannot read the configuration file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const { config, problems } = parseConfig(text);
  if (!config) {
    throw new PremisesError('InvalidArgument', `the configuration is not valid:\n${formatProblems(path, problems)}`, { problems });
  }
  return { config, path, text, dataDir: resolve(dirname(path), config.dataDir) };
}
