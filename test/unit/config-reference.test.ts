import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configKeys, renderKeyReference, withKeyReference } from '../../src/config/reference.js';
import { KEY_NOTES } from '../../src/config/reference-notes.js';

const DOC = fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url));

void describe('configuration key reference (generated from the zod schema)', () => {
  void it('walks nested objects, lists of objects, defaults and wrappers', () => {
    const schema = z.object({
      a: z.string().default('x'),
      b: z.object({ c: z.number().default(1), d: z.enum(['p', 'q']).optional() }).strict().default({}),
      e: z.preprocess((v) => v ?? [], z.array(z.object({ f: z.boolean() }))),
    });
    assert.deepEqual(configKeys(schema), [
      { path: 'a', type: 'text', required: false, defaultValue: '`x`' },
      { path: 'b', type: 'mapping', required: false, defaultValue: undefined },
      { path: 'b.c', type: 'number', required: false, defaultValue: '`1`' },
      { path: 'b.d', type: '`p`, `q`', required: false, defaultValue: undefined },
      { path: 'e', type: 'list of mapping', required: false, defaultValue: undefined },
      { path: 'e[].f', type: 'true/false', required: true, defaultValue: undefined },
    ]);
  });

  void it('has a note for every key the schema accepts, and none for a key it does not', () => {
    const paths = configKeys().map((k) => k.path);
    assert.ok(paths.length > 50, `the schema has many keys (${paths.length})`);
    assert.deepEqual(paths.filter((p) => !KEY_NOTES[p]), [], 'keys without a note in src/config/reference-notes.ts');
    assert.deepEqual(Object.keys(KEY_NOTES).filter((p) => !paths.includes(p)), [], 'notes for keys the schema does not have');
  });

  void it('docs/configuration.md carries the current reference (run `npm run docs:config` after changing the schema)', () => {
    const doc = readFileSync(DOC, 'utf8');
    assert.equal(doc, withKeyReference(doc, renderKeyReference()), 'docs/configuration.md is out of date: run npm run docs:config');
    for (const { path } of configKeys()) assert.ok(doc.includes(`\`${path}\``), `${path} is in the doc`);
  });
});
