/**
 * Export progress as data: createExport emits these, the CLI draws its
 * progress bar from them and the API sends them as Server-Sent Events.
 *
 * Hashing the sources and copying run at the same time (the hash on a
 * worker thread), so `percent` weighs both: 47.5 % each, then signing.
 */
export type ExportPhase = 'hashing-sources' | 'copying' | 'signing';

export interface ExportProgress {
  phase: ExportPhase;
  /** Overall, 0–100, never going back. */
  percent: number;
  /** Source bytes re-hashed so far / in all. */
  hashed: { bytes: number; totalBytes: number; segments: number; totalSegments: number };
  /** Seconds of video written so far / in all; bytes of MP4 written. */
  copied: { seconds: number; totalSeconds: number; bytes: number; file: number; files: number };
  /** One line for a person: what is happening now. */
  message: string;
  /** A step finished or started (all sources read, a file started or complete, signing): worth a line in a log. */
  milestone: boolean;
}

export type ProgressListener = (p: ExportProgress) => void;

const HASH_SHARE = 47.5;
const COPY_SHARE = 47.5;

/** Keeps the running totals and turns them into events, at most one per `minPercentStep` unless the phase changes. */
export class ProgressTracker {
  private state: ExportProgress;
  private lastSentPercent = -1;
  private lastSentPhase: ExportPhase | undefined;

  constructor(
    private readonly listener: ProgressListener,
    totals: { sourceBytes: number; segments: number; seconds: number; files: number },
    private readonly minPercentStep = 1,
  ) {
    this.state = {
      phase: 'hashing-sources',
      percent: 0,
      hashed: { bytes: 0, totalBytes: totals.sourceBytes, segments: 0, totalSegments: totals.segments },
      copied: { seconds: 0, totalSeconds: totals.seconds, bytes: 0, file: 0, files: totals.files },
      message: 'starting',
      milestone: false,
    };
  }

  get current(): ExportProgress {
    return this.state;
  }

  hashed(bytes: number, segments: number): void {
    this.state.hashed = { ...this.state.hashed, bytes, segments };
    const all = segments === this.state.hashed.totalSegments;
    this.update('hashing-sources', `checking source segments: ${segments}/${this.state.hashed.totalSegments}`, all);
  }

  fileStarted(file: number, label: string): void {
    this.state.copied = { ...this.state.copied, file };
    this.update('copying', label, true);
  }

  /** `fileFraction`: how far the current file is (for the message). `done` forces an event (the file is complete). */
  copied(secondsInAll: number, bytesInAll: number, fileFraction: number, done = false): void {
    this.state.copied = { ...this.state.copied, seconds: secondsInAll, bytes: bytesInAll };
    const c = this.state.copied;
    this.update('copying', `file ${c.file}/${c.files}: ${done ? 100 : Math.min(99, Math.floor(fileFraction * 100))}%`, done);
  }

  signing(): void {
    this.update('signing', 'writing and signing the manifest', true);
  }

  private update(phase: ExportPhase, message: string, force = false): void {
    const h = this.state.hashed;
    const c = this.state.copied;
    let percent = Math.floor(HASH_SHARE * fraction(h.bytes, h.totalBytes) + COPY_SHARE * fraction(c.seconds, c.totalSeconds));
    if (phase === 'signing') percent = Math.floor(HASH_SHARE + COPY_SHARE);
    percent = Math.max(this.state.percent, Math.min(99, percent));
    this.state = { ...this.state, phase, percent, message, milestone: force };
    if (force || phase !== this.lastSentPhase || percent - this.lastSentPercent >= this.minPercentStep) {
      this.lastSentPercent = percent;
      this.lastSentPhase = phase;
      this.listener(this.state);
    }
  }
}

function fraction(done: number, total: number): number {
  return total > 0 ? Math.min(1, done / total) : 1;
}

/** The CLI's bar: `[#########-----------]  45%  checking source segments: 120/360`. */
export function progressBar(p: Pick<ExportProgress, 'percent' | 'message'>, width = 30): string {
  const filled = Math.round((p.percent / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(p.percent).padStart(3)}%  ${p.message}`;
}
