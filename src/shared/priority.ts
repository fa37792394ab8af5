import { readdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Work that may wait (a redaction's detection and rendering) runs at this nice value, so that when the
 * CPU is short the recorder's ffmpegs (nice 0) are scheduled first and lose nothing; the waiting work
 * just takes longer. The activity indexer's ffmpegs use the same value (src/activity/sampler.ts).
 */
export const BACKGROUND_NICE = 10;

function lower(id: number): void {
  try {
    setPriority(id, BACKGROUND_NICE);
  } catch {
    // not permitted, or already gone: the work still runs, at normal priority
  }
}

/**
 * A child process just spawned. On Linux a nice value belongs to a thread: this sets the child's first
 * thread, which every thread it starts afterwards (ffmpeg's decoder and encoder threads) inherits.
 */
export function runChildInBackground(pid: number | undefined): void {
  if (pid !== undefined) lower(pid);
}

/**
 * This whole process (a CLI command doing background work): every thread it has now, and through the
 * main thread every thread and child process it starts later.
 */
export function runProcessInBackground(): void {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    tids = ['0'];
  }
  for (const tid of tids) lower(Number(tid));
}

/**
 * The calling thread only (a worker thread of the daemon doing background work, such as a redaction's
 * detectors): the daemon's own thread, which serves the dashboard and supervises the recorder, keeps its
 * priority. /proc/thread-self names the calling thread's kernel id ("<pid>/task/<tid>").
 */
export function runThisThreadInBackground(): void {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return; // no /proc: the work runs at normal priority
  }
  if (Number.isInteger(tid) && tid > 0) lower(tid);
}
