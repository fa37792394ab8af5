import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { OnvifError } from '../../src/cameras/onvif/errors.js';
import { cameraTimeOf, chooseProfiles, codecOf, profilesOf, type MediaProfile } from '../../src/cameras/onvif/onboard.js';
import { cameraText, createdTimestamp, envelope, passwordDigest, usernameToken } from '../../src/cameras/onvif/soap.js';
import { parseXml, textAt } from '../../src/cameras/onvif/xml.js';

const require = createRequire(import.meta.url);

void describe('WS-UsernameToken', () => {
  void it('computes the same PasswordDigest as node-onvif for its nonce and timestamp', async () => {
    const soap = require('node-onvif/lib/modules/soap.js') as { _createSoapUserToken(diff: number, user: string, pass: string): string };
    const theirs = soap._createSoapUserToken(120_000, 'admin', 'p4ss');
    const root = await parseXml(`<r>${theirs}</r>`);
    const nonce = Buffer.from(textAt(root, 'Security', 'UsernameToken', 'Nonce') ?? '', 'base64');
    const created = textAt(root, 'Security', 'UsernameToken', 'Created') ?? '';
    assert.equal(passwordDigest(nonce, created, 'p4ss'), textAt(root, 'Security', 'UsernameToken', 'Password'));
  });

  void it('dates the token in the camera\'s time and escapes the user name', async () => {
    assert.equal(createdTimestamp(Date.UTC(2026, 10, 26, 12, 0, 0, 456), 120_000), '2026-11-26T12:02:00Z');
    const token = usernameToken('a<b>&"c', 'pw', '2026-11-26T12:02:00Z', Buffer.alloc(16, 1));
    const root = await parseXml(envelope('<x/>', token));
    assert.equal(textAt(root, 'Header', 'Security', 'UsernameToken', 'Username'), 'a<b>&"c');
    assert.equal(textAt(root, 'Header', 'Security', 'UsernameToken', 'Created'), '2026-11-26T12:02:00Z');
  });

  void it('keeps camera text printable and bounded', () => {
    assert.equal(cameraText('a\u0000b\nc'), 'a b c');
    assert.equal(cameraText('x'.repeat(300), 10), `${'x'.repeat(10)}…`);
  });
});

void describe('onboarding answers', () => {
  void it('reads the camera time from GetSystemDateAndTime', async () => {
    const r = await parseXml(
      '<R><SystemDateAndTime><UTCDateTime><Time><Hour>13</Hour><Minute>5</Minute><Second>9</Second></Time><Date><Year>2026</Year><Month>11</Month><Day>26</Day></Date></UTCDateTime></SystemDateAndTime></R>',
    );
    assert.equal(cameraTimeOf(r), Date.UTC(2026, 10, 26, 13, 5, 9));
    assert.equal(cameraTimeOf(await parseXml('<R><SystemDateAndTime/></R>')), undefined);
    assert.equal(cameraTimeOf(await parseXml('<R><SystemDateAndTime><UTCDateTime><Time><Hour>x</Hour></Time></UTCDateTime></SystemDateAndTime></R>')), undefined);
  });

  void it('reads profiles with codec and resolution, skipping ones without video', async () => {
    const r = await parseXml(
      '<R><Profiles token="a"><Name>A</Name><VideoEncoderConfiguration><Encoding>H264</Encoding><Resolution><Width>1920</Width><Height>1080</Height></Resolution></VideoEncoderConfiguration></Profiles>' +
        '<Profiles token="audio"><Name>Audio only</Name></Profiles>' +
        '<Profiles token="b"><VideoEncoderConfiguration><Encoding>H265</Encoding></VideoEncoderConfiguration></Profiles></R>',
    );
    const p = profilesOf(r);
    assert.deepEqual(p.map((x) => [x.token, x.codec, x.width, x.height]), [
      ['a', 'H264', 1920, 1080],
      ['b', 'H265', undefined, undefined],
    ]);
    assert.equal(codecOf('hevc'), 'H265');
    assert.equal(codecOf('MJPEG'), 'JPEG');
  });

  const P = (token: string, codec: MediaProfile['codec'], w: number, h: number): MediaProfile => ({ token, name: token, codec, encoding: codec, width: w, height: h });

  void it('records the largest H.264 profile and shows the smallest other one live', () => {
    const c = chooseProfiles([P('sub', 'H264', 640, 360), P('hevc', 'H265', 3840, 2160), P('main', 'H264', 1920, 1080), P('mid', 'H264', 1280, 720)]);
    assert.equal(c.main.token, 'main');
    assert.equal(c.sub?.token, 'sub');
    assert.equal(c.h265Only, false);
  });

  void it('flags an H.265-only camera, honours a chosen profile, refuses cameras without H.264/H.265', () => {
    const hevc = chooseProfiles([P('a', 'H265', 1920, 1080), P('j', 'JPEG', 640, 480)]);
    assert.equal(hevc.h265Only, true);
    assert.equal(hevc.sub, undefined);
    assert.equal(chooseProfiles([P('a', 'H264', 1920, 1080), P('b', 'H264', 640, 360)], 'b').main.token, 'b');
    assert.throws(() => chooseProfiles([P('a', 'H264', 1920, 1080)], 'zzz'), (e: OnvifError) => e.code === 'unsupported');
    assert.throws(() => chooseProfiles([P('j', 'JPEG', 640, 480)]), (e: OnvifError) => e.code === 'unsupported');
  });
});
