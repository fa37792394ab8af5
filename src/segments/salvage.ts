import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fsyncDir } from '../shared/fsync.js';
import type { DataLayout } from '../shared/data-layout.js';
import type { SegmentStore } from './store.js';

/**
 * Recovering the readable prefix of a segment ffmpeg was writing when it, or
 * the machine, stopped (docs/design.md, invariant 4).
 *
 * ffmpeg writes fragmented MP4: ftyp, moov (no samples), then moof+mdat pairs,
 * each pair handed to the kernel whole once the fragment is complete
 * (src/recorder/ffmpeg-args.ts). A kill or a power cut can leave the file
 * ending inside a fragment: a half-written moof or mdat, or a moof whose mdat
 * never came. Everything before that is playable; the unfinished rest is not.
 */
export interface FragmentScan {
  /** Bytes up to the end of the last complete moof+mdat pair (or other complete box after it). */
  readableBytes: number;
  /** Complete moof+mdat pairs. */
  fragments: number;
  /** ftyp and moov are both complete: without them nothing can be read. */
  hasInit: boolean;
  fileBytes: number;
}

const HEADER = 16;

/** Walk the top-level boxes of a file by their headers, without reading the media. Pure apart from the reads. */
export async function scanFragments(handle: FileHandle): Promise<FragmentScan> {
  const fileBytes = (await handle.stat()).size;
  const header = Buffer.alloc(HEADER);
  let offset = 0;
  let readableBytes = 0;
  let fragments = 0;
  let sawFtyp = false;
  let sawMoov = false;
  let pendingMoof = false;
  while (fileBytes - offset >= 8) {
    const { bytesRead } = await handle.read(header, 0, HEADER, offset);
    let size = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    let headerBytes = 8;
    if (size === 1) {
      if (bytesRead < 16) break;
      size = Number(header.readBigUInt64BE(8));
      headerBytes = 16;
    }
    // Size 0 ("to the end of the file") is never written by ffmpeg here; after a power cut it means zeroed blocks.
    if (size < headerBytes || !/^[a-z0-9 ]{4}$/i.test(type) || offset + size > fileBytes) break;
    offset += size;
    if (type === 'ftyp') sawFtyp = true;
    else if (type === 'moov') sawMoov = true;
    if (type === 'moof') {
      pendingMoof = true;
      continue;
    }
    if (type === 'mdat' && pendingMoof) fragments += 1;
    pendingMoof = false;
    readableBytes = offset;
  }
  return { readableBytes, fragments, hasInit: sawFtyp && sawMoov, fileBytes };
}

export type SalvageResult =
  | { kind: 'whole' } // nothing to cut: every box is complete
  | { kind: 'cut'; keptBytes: number; cutBytes: number; fragments: number; quarantined: string }
  | { kind: 'unreadable' }; // no complete init or fragment: the caller quarantines the file as it is

/**
 * Cut a partial staged segment at the end of its last complete fragment.
 * The unfinished tail is not thrown away: it goes to quarantine first (its own
 * file, fsynced and recorded), and only then is the segment truncated and
 * fsynced. A crash between the two leaves the segment untouched; the next
 * start cuts it again, at worst quarantining the same tail twice.
 */
export async function salvagePartialSegment(layout: DataLayout, store: SegmentStore, file: string, cameraId: string, now: number): Promise<SalvageResult> {
  const handle = await open(file, 'r+');
  try {
    const scan = await scanFragments(handle);
    if (!scan.hasInit || scan.fragments === 0) return { kind: 'unreadable' };
    if (scan.readableBytes === scan.fileBytes) return { kind: 'whole' };
    const cutBytes = scan.fileBytes - scan.readableBytes;
    const quarantined = await quarantineTail(layout, store, handle, file, cameraId, scan.readableBytes, cutBytes, now);
    await handle.truncate(scan.readableBytes);
    await handle.sync();
    return { kind: 'cut', keptBytes: scan.readableBytes, cutBytes, fragments: scan.fragments, quarantined };
  } finally {
    await handle.close();
  }
}

async function quarantineTail(
  layout: DataLayout,
  store: SegmentStore,
  source: FileHandle,
  file: string,
  cameraId: string,
  from: number,
  bytes: number,
  now: number,
): Promise<string> {
  const dir = join(layout.quarantineDir, cameraId);
  mkdirSync(dir, { recursive: true });
  const stamp = new Date(now).toISOString().replaceAll(':', '').replaceAll('-', '');
  const target = join(dir, `${stamp}-${basename(file)}.unfinished-fragment`);
  const tail = Buffer.alloc(bytes);
  await source.read(tail, 0, bytes, from);
  const out = await open(target, 'w');
  try {
    await out.writeFile(tail);
    await out.sync();
  } finally {
    await out.close();
  }
  fsyncDir(dir);
  store.recordQuarantine({
    cameraId,
    path: relative(layout.recordingsRoot, target),
    original: relative(layout.recordingsRoot, file),
    reason: `unfinished last fragment (${bytes} bytes from offset ${from}) cut from a segment recovered after Premises stopped unexpectedly`,
    bytes,
    now,
  });
  return target;
}
