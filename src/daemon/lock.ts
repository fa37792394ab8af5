import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { PremisesError } from '../shared/errors.js';

/**
 * One Premises per data directory. The lock is a Linux abstract-namespace
 * socket named after the data directory: the kernel releases it the instant
 * the holder dies, even by SIGKILL, so there is no stale lock to clean up and
 * no PID-reuse guess. A pid file beside it only makes the refusal readable.
 */
export interface InstanceLock {
  release(): Promise<void>;
}

function lockName(dataDir: string): string {
  const real = realpathSync(dataDir);
  return `\0premises-${createHash('sha256').update(real).digest('hex').slice(0, 32)}`;
}

export async function acquireLock(dataDir: string, pidPath: string | undefined): Promise<InstanceLock> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') {
        reject(err);
        return;
      }
      let pid = 'unknown';
      try {
        if (pidPath) pid = readFileSync(pidPath, 'utf8').trim();
      } catch {
        // the other instance may not have written it yet
      }
      reject(
        new PremisesError(
          'FailedPrecondition',
          `another Premises (pid ${pid}) is already running on the data directory ${dataDir}; stop it first (systemctl stop premises)`,
        ),
      );
    });
    server.listen({ path: lockName(dataDir) }, () => resolve());
  });
  if (pidPath) writeFileSync(pidPath, `${process.pid}\n`);
  return {
    release: () =>
      new Promise<void>((resolve) => {
        if (pidPath) rmSync(pidPath, { force: true });
        server.close(() => resolve());
      }),
  };
}

/** True when some process holds the lock (`premises check` then knows recording is in progress). */
export async function isLocked(dataDir: string): Promise<boolean> {
  let lock: InstanceLock;
  try {
    lock = await acquireLock(dataDir, undefined);
  } catch (err) {
    if (err instanceof PremisesError) return true;
    throw err;
  }
  await lock.release();
  return false;
}
