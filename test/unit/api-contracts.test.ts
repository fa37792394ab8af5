import assert from 'node:assert/strict';
import express, { type NextFunction, type Request, type Response } from 'express';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { AccessBody, AddBoxBody, AddCameraBody, MarkTrackBody, NewExportBody, NewHoldBody, NewPolicyBody, PickRequesterBody, PublishRedactionBody, StartRedactionBody } from '../../src/api/contracts/index.js';
import { sendError } from '../../src/api/http-util.js';
import { bodyOf, parseWith } from '../../src/api/validate.js';
import { PremisesError } from '../../src/shared/errors.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const hour = { from: '2026-11-26T14:00:00Z', to: '2026-11-26T15:00:00Z' };

function refusal(fn: () => unknown): { message: string; fields: unknown } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PremisesError, String(err));
    assert.equal(err.kind, 'InvalidArgument');
    return { message: err.message, fields: err.details?.['fields'] };
  }
  assert.fail('the body was accepted');
}

describe('request contracts', () => {
  it('name the field at fault and say what is wrong in plain words', () => {
    assert.deepEqual(refusal(() => parseWith(NewHoldBody, { cameras: ['door'], ...hour })), { message: 'reason is required', fields: ['reason'] });
    assert.deepEqual(refusal(() => parseWith(NewHoldBody, { cameras: ['door'], ...hour, reason: 7 })), { message: 'reason must be text', fields: ['reason'] });
    assert.deepEqual(refusal(() => parseWith(NewHoldBody, { cameras: ['door'], ...hour, reason: 'x'.repeat(1001) })), {
      message: 'reason is too long (1000 characters at most)',
      fields: ['reason'],
    });
    const time = refusal(() => parseWith(NewHoldBody, { cameras: ['door'], from: 'yesterday', to: hour.to, reason: 'fight' }));
    assert.deepEqual(time, { message: 'from must be a date and time like 2026-11-26T14:30:00Z', fields: ['from'] });
    assert.deepEqual(refusal(() => parseWith(NewHoldBody, { ...hour, reason: 'fight' })), { message: 'cameras must name at least one camera', fields: ['cameras'] });
  });

  it('give nested paths and every field at fault', () => {
    const r = refusal(() => parseWith(AccessBody, { role: 'boss', cameras: { door: 5 } }));
    assert.deepEqual(r.fields, ['role', 'cameras.door']);
    assert.match(r.message, /^role must be one of owner, manager, viewer; cameras\.door must be an object/);
    assert.deepEqual(refusal(() => parseWith(NewExportBody, { cameras: 'door', ...hour, redactions: [3] })).fields, ['redactions.0']);
    assert.match(refusal(() => parseWith(NewPolicyBody, { name: 'p', kind: 'ftp' })).message, /kind must be folder, sftp, https, download or backup/);
    assert.match(refusal(() => parseWith(AddCameraBody, { name: 'x' })).message, /^xaddr or rtsp: give one of the two/);
    assert.match(refusal(() => parseWith(AddCameraBody, { xaddr: 'http://10.0.0.5/onvif/device_service', subRtsp: 'rtsp://10.0.0.5/s2' })).message, /^subRtsp goes with rtsp/);
    assert.equal(parseWith(AddCameraBody, { rtsp: 'rtsp://10.0.0.5/s1', subRtsp: 'rtsp://10.0.0.5/s2' }).subRtsp, 'rtsp://10.0.0.5/s2');
    assert.match(refusal(() => parseWith(NewHoldBody, [1])).message, /^the request body must be an object/);
  });

  it('redaction bodies: whole pixels, a known role, the access request by number; no requester only when said', () => {
    assert.deepEqual(refusal(() => parseWith(PickRequesterBody, { camera: 'door', at: hour.from, x: 10.5, y: 3 })), { message: 'x must be a whole number of pixels', fields: ['x'] });
    assert.deepEqual(refusal(() => parseWith(AddBoxBody, { camera: 'door', ...hour, x: -1, y: 0, w: 9, h: 9 })).fields, ['x']);
    assert.match(refusal(() => parseWith(MarkTrackBody, { track: 3, role: 'stranger' })).message, /^role must be one of requester, bystander, not-a-face/);
    assert.deepEqual(refusal(() => parseWith(StartRedactionBody, { legalBasis: 'x' })).fields, ['request']);
    const start = parseWith(StartRedactionBody, { request: 4, legalBasis: 'PIPA s.23', cameras: '', reason: '' });
    assert.deepEqual({ request: start.request, cameras: start.cameras, from: start.from, reason: start.reason }, { request: 4, cameras: undefined, from: undefined, reason: undefined });
    assert.equal(parseWith(PublishRedactionBody, {}).allBlurred, false);
    assert.equal(parseWith(PublishRedactionBody, { allBlurred: 'yes' }).allBlurred, false, 'only a JSON true publishes with every face blurred');
    assert.equal(parseWith(PublishRedactionBody, { allBlurred: true }).allBlurred, true);
  });

  it('accept what the dashboard sends, blanks as not given', () => {
    const hold = parseWith(NewHoldBody, { camera: 'door, bar,door', ...hour, reason: 'fight', kind: '', review: null });
    assert.deepEqual(
      { cameras: hold.cameras, from: hold.from, to: hold.to, reason: hold.reason, kind: hold.kind, review: hold.review },
      { cameras: ['door', 'bar'], from: Date.parse(hour.from), to: Date.parse(hour.to), reason: 'fight', kind: undefined, review: undefined },
    );
    assert.ok(!('camera' in hold), 'camera and cameras become one list');
    const policy = parseWith(NewPolicyBody, {
      name: 'accountant',
      kind: 'sftp',
      host: 'h',
      path: '/in',
      user: 'u',
      keyFile: '/k',
      hostKeyFingerprint: 'SHA256:x',
      recipientOrg: 'A',
      country: 'CA',
      legalBasis: 'contract',
      expiresAt: '2027-01-31T00:00:00Z',
    });
    assert.equal(policy.kind, 'sftp');
    assert.equal(policy.kind === 'sftp' ? policy.port : 0, 22);
    assert.equal(policy.data, undefined, 'not given: the route defaults by kind (exports, or backups for a backup policy)');
    assert.equal(policy.requiresApproval, false);
  });

  it('answer 400 over HTTP with the message and the fields', async () => {
    const app = express();
    app.use(express.json());
    app.post('/hold', (req, res) => {
      res.json(bodyOf(req, NewHoldBody));
    });
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => sendError(res, err));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hold`;
      const bad = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ cameras: ['door'], ...hour }) });
      assert.equal(bad.status, 400);
      assert.deepEqual(await bad.json(), { error: 'reason is required', kind: 'InvalidArgument', fields: ['reason'] });
      const empty = await fetch(url, { method: 'POST' });
      assert.equal(empty.status, 400, 'no body at all is checked as {}');
      const ok = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ cameras: ['door'], ...hour, reason: 'fight' }) });
      assert.equal(ok.status, 200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('import nothing of Premises but each other, so the dashboard can import their types', () => {
    const dir = join(ROOT, 'src/api/contracts');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const imports = [...readFileSync(join(dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const i of imports) assert.ok(i === 'zod' || /^\.\/[a-z-]+\.js$/.test(i ?? ''), `${f} imports ${i}`);
    }
  });
});
