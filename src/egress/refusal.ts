/**
 * The destination is not the one the policy pins (host key, certificate) or
 * not there (drive not mounted): the transfer is refused, not merely failed,
 * and nothing was sent.
 */
export class DestinationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestinationRefused';
  }
}

/** Progress callback: bytes of footage and manifest sent so far. */
export type OnBytes = (sent: number) => void;
