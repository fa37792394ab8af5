import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Alarms } from '../../src/alarms/alarms.js';
import { AuditLog } from '../../src/audit/log.js';
import { fromOnvifPoint, isAxisRectangle, parseMaskOptions, parseMasks, planCameraMasks, toOnvifPoint, createMaskBody } from '../../src/cameras/onvif/masks.js';
import { parseXml } from '../../src/cameras/onvif/xml.js';
import { parseConfig } from '../../src/config/load.js';
import { openDb } from '../../src/db/open.js';
import type { MaskDecision } from '../../src/recorder/camera-masks.js';
import { rasterizePolygons, type Point } from '../../src/recorder/mask.js';
import { CHECK_HEIGHT, CHECK_WIDTH, checkMasksDark } from '../../src/recorder/mask-verify.js';
import { estimateMaskCost, MASK_COST_1080P15, MASK_COST_360P15 } from '../../src/recorder/mask-cost.js';
import { Recorder } from '../../src/recorder/recorder.js';
import { configCameras } from '../../src/recorder/sources.js';
import { FakeClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { FakeSink, FakeSpawner } from '../support/fake-recorder.js';

const OPTIONS = { maxMasks: 4, maxPoints: 8, types: ['Color', 'Pixelated'], rectangleOnly: false };
const LEFT: Point[] = [[0, 0], [0.4, 0], [0.4, 1], [0, 1]];

describe('ONVIF mask coordinates', () => {
  it('maps the top-left origin, y-down unit square onto -1..1 with y up', () => {
    assert.deepEqual(toOnvifPoint([0, 0]), { x: -1, y: 1 });
    assert.deepEqual(toOnvifPoint([1, 1]), { x: 1, y: -1 });
    assert.deepEqual(toOnvifPoint([0.5, 0.5]), { x: 0, y: 0 });
    assert.deepEqual(toOnvifPoint([0.25, 0.1]), { x: -0.5, y: 0.8 });
    for (const p of [[0.13, 0.77], [0.9, 0.01]] as Point[]) assert.deepEqual(fromOnvifPoint(toOnvifPoint(p)), p);
  });

  it('writes CreateMask as a solid black, enabled polygon with the points in order', () => {
    const body = createMaskBody('vsc<1>', LEFT.map(toOnvifPoint));
    assert.match(body, /<tr2:ConfigurationToken>vsc&lt;1&gt;<\/tr2:ConfigurationToken>/);
    assert.match(body, /<tt:Point x="-1" y="1"\/><tt:Point x="-0.2" y="1"\/><tt:Point x="-0.2" y="-1"\/><tt:Point x="-1" y="-1"\/>/);
    assert.match(body, /<tr2:Type>Color<\/tr2:Type>.*X="0" Y="0" Z="0".*<tr2:Enabled>true<\/tr2:Enabled>/);
  });
});

describe('planning masks for what the camera can hold', () => {
  it('accepts polygons within MaxMasks and MaxPoints', () => {
    const plan = planCameraMasks([LEFT], OPTIONS, 0);
    assert.ok(plan.ok);
    assert.deepEqual(plan.polygons[0]?.[0], { x: -1, y: 1 });
  });
  it('refuses too many masks, counting the ones already on the camera', () => {
    const plan = planCameraMasks([LEFT, LEFT], OPTIONS, 3);
    assert.equal(plan.ok, false);
    assert.match(plan.ok ? '' : plan.reason, /at most 4 masks \(3 of its 4 are already used/);
  });
  it('refuses polygons with more points than the camera takes', () => {
    const many: Point[] = Array.from({ length: 9 }, (_, i) => [0.5 + 0.3 * Math.cos(i), 0.5 + 0.3 * Math.sin(i)] as Point);
    const plan = planCameraMasks([many], OPTIONS, 0);
    assert.match(plan.ok ? '' : plan.reason, /9 points; the camera takes at most 8/);
  });
  it('refuses a camera without solid colour masks (blurred or pixelated ones can be read through)', () => {
    const plan = planCameraMasks([LEFT], { ...OPTIONS, types: ['Blurred', 'Pixelated'] }, 0);
    assert.match(plan.ok ? '' : plan.reason, /not solid colour/);
  });
  it('takes only rectangles from a RectangleOnly camera', () => {
    assert.ok(isAxisRectangle(LEFT));
    assert.equal(isAxisRectangle([[0.8, 1], [1, 0.6], [1, 1], [0.8, 0.6]]), false, 'crossed edges');
    assert.equal(planCameraMasks([LEFT], { ...OPTIONS, rectangleOnly: true }, 0).ok, true);
    assert.equal(planCameraMasks([[[0.8, 1], [1, 0.6], [1, 1]]], { ...OPTIONS, rectangleOnly: true }, 0).ok, false);
  });
});

describe('reading hostile mask answers', () => {
  it('reads options and masks, capping absurd numbers', async () => {
    const options = parseMaskOptions(
      await parseXml('<R><Options RectangleOnly="true"><MaxMasks>99999</MaxMasks><MaxPoints>6</MaxPoints><Types>Color</Types><Types>&lt;script&gt;</Types></Options></R>'),
    );
    assert.deepEqual(options, { maxMasks: 64, maxPoints: 6, types: ['Color'], rectangleOnly: true });
    const masks = parseMasks(await parseXml('<R><Masks token="m1"><ConfigurationToken>vsc</ConfigurationToken><Polygon><Point x="-1" y="1"/><Point x="0.5" y="-0.25"/></Polygon><Type>Color</Type><Enabled>true</Enabled></Masks></R>'));
    assert.deepEqual(masks, [{ token: 'm1', configurationToken: 'vsc', polygon: [{ x: -1, y: 1 }, { x: 0.5, y: -0.25 }], type: 'Color', enabled: true }]);
  });
  it('refuses missing options, non-numeric limits, bad tokens and bad coordinates', async () => {
    await assert.rejects(async () => parseMaskOptions(await parseXml('<R/>')), /no Options/);
    await assert.rejects(async () => parseMaskOptions(await parseXml('<R><Options><MaxMasks>-1</MaxMasks><MaxPoints>4</MaxPoints></Options></R>')), /MaxMasks/);
    await assert.rejects(async () => parseMasks(await parseXml(`<R><Masks token="${'x'.repeat(65)}"><ConfigurationToken>v</ConfigurationToken></Masks></R>`)), /token/);
    await assert.rejects(async () => parseMasks(await parseXml('<R><Masks token="m"><ConfigurationToken>v</ConfigurationToken><Polygon><Point x="1e999999" y="0"/></Polygon></Masks></R>')), /not a number/);
  });
});

describe('the snapshot check', () => {
  const picture = (fill: (x: number, y: number) => number) => {
    const px = new Uint8Array(CHECK_WIDTH * CHECK_HEIGHT);
    for (let y = 0; y < CHECK_HEIGHT; y += 1) for (let x = 0; x < CHECK_WIDTH; x += 1) px[y * CHECK_WIDTH + x] = fill(x, y);
    return px;
  };
  const masked = rasterizePolygons([LEFT], CHECK_WIDTH, CHECK_HEIGHT);
  it('passes when the masked area is black and the rest is lit', () => {
    const r = checkMasksDark(picture((x, y) => (masked[y * CHECK_WIDTH + x] ? 16 : 200)), [LEFT]);
    assert.ok(r.ok);
  });
  it('passes with a soft edge (scaling and JPEG blur the boundary)', () => {
    const edge = Math.round(0.4 * CHECK_WIDTH);
    const r = checkMasksDark(picture((x) => (x < edge - 1 ? 16 : x === edge - 1 ? 120 : 200)), [LEFT]);
    assert.ok(r.ok);
  });
  it('fails when anything bright shows inside the mask', () => {
    const r = checkMasksDark(picture((x, y) => (masked[y * CHECK_WIDTH + x] ? (x === 40 && y === 90 ? 255 : 16) : 200)), [LEFT]);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /still shows the masked area/);
  });
  it('fails when the mask is mirrored (a camera reading y the other way)', () => {
    const top: Point[] = [[0, 0], [1, 0], [1, 0.3], [0, 0.3]];
    const mirrored = rasterizePolygons([[[0, 0.7], [1, 0.7], [1, 1], [0, 1]]], CHECK_WIDTH, CHECK_HEIGHT);
    assert.equal(checkMasksDark(picture((x, y) => (mirrored[y * CHECK_WIDTH + x] ? 16 : 200)), [top]).ok, false);
  });
  it('fails on a picture dark everywhere: nothing is proved', () => {
    const r = checkMasksDark(picture(() => 10), [LEFT]);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /dark everywhere/);
  });
});

