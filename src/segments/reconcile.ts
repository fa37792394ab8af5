import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Alarms } from '../alarms/alarms.js';
import type { Actor, AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import { probeMedia } from './probe.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { finishGarbage } from './garbage.js';
import { hashFile } from './hash.js';
import type { SegmentIngestor } from './ingest.js';
import { startFromSegmentName, type DataLayout } from '../shared/data-layout.js';
import { quarantineFile } from './quarantine.js';
import { salvagePartialSegment } from './salvage.js';
import type { SegmentStore } from './store.js';

/**
 * Compares the index with the files (docs/design.md, "Invariants"). `inspect`
 * is read-only and is what `premises check` prints; `repair` applies the
 * start-up reconciliation. Neither ever deletes a recording: what cannot be
 * ingested is quarantined.
 */
export type DisagreementKind =
  | 'lost' // a row whose file is missing
  | 'damaged' // a row whose file has another size (or, with --hash, another sha256)
  | 'unindexed' // a complete file in place with no row
  | 'staging' // a file ffmpeg left in staging that no running recorder owns
  | 'open-run' // a run never closed (Premises stopped abruptly)
  | 'garbage' // a deletion not finished
  | 'stray'; // something in the recordings tree Premises did not write

export interface Disagreement {
  kind: DisagreementKind;
  cameraId: string | null;
  path: string | null;
  detail: string;
}

interface Found {
  finals: Map<string, string>; // relative path -> camera
  staging: { cameraId: string; runId: number; file: string }[];
  strays: string[];
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function walk(layout: DataLayout): Found {
  const found: Found = { finals: new Map(), staging: [], strays: [] };
  for (const camera of listDir(layout.recordingsRoot)) {
    if (camera.startsWith('.')) continue;
    const cameraDir = layout.cameraDir(camera);
    if (!statSync(cameraDir).isDirectory()) {
      found.strays.push(camera);
      continue;
    }
    for (const day of listDir(cameraDir)) {
      if (day === '.staging') {
        for (const run of listDir(join(cameraDir, day))) {
          const runId = Number(run);
          for (const name of listDir(join(cameraDir, day, run))) {
            const file = join(cameraDir, day, run, name);
            if (Number.isInteger(runId)) found.staging.push({ cameraId: camera, runId, file });
            else found.strays.push(relative(layout.recordingsRoot, file));
          }
        }
        continue;
      }
      const dayDir = join(cameraDir, day);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !statSync(dayDir).isDirectory()) {
        found.strays.push(relative(layout.recordingsRoot, dayDir));
        continue;
      }
      for (const name of listDir(dayDir)) {
        const rel = join(camera, day, name);
        if (startFromSegmentName(name) === undefined) found.strays.push(rel);
        else found.finals.set(rel, camera);
      }
    }
  }
  return found;
}

export interface InspectOptions {
  /** A recorder is running on this data: its open runs and their staging files are work in progress. */
  running: boolean;
  /** Re-hash every file (slow: reads all footage). */
  hash?: boolean;
}

export async function inspect(layout: DataLayout, store: SegmentStore, options: InspectOptions): Promise<Disagreement[]> {
  const out: Disagreement[] = [];
  const found = walk(layout);
  const openRuns = new Set(store.openRuns().map((r) => r.id));
  const garbage = store.garbagePaths();
  for (const row of store.allSegments()) {
    const abs = layout.absolute(row.path);
    found.finals.delete(row.path);
    if (!existsSync(abs)) {
      out.push({ kind: 'lost', cameraId: row.camera_id, path: row.path, detail: `segment ${row.id} has no file` });
      continue;
    }
    const size = statSync(abs).size;
    if (size !== row.bytes) {
      out.push({ kind: 'damaged', cameraId: row.camera_id, path: row.path, detail: `file has ${size} bytes, index says ${row.bytes}` });
    } else if (options.hash) {
      const { sha256 } = await hashFile(abs);
      if (sha256 !== row.sha256) out.push({ kind: 'damaged', cameraId: row.camera_id, path: row.path, detail: 'sha256 differs from the index' });
    }
  }
  for (const path of garbage) {
    found.finals.delete(path);
    out.push({ kind: 'garbage', cameraId: null, path, detail: 'deletion not finished' });
  }
  for (const [rel, camera] of found.finals) {
    out.push({ kind: 'unindexed', cameraId: camera, path: rel, detail: 'file has no index row' });
  }
  for (const staged of found.staging) {
    if (options.running && openRuns.has(staged.runId)) continue;
    out.push({ kind: 'staging', cameraId: staged.cameraId, path: relative(layout.recordingsRoot, staged.file), detail: `left by run ${staged.runId}` });
  }
  if (!options.running) {
    for (const run of store.openRuns()) {
      out.push({ kind: 'open-run', cameraId: run.camera_id, path: null, detail: `run ${run.id} was never closed` });
    }
  }
  for (const stray of found.strays) out.push({ kind: 'stray', cameraId: null, path: stray, detail: 'not written by Premises (left alone)' });
  return out;
}

export interface RepairDeps {
  db: Db;
  layout: DataLayout;
  store: SegmentStore;
  ingestor: SegmentIngestor;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  log: Logger;
  /** Who asked: `system` at start-up, `cli:<user>` for `premises check --repair`. */
  actor?: Actor;
}

export interface RepairSummary {
  garbageFinished: number;
  lost: number;
  damaged: number;
  ingested: number;
  quarantined: number;
  runsClosed: number;
  /** Partial segments cut at their last complete fragment before being ingested (their unfinished tail quarantined). */
  salvaged: number;
}

/** Start-up reconciliation. Must only run while no recorder writes to this data directory. */
export async function repair(deps: RepairDeps): Promise<RepairSummary> {
  const { db, layout, store, ingestor, audit, alarms, clock, log } = deps;
  const actor = deps.actor ?? 'system';
  const summary: RepairSummary = { garbageFinished: 0, lost: 0, damaged: 0, ingested: 0, quarantined: 0, runsClosed: 0, salvaged: 0 };
  summary.garbageFinished = finishGarbage(db, layout, log).files;
  const problems = await inspect(layout, store, { running: false });

  for (const p of problems) {
    if ((p.kind === 'lost' || p.kind === 'damaged') && p.path) {
      const row = store.segmentByPath(p.path);
      if (!row) continue;
      db.transaction(() => {
        if (p.kind === 'damaged') quarantineFile(layout, store, layout.absolute(p.path as string), row.camera_id, `does not match its index row: ${p.detail}`, clock.now());
        store.markLost(row, clock.now());
        audit.append({ actor, action: 'segment.lost', subject: `camera:${row.camera_id}`, details: { path: row.path, why: p.detail, start: row.start_ms, end: row.end_ms } });
      })();
      summary[p.kind] += 1;
    }
  }
  if (summary.lost + summary.damaged > 0) {
    alarms.raise('footage-lost', 'index', 'critical', `${summary.lost + summary.damaged} recorded segment(s) are missing or damaged on disk; see premises check`, summary);
  }

  for (const p of problems.filter((d) => d.kind === 'unindexed' && d.path)) {
    const rel = p.path as string;
    const abs = layout.absolute(rel);
    const cameraId = p.cameraId as string;
    const info = await probeMedia(abs).catch(() => undefined);
    const start = startFromSegmentName(rel.split('/').at(-1) ?? '');
    if (!info || info.durationMs <= 0 || start === undefined) {
      quarantineFile(layout, store, abs, cameraId, 'complete-looking file that cannot be read', clock.now());
      summary.quarantined += 1;
      continue;
    }
    const run = store.runCovering(cameraId, start) ?? { id: store.insertRun(cameraId, start) };
    const { sha256, bytes } = await hashFile(abs, { sync: true });
    db.transaction(() => {
      store.insertSegment({ camera_id: cameraId, run_id: run.id, start_ms: start, end_ms: start + info.durationMs, bytes, sha256, path: rel, recovered: 1 });
      audit.append({ actor, action: 'segment.recovered', subject: `camera:${cameraId}`, details: { path: rel } });
    })();
    summary.ingested += 1;
  }

  const stagedRuns = new Map<number, string>();
  for (const p of problems.filter((d) => d.kind === 'staging' && d.cameraId && d.path)) {
    const runId = Number((p.path as string).split('/').at(-2));
    if (store.run(runId)) {
      stagedRuns.set(runId, p.cameraId as string);
      if (await salvageStaged(deps, actor, p.cameraId as string, layout.absolute(p.path as string))) summary.salvaged += 1;
    } else {
      quarantineFile(layout, store, layout.absolute(p.path as string), p.cameraId, 'staged file of an unknown run', clock.now());
      summary.quarantined += 1;
    }
  }
  for (const [runId, cameraId] of stagedRuns) {
    const result = await ingestor.ingestLeftovers(cameraId, runId);
    summary.ingested += result.ingested;
    summary.quarantined += result.quarantined;
  }

  for (const run of store.openRuns()) {
    const last = store.lastSegmentOfRun(run.id);
    if (!last) {
      store.deleteEmptyRun(run.id);
      continue;
    }
    db.transaction(() => {
      store.endRun(run.id, last.end_ms, 'Premises stopped unexpectedly');
      audit.append({ actor, action: 'recording.stopped', subject: `camera:${run.camera_id}`, details: { run: run.id, reason: 'Premises stopped unexpectedly' } });
    })();
    summary.runsClosed += 1;
  }
  if (summary.quarantined > 0) log.warn({ quarantined: summary.quarantined }, 'files moved to quarantine; see premises check');
  return summary;
}

/**
 * The segment ffmpeg was writing when Premises, ffmpeg or the machine stopped:
 * keep its readable prefix (invariant 4). What cannot be read at all is left
 * as it is, for ingestLeftovers to quarantine whole.
 */
async function salvageStaged(deps: RepairDeps, actor: Actor, cameraId: string, file: string): Promise<boolean> {
  const { db, layout, store, audit, clock, log } = deps;
  if (!file.endsWith('.mp4')) return false;
  let result;
  try {
    result = await salvagePartialSegment(layout, store, file, cameraId, clock.now());
  } catch (err) {
    log.warn({ camera: cameraId, file: relative(layout.recordingsRoot, file), err: err instanceof Error ? err.message : String(err) }, 'cannot cut a partial segment; it is ingested or quarantined as it is');
    return false;
  }
  if (result.kind !== 'cut') return false;
  db.transaction(() => {
    audit.append({
      actor,
      action: 'segment.salvaged',
      subject: `camera:${cameraId}`,
      details: { staged: relative(layout.recordingsRoot, file), keptBytes: result.keptBytes, cutBytes: result.cutBytes, fragments: result.fragments, tail: relative(layout.recordingsRoot, result.quarantined) },
    });
  })();
  log.info({ camera: cameraId, keptBytes: result.keptBytes, cutBytes: result.cutBytes }, 'partial segment cut at its last complete fragment');
  return true;
}
