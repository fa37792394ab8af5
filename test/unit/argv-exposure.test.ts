import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { argvExposureWarning, procHidesOtherUsersProcesses } from '../../src/recorder/argv-exposure.js';

const line = (mountPoint: string, superOptions: string) => `22 27 0:21 / ${mountPoint} rw,nosuid,nodev,noexec,relatime shared:12 - proc proc ${superOptions}`;

describe('camera passwords in ffmpeg command lines', () => {
  it('knows when /proc hides other users\' processes', () => {
    assert.equal(procHidesOtherUsersProcesses(line('/proc', 'rw')), false);
    assert.equal(procHidesOtherUsersProcesses(line('/proc', 'rw,hidepid=invisible')), true, 'systemd ProtectProc=invisible');
    assert.equal(procHidesOtherUsersProcesses(line('/proc', 'rw,hidepid=2,gid=4')), true);
    assert.equal(procHidesOtherUsersProcesses(line('/proc', 'rw,hidepid=noaccess')), true);
    assert.equal(procHidesOtherUsersProcesses(line('/proc', 'rw,hidepid=0')), false);
    assert.equal(procHidesOtherUsersProcesses(line('/srv/chroot/proc', 'rw,hidepid=2')), false, 'another proc mount is not ours');
    assert.equal(procHidesOtherUsersProcesses(''), false);
  });

  it('warns only when a camera has a password and /proc shows command lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'premises-mountinfo-'));
    const open = join(dir, 'open');
    const hidden = join(dir, 'hidden');
    writeFileSync(open, `${line('/', 'rw')}\n${line('/proc', 'rw')}\n`);
    writeFileSync(hidden, `${line('/proc', 'rw,hidepid=invisible')}\n`);
    assert.match(argvExposureWarning(true, open) ?? '', /other users of this machine can read/);
    assert.equal(argvExposureWarning(true, hidden), null);
    assert.equal(argvExposureWarning(false, open), null);
    assert.equal(argvExposureWarning(true, join(dir, 'missing')), null);
  });
});
