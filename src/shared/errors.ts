/**
 * Errors carry a kind so every layer maps them the same way: the CLI to an
 * exit code, the API to an HTTP status. Messages are written for the owner
 * of a restaurant: say what is wrong and what to do next.
 */
export type ErrorKind =
  | 'InvalidArgument' // bad input from the user: config, CLI flags, API body
  | 'FailedPrecondition' // the request is valid but the state forbids it now
  | 'NotFound'
  | 'AlreadyExists'
  | 'PermissionDenied'
  | 'Unauthenticated'
  | 'Unavailable' // a camera or disk that may come back
  | 'DeadlineExceeded'
  | 'DataLoss' // footage or index damaged
  | 'ResourceExhausted' // the disk (or a quota) is full
  | 'StorageFault' // the disk refuses: read-only, I/O error, no write permission, too many open files
  | 'Internal';

export class PremisesError extends Error {
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;

  constructor(kind: ErrorKind, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PremisesError';
    this.kind = kind;
    this.details = details;
  }
}

export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'InvalidArgument':
      return 400;
    case 'Unauthenticated':
      return 401;
    case 'PermissionDenied':
      return 403;
    case 'NotFound':
      return 404;
    case 'AlreadyExists':
    case 'FailedPrecondition':
      return 409;
    case 'Unavailable':
    case 'StorageFault':
      return 503;
    case 'ResourceExhausted':
      return 507; // Insufficient Storage (RFC 4918)
    case 'DeadlineExceeded':
      return 504;
    case 'DataLoss':
    case 'Internal':
      return 500;
  }
}

/** CLI exit codes are part of the contract: 0 success, 1 failure, 2 usage error, 3 disk full, 4 disk refuses. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_DISK_FULL = 3;
export const EXIT_STORAGE_FAULT = 4;

export function exitCodeOf(kind: ErrorKind): number {
  if (kind === 'ResourceExhausted') return EXIT_DISK_FULL;
  if (kind === 'StorageFault') return EXIT_STORAGE_FAULT;
  return EXIT_FAILURE;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
