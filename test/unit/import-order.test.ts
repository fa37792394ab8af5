import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Data flows downward (docs/design.md): a module may import from its own
 * layer and the layers above it, never from a layer below. This is the order,
 * top first; docs/design.md lists the same folders in the same order, and a
 * test below keeps the two equal. There is no list of exceptions: a back-edge
 * is fixed by moving code, not by allowing it.
 *
 * policy/ is two layers: consent, schedules, pauses and transfer policies
 * decide what the recorder may do (above it); retention and holds act on the
 * stored segments (below them).
 */
const LAYERS: readonly string[] = [
  'shared',
  'config',
  'db',
  'keys',
  'audit',
  'alarms',
  'cameras',
  'policy/consent',
  'recorder',
  'segments',
  'policy/retention',
  'activity',
  'live',
  'storage',
  'containment',
  'disclosure',
  'egress',
  'backup',
  'jobs',
  'api',
  'daemon',
  'cli',
];

/** The repository root (dist/test/unit -> ../../..): the scan reads the TypeScript sources, not dist/. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier of a file: import/export … from, side-effect imports, import(), require(). */
function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The layer of a path relative to src/ (posix separators), or undefined when no layer claims it. */
function layerOf(rel: string): string | undefined {
  return [...LAYERS].sort((a, b) => b.length - a.length).find((l) => rel === l || rel.startsWith(`${l}/`));
}

interface Edge {
  file: string;
  spec: string;
  from: string;
  to: string;
}

function backEdges(): { edges: Edge[]; unplaced: string[] } {
  const edges: Edge[] = [];
  const unplaced = new Set<string>();
  for (const abs of sourceFiles(SRC)) {
    const file = relative(SRC, abs).split(sep).join('/');
    const from = layerOf(file);
    if (from === undefined) {
      unplaced.add(file);
      continue;
    }
    for (const spec of specifiers(readFileSync(abs, 'utf8'))) {
      if (!spec.startsWith('.')) continue; // packages and node: builtins
      const target = relative(SRC, resolve(dirname(abs), spec)).split(sep).join('/');
      const to = layerOf(target);
      if (to === undefined) {
        unplaced.add(target);
        continue;
      }
      if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) edges.push({ file, spec, from, to });
    }
  }
  return { edges, unplaced: [...unplaced] };
}

void describe('import order', () => {
  void it('no module imports from a layer below its own', () => {
    const { edges } = backEdges();
    assert.deepEqual(
      edges.map((e) => `src/${e.file} imports '${e.spec}' (${e.from} -> ${e.to}, against the order)`),
      [],
      'move the code so imports follow the layer order of docs/design.md',
    );
  });

  void it('every folder under src/ has a place in the order', () => {
    assert.deepEqual(backEdges().unplaced, [], 'add the new folder to LAYERS here and to the layout list of docs/design.md, in the same place');
  });

  void it('docs/design.md lists the same layers in the same order', () => {
    const design = readFileSync(join(ROOT, 'docs', 'design.md'), 'utf8');
    const listed = [...design.matchAll(/^src\/([a-z/-]+?)\/\s/gm)].map((m) => m[1]);
    assert.deepEqual(listed, [...LAYERS]);
  });

  void it('the scan sees every form of import', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "import { type C, d } from './c.js';",
      "import './side-effect.js';",
      "export { e } from './e.js';",
      "export * from './f.js';",
      "const g = await import('./g.js');",
      "import {\n  h,\n  i,\n} from './h.js';",
      "// import x from './comment.js';",
      "const s = \"import y from './string.js'\";",
    ].join('\n');
    assert.deepEqual(specifiers(text), ['./a.js', './b.js', './c.js', './side-effect.js', './e.js', './f.js', './g.js', './h.js']);
  });

  void it('places nested folders in their layer and tells the two policy layers apart', () => {
    assert.equal(layerOf('policy/consent/decision.ts'), 'policy/consent');
    assert.equal(layerOf('policy/retention/sweeper.ts'), 'policy/retention');
    assert.equal(layerOf('disclosure/export/plan.ts'), 'disclosure');
    assert.equal(layerOf('policy/other.ts'), undefined);
    assert.equal(layerOf('shared-extra/x.ts'), undefined);
  });
});