describe('expected CPU cost of masking in Premises', () => {
  it('reproduces the measured figures and scales with pixels per second', () => {
    assert.equal(estimateMaskCost({ width: 1920, height: 1080, fps: 15 }).percentOfCore, MASK_COST_1080P15);
    assert.equal(estimateMaskCost({ width: 640, height: 360, fps: 15 }).percentOfCore, MASK_COST_360P15);
    const p720 = estimateMaskCost({ width: 1280, height: 720, fps: 15 }).percentOfCore;
    assert.ok(p720 > MASK_COST_360P15 && p720 < MASK_COST_1080P15);
    assert.ok(estimateMaskCost({ width: 1920, height: 1080, fps: 30 }).percentOfCore > MASK_COST_1080P15 * 1.8);
  });
  it('assumes 1080p15 when the resolution is unknown, and says so', () => {
    const c = estimateMaskCost({});
    assert.equal(c.assumed, true);
    assert.equal(c.percentOfCore, MASK_COST_1080P15);
  });
});

describe('the recorder records by stream copy only when the camera masks itself', () => {
  const CONFIG = `
business:
  name: Bistro
  address: 1 Test St
  contact: { name: Manager, phone: "604 555 0100" }
cameras:
  - id: till
    rtsp: rtsp://10.0.0.9/s
    purposes: ["Investigate till discrepancies at the cash desk"]
    area: cash
    signage: { location: Door, date: "2026-01-01", confirmedBy: Manager }
    masks:
      - polygon: [[0, 0], [0.4, 0], [0.4, 1], [0, 1]]
`;
  const run = async (decision: MaskDecision | 'throws') => {
    const { config, problems } = parseConfig(CONFIG);
    assert.ok(config, JSON.stringify(problems));
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 12));
    const db = openDb(':memory:');
    const spawner = new FakeSpawner();
    const dir = mkdtempSync(join(tmpdir(), 'premises-mask-unit-'));
    const asked: string[] = [];
    const recorder = new Recorder(config, {
      clock,
      spawner,
      sink: new FakeSink(),
      alarms: new Alarms(db, new AuditLog(db, clock), clock),
      log: silentLogger(),
      decide: () => ({ camera: 'till', record: true, stream: true, audio: false, reasons: [], recheckAt: undefined }),
      maskDir: dir,
      chooseMasks: (id) => {
        asked.push(id);
        return decision === 'throws' ? Promise.reject(new Error('boom')) : Promise.resolve(decision);
      },
    });
    recorder.startAll(configCameras(config.cameras, '/etc/premises/premises.yaml', {}));
    for (let i = 0; i < 5; i += 1) await new Promise<void>((r) => setImmediate(r));
    const args = spawner.argv[0] ?? [];
    const health = recorder.health()[0];
    await recorder.stopAll();
    rmSync(dir, { recursive: true, force: true });
    return { args, asked, health };
  };

  it('camera verified: stream copy, no mask image', async () => {
    const { args, asked, health } = await run({ method: 'camera', verifiedAt: 1, reason: null });
    assert.deepEqual(asked, ['till']);
    assert.ok(args.includes('copy') && !args.includes('libx264'), args.join(' '));
    assert.equal(health?.masking?.method, 'camera');
  });
  it('not verified: Premises re-encodes with the mask image', async () => {
    const { args, health } = await run({ method: 'premises', verifiedAt: null, reason: 'snapshot still shows it' });
    assert.ok(args.includes('libx264') && args.some((a) => a.endsWith('till.pam')), args.join(' '));
    assert.equal(health?.masking?.reason, 'snapshot still shows it');
  });
  it('a failing check means Premises masks', async () => {
    const { args, health } = await run('throws');
    assert.ok(args.includes('libx264'));
    assert.equal(health?.masking?.method, 'premises');
  });
});
