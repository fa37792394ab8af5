import { redactSecrets } from '../shared/redact.js';

/**
 * The last lines ffmpeg wrote to stderr, kept per camera so that when it exits
 * the log says why. Lines are redacted as they arrive: the input URL (with
 * credentials) appears in ffmpeg's own messages.
 */
export class StderrRing {
  private lines: string[] = [];

  constructor(
    private readonly capacity = 100,
    private readonly secrets: readonly string[] = [],
  ) {}

  push(line: string): string {
    const clean = redactSecrets(line, this.secrets);
    this.lines.push(clean);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    return clean;
  }

  tail(n = this.capacity): string[] {
    return this.lines.slice(-n);
  }

  clear(): void {
    this.lines = [];
  }
}
