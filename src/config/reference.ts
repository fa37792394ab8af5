import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { configSchema } from './schema.js';
import { KEY_NOTES } from './reference-notes.js';

/**
 * The configuration key reference in docs/configuration.md, generated from
 * the zod schema itself: every key the schema accepts, its type, default and
 * allowed values, with a note per key from reference-notes.ts. A unit test
 * checks the file is current and that every key has a note, so the reference
 * cannot drift from what `config validate` accepts.
 *
 *   npm run docs:config     # rewrites the block in docs/configuration.md
 */
export interface KeyInfo {
  path: string;
  type: string;
  required: boolean;
  defaultValue: string | undefined;
}

type AnyZod = z.ZodTypeAny;

/** Strip wrappers that do not change the shape, noting optional/default on the way. */
function unwrap(schema: AnyZod): { inner: AnyZod; optional: boolean; defaultValue: unknown } {
  let s = schema;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
      optional = true;
      s = s.unwrap() as AnyZod;
    } else if (s instanceof z.ZodDefault) {
      optional = true;
      defaultValue ??= (s._def as { defaultValue: () => unknown }).defaultValue();
      s = s.removeDefault() as AnyZod;
    } else if (s instanceof z.ZodEffects) {
      // A preprocess step may supply the value (`cameras:` left empty means none).
      if ((s._def as { effect: { type: string } }).effect.type === 'preprocess') optional = true;
      s = s.innerType() as AnyZod;
    } else if (s instanceof z.ZodPipeline) {
      s = (s._def as { in: AnyZod }).in;
    } else return { inner: s, optional, defaultValue };
  }
}

function typeName(schema: AnyZod): string {
  const { inner } = unwrap(schema);
  if (inner instanceof z.ZodString) return 'text';
  if (inner instanceof z.ZodNumber) return 'number';
  if (inner instanceof z.ZodBoolean) return 'true/false';
  if (inner instanceof z.ZodEnum) return (inner.options as string[]).map((o) => `\`${o}\``).join(', ');
  if (inner instanceof z.ZodLiteral) return `\`${String(inner.value)}\``;
  if (inner instanceof z.ZodUnion) return (inner.options as AnyZod[]).map(typeName).join(' or ');
  if (inner instanceof z.ZodTuple) return `[${(inner.items as AnyZod[]).map(typeName).join(', ')}]`;
  if (inner instanceof z.ZodArray) return `list of ${typeName(inner.element as AnyZod)}`;
  if (inner instanceof z.ZodObject) return 'mapping';
  return 'value';
}

function shown(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.length === 0) return '`[]`';
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) return undefined; // an object of defaults: its keys say
  const text = Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v).replace(/^"|"$/g, '')).join(', ')}]` : JSON.stringify(value).replace(/^"|"$/g, '');
  return `\`${text}\``;
}

/** Every key path the schema accepts, depth first, in schema order. Lists of objects use `[]`. */
export function configKeys(schema: AnyZod = configSchema): KeyInfo[] {
  const out: KeyInfo[] = [];
  const visit = (s: AnyZod, prefix: string) => {
    const { inner } = unwrap(s);
    if (inner instanceof z.ZodObject) {
      for (const [key, child] of Object.entries(inner.shape as Record<string, AnyZod>)) {
        const path = prefix ? `${prefix}.${key}` : key;
        const { inner: childInner, optional, defaultValue } = unwrap(child);
        out.push({ path, type: typeName(child), required: !optional, defaultValue: shown(defaultValue) });
        visit(childInner, path);
      }
    } else if (inner instanceof z.ZodArray) {
      const element = unwrap(inner.element as AnyZod).inner;
      if (element instanceof z.ZodObject) visit(element, `${prefix}[]`);
    }
  };
  visit(schema, '');
  return out;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const BEGIN = '<!-- BEGIN KEY REFERENCE: generated from src/config/schema.ts by `npm run docs:config`; do not edit by hand -->';
export const END = '<!-- END KEY REFERENCE -->';

export function renderKeyReference(keys: readonly KeyInfo[] = configKeys()): string {
  const rows = keys.map((k) => {
    const note = KEY_NOTES[k.path] ?? '';
    const dflt = k.defaultValue ?? (k.required ? '**required**' : '—');
    return `| \`${k.path}\` | ${cell(k.type)} | ${dflt} | ${cell(note)} |`;
  });
  return [BEGIN, '', '| key | type | default | meaning |', '|---|---|---|---|', ...rows, '', END].join('\n');
}

/** The document with its generated block replaced by the current one. */
export function withKeyReference(doc: string, reference = renderKeyReference()): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md has no "${BEGIN}" ... "${END}" block`);
  return doc.slice(0, start) + reference + doc.slice(end + END.length);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/dist\//, '/dist/')) && process.argv[2] === '--write') {
  const file = process.argv[3] ?? 'docs/configuration.md';
  writeFileSync(file, withKeyReference(readFileSync(file, 'utf8')));
  process.stdout.write(`wrote the key reference into ${file}\n`);
}
