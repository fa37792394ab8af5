import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import type { DataLayout } from '../../src/shared/data-layout.js';
import { logInPage, openBrowser, type BrowserFixture } from '../support/browser.js';
import type { DashboardClient } from '../support/dashboard-client.js';
import { CLIP_W, decodeLuma, detail, FACE_SIDE, faceAt, FACES } from '../support/face-clip.js';
import { FPS } from '../support/footage.js';
import { sleepMs, tempDir, type PremisesProcess } from '../support/premises.js';
import { publishOnPage, startRedactionScene } from '../support/redaction-scene.js';

/**
 * Drawing a missed box on the Redaction page, in Debian's chromium against a
 * real `premises start`: a box dragged with the mouse over the requester's
 * face (which the reviewer has kept) is blurred on the review frames chosen
 * and only there — in the page, in the review JSON and, pixel by pixel, in
 * the published export. A box dragged with a finger (touch input through
 * the browser's own input pipeline) and one typed from the keyboard appear
 * on their frames and are removed again with their button.
 */
const PASSWORD = 'a long redaction drawing passphrase';
const T0 = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
const SECONDS = 4;
const SHOTS = 'test-artifacts/redaction-draw';
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
/** The requester's face from 0 s to 2.5 s (it moves 120 px a second to the right), with a margin: the box the test drags. */
const DRAWN = { x: 40, y: 40, w: 560, h: 260 };

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Frame {
  index: number;
  at: string;
  width: number;
  height: number;
  boxes: { track: number; role: string; box: Box }[];
}
interface Review {
  redaction: { state: string; reviewer: string | null; exportId: string | null };
  frames: Frame[];
  addedTracks: number[];
}

void describe('drawing a missed box on the Redaction page', () => {
  const dir = tempDir('premises-redaction-draw-');
  let layout: DataLayout;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let owner: DashboardClient;
  let id = '';
  /** The first box as the page sent it (the drag's numbers). */
  let firstBox: Box = DRAWN;

  const review = async () => (await owner.request('GET', `/api/redactions/${id}`)).body as unknown as Review;
  const picture = (index: number) => page.locator(`[data-frame="${index}"] img`);
  /** Recorded-picture pixels → the page's CSS pixels, read from where the picture is shown now. */
  const onScreen = async (img: Locator, frame: Frame, x: number, y: number) => {
    const b = (await img.boundingBox())!;
    return { x: b.x + (x * b.width) / frame.width, y: b.y + (y * b.height) / frame.height };
  };
  const formValues = async (figure: Locator) =>
    Promise.all(['Left', 'Top', 'Width', 'Height'].map(async (name) => Number(await figure.getByLabel(name, { exact: true }).inputValue())));
  const tracksOn = (r: Review, track: number) => r.frames.filter((f) => f.boxes.some((b) => b.track === track)).map((f) => f.index);

  before(async () => {
    const scene = await startRedactionScene(dir.path, T0, SECONDS, PASSWORD);
    ({ premises, owner, layout } = scene);
    const origin = scene.origin;

    const started = await owner.request('POST', '/api/redactions', { request: 1, legalBasis: 'PIPA s.23' });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    id = (started.body['redaction'] as { id: string }).id;
    const deadline = Date.now() + 90_000;
    while ((await review()).redaction.state !== 'review') {
      assert.ok(Date.now() < deadline, 'the analysis ended within 90 s');
      await sleepMs(500);
    }
    // The requester is kept (green): the box drawn over her face is then the only thing blurring it.
    const f1 = (await review()).frames.find((f) => Date.parse(f.at) >= T0 + 1000)!;
    const sq = faceAt(FACES[0]!, (Date.parse(f1.at) - T0) / 1000);
    const pick = await owner.request('POST', `/api/redactions/${id}/pick`, { camera: 'cam1', at: f1.at, x: sq.x + FACE_SIDE / 2, y: sq.y + FACE_SIDE / 2 });
    assert.equal(pick.status, 200, JSON.stringify(pick.body));

    web = await openBrowser(dir.path, { origin });
    page = web.page;
    await logInPage(page, origin, 'owner', PASSWORD);
    await page.goto(`${origin}/#/redaction?job=${id}`);
    await picture(SECONDS - 1).waitFor();
  });

  after(async () => {
    await web?.close();
    await premises?.stop();
    dir.remove();
  });

  void it('a box dragged with the mouse is blurred on the frames chosen, in the page, the review JSON and the export', async () => {
    const frames = (await review()).frames;
    assert.deepEqual(
      frames.map((f) => Date.parse(f.at) - T0),
      [0, 1000, 2000, 3000],
      'one review frame a second',
    );
    const frame = frames[1]!;
    const img = picture(1);
    const shown = (await img.boundingBox())!;
    assert.ok(shown.width < frame.width / 2, `the frame is shown scaled down (${shown.width} px for ${frame.width})`);

    const from = await onScreen(img, frame, DRAWN.x, DRAWN.y);
    const to = await onScreen(img, frame, DRAWN.x + DRAWN.w, DRAWN.y + DRAWN.h);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    assert.equal(await page.locator('[data-frame="1"] rect[data-draft]').count(), 1, 'the box is drawn while the button is held');
    await page.mouse.up();

    const figure = page.locator('[data-frame="1"]');
    const onePixel = frame.width / shown.width;
    const typed = await formValues(figure);
    [DRAWN.x, DRAWN.y, DRAWN.w, DRAWN.h].forEach((want, k) =>
      assert.ok(Math.abs(typed[k]! - want) <= onePixel + 1, `the drawn box in picture pixels: ${typed.join(',')} against ${DRAWN.x},${DRAWN.y},${DRAWN.w},${DRAWN.h}`),
    );
    firstBox = { x: typed[0]!, y: typed[1]!, w: typed[2]!, h: typed[3]! };
    // The default span: two frames either side, as far as the footage goes.
    assert.equal(await figure.locator('select[name="box-from"]').inputValue(), '0');
    assert.equal(await figure.locator('select[name="box-to"]').inputValue(), '3');
    assert.equal(await page.locator('rect[data-draft]').count(), 4, 'the box is shown on every frame it would cover');
    assert.equal(await page.getByRole('alert').count(), 0, 'a drag is not a click on the requester (which would miss a face here)');
    await figure.locator('select[name="box-to"]').selectOption('2');
    assert.equal(await page.locator('rect[data-draft]').count(), 3);
    await web.shot(SHOTS, '1-drawn');
    await figure.getByRole('button', { name: 'Blur this box' }).click();
    await page.getByRole('status').filter({ hasText: 'A box is blurred on cam1' }).waitFor();

    const r = await review();
    assert.equal(r.addedTracks.length, 1, 'one box drawn by hand');
    const track = r.addedTracks[0]!;
    assert.deepEqual(tracksOn(r, track), [0, 1, 2], 'the box is on the frames chosen and not on the next');
    const added = r.frames[1]!.boxes.find((b) => b.track === track)!;
    assert.equal(added.role, 'bystander');
    assert.deepEqual(added.box, firstBox);
    for (const index of [0, 1, 2]) {
      await page.locator(`[data-frame="${index}"] li[data-track="${track}"]`, { hasText: 'drawn by hand' }).waitFor();
      assert.equal(await page.locator(`[data-frame="${index}"] g[data-box="${track}"]`).count(), 1, `outlined on frame ${index}`);
    }
    assert.equal(await page.locator(`[data-frame="3"] li[data-track="${track}"]`).count(), 0);
    await page.locator('rect[data-draft]').first().waitFor({ state: 'detached' });
    assert.equal(await page.locator('rect[data-draft], form.redaction-draft').count(), 0, 'the draft and its form are gone once sent');
    await web.shot(SHOTS, '2-added');
  });

  void it('a box dragged with a finger shows on its frames and is removed with its button', async () => {
    const frame = (await review()).frames[3]!;
    const img = picture(3);
    const a = await onScreen(img, frame, 700, 420);
    const b = await onScreen(img, frame, 900, 600);
    // Touch input through chromium's own input pipeline (it makes the pointer events the page listens to).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: a.x, y: a.y }] });
    for (let k = 1; k <= 5; k++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: a.x + ((b.x - a.x) * k) / 5, y: a.y + ((b.y - a.y) * k) / 5 }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    const figure = page.locator('[data-frame="3"]');
    await figure.getByRole('button', { name: 'Blur this box' }).waitFor();
    const typed = await formValues(figure);
    assert.ok(Math.abs(typed[0]! - 700) <= 8 && Math.abs(typed[2]! - 200) <= 8, `the touched box in picture pixels: ${typed.join(',')}`);
    await figure.getByRole('button', { name: 'Blur this box' }).click();
    await page.getByRole('status').filter({ hasText: 'A box is blurred on cam1' }).waitFor();
    const r = await review();
    const track = r.addedTracks.find((t) => !tracksOn(r, t).includes(0))!;
    assert.ok(track !== undefined, `a second drawn box (${r.addedTracks.join(', ')})`);
    assert.deepEqual(tracksOn(r, track), [1, 2, 3], 'two frames back from where it was drawn, none forward (the footage ends)');

    await figure.getByRole('button', { name: `Remove box ${track}` }).click();
    await page.getByRole('status').filter({ hasText: `Box ${track} removed from every frame` }).waitFor();
    const after = await review();
    assert.ok(!after.addedTracks.includes(track));
    assert.deepEqual(tracksOn(after, track), [], 'gone from the review JSON');
    // The status line is set when the change is accepted; the frames follow when the review is read again.
    await page.locator(`li[data-track="${track}"]`).first().waitFor({ state: 'detached' });
    assert.equal(await page.locator(`li[data-track="${track}"], g[data-box="${track}"]`).count(), 0, 'gone from every frame of the page');
  });

  void it('a box can be typed from the keyboard alone, and removed', async () => {
    const add = page.locator('[data-frame="2"]').getByRole('button', { name: 'Add a box on this frame' });
    await add.focus();
    await page.keyboard.press('Enter');
    const figure = page.locator('[data-frame="2"]');
    const left = figure.getByLabel('Left', { exact: true });
    await left.waitFor();
    assert.equal(await left.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement), true, 'the first field takes the focus');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('1100');
    for (const [name, value] of [
      ['Top', '500'],
      ['Width', '100'],
      ['Height', '80'],
    ] as const) {
      await page.keyboard.press('Tab');
      assert.equal(await figure.getByLabel(name, { exact: true }).evaluate((el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement), true, `Tab reaches ${name}`);
      await page.keyboard.press('Control+a');
      await page.keyboard.type(value);
    }
    const draft = page.locator('[data-frame="2"] rect[data-draft]');
    assert.deepEqual(await Promise.all(['x', 'y', 'width', 'height'].map((a) => draft.getAttribute(a))), ['1100', '500', '100', '80'], 'the typed box is drawn');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'A box is blurred on cam1' }).waitFor();
    const r = await review();
    const track = r.addedTracks.find((t) => r.frames[2]!.boxes.some((b) => b.track === t && b.box.x === 1100))!;
    assert.deepEqual(r.frames[2]!.boxes.find((b) => b.track === track)!.box, { x: 1100, y: 500, w: 100, h: 80 });
    await page.locator('[data-frame="2"]').getByRole('button', { name: `Remove box ${track}` }).press('Enter');
    await page.getByRole('status').filter({ hasText: `Box ${track} removed from every frame` }).waitFor();
    assert.ok(!(await review()).addedTracks.includes(track));
  });

  void it('a box of a kind or role the page does not know is still outlined and listed by its role', async () => {
    // As a newer server might answer (whole-person boxes): the review JSON changed on its way to the page.
    const path = `**/api/redactions/${id}`;
    await page.route(path, async (route) => {
      const reply = await route.fetch();
      const body = (await reply.json()) as Review;
      body.frames[0]!.boxes.push({ track: 99, role: 'ask-the-owner', box: { x: 500, y: 400, w: 300, h: 200 }, kind: 'person' } as Frame['boxes'][number]);
      await route.fulfill({ response: reply, json: body });
    });
    try {
      await page.reload();
      const item = page.locator('[data-frame="0"] li[data-track="99"]');
      await item.waitFor();
      assert.match((await item.textContent()) ?? '', /^#99 \(person\): ask-the-owner/);
      const outline = page.locator('[data-frame="0"] g[data-box="99"]');
      assert.equal(await outline.getAttribute('class'), 'role-other');
      assert.equal(await outline.locator('text').textContent(), '#99 person');
      assert.equal(await outline.locator('rect').getAttribute('width'), '300');
    } finally {
      await page.unroute(path);
    }
    await page.reload();
    await picture(SECONDS - 1).waitFor();
  });

  void it('the published export has the drawn region blurred on those frames only', async () => {
    const questions = await publishOnPage(page);
    assert.match(questions[0] ?? '', /You are recorded as the reviewer/);
    const job = (await review()).redaction;
    assert.equal(job.state, 'published');
    assert.deepEqual(web.foreign, [], 'no request to another origin');
    assert.deepEqual(web.consoleErrors, []);
    // Each change from the page is in the audit log, by the logged-in user: the pick, three boxes added, two removed.
    const audit = (await owner.request('GET', '/api/audit?limit=200')).body['entries'] as { actor: string; action: string; subject: string; details: Record<string, unknown> }[];
    const reviewed = audit.filter((e) => e.subject === `redaction:${id}` && e.action === 'redaction.reviewed').reverse();
    assert.deepEqual(
      reviewed.map((e) => [e.actor, Object.keys(e.details)[0]]),
      [['user:owner', 'pick'], ...['add', 'add', 'remove', 'add', 'remove'].map((k) => ['user:owner', k])],
    );
    assert.deepEqual(reviewed[1]!.details['add'], { camera: 'cam1', from: at(0), to: at(2.5), ...firstBox }, 'the first box, as drawn and over the span chosen');

    const exportDir = join(layout.exportsDir, job.exportId!);
    const m = JSON.parse(readFileSync(join(exportDir, 'manifest.json'), 'utf8')) as ExportManifest & { automaticRedaction: { tracks: { addedByReviewer: number; requester: number } } };
    assert.equal(m.automaticRedaction.tracks.addedByReviewer, 1, 'the removed boxes are not counted');
    assert.ok(m.automaticRedaction.tracks.requester >= 1, 'the picked face (and a body around it, if one was found)');
    const out = decodeLuma(join(exportDir, m.files[0]!.name));
    assert.ok(out.frames.length >= SECONDS * FPS - 2, `${out.frames.length} frames`);
    const faceDetail = (i: number) => {
      const sq = faceAt(FACES[0]!, i / FPS);
      return detail(out.frames[i]!, CLIP_W, { x: sq.x + FACE_SIDE / 5, y: sq.y + FACE_SIDE / 5, w: (FACE_SIDE * 3) / 5, h: (FACE_SIDE * 3) / 5 });
    };
    // Kept: after the box's span (2.5 s, held 0.2 s), the requester's face is as detailed as the photo it is cut from.
    const keptFrames = out.frames.map((_, i) => i).filter((i) => i / FPS >= 3);
    const kept = keptFrames.map(faceDetail).sort((a, b) => a - b)[Math.floor(keptFrames.length / 2)]!;
    // Blurred: every frame where the face lies wholly inside the drawn box and the box is in force.
    const inside = out.frames
      .map((_, i) => i)
      .filter((i) => {
        const sq = faceAt(FACES[0]!, i / FPS);
        return i / FPS <= 2.5 && sq.x >= DRAWN.x + 8 && sq.x + sq.w <= DRAWN.x + DRAWN.w - 8;
      });
    assert.ok(inside.length >= 2 * FPS, `${inside.length} frames with the face inside the box`);
    const blurred = inside.filter((i) => faceDetail(i) < 0.35 * kept);
    // Where no face ever passes: the noise of the scene's plain background, what a blurred face is not far above.
    const background = detail(out.frames[keptFrames[0]!]!, CLIP_W, { x: 600, y: 320, w: 200, h: 100 });
    const worst = Math.max(...inside.map(faceDetail));
    process.stdout.write(
      `# requester's face detail ${kept.toFixed(2)} after the box's span, at most ${worst.toFixed(2)} inside it (blurred in ${blurred.length} of ${inside.length} frames); background ${background.toFixed(2)}\n`,
    );
    assert.ok(kept > 2 * background, `outside the box's span the requester's face is kept (detail ${kept.toFixed(2)} against ${background.toFixed(2)} of the background)`);
    assert.equal(blurred.length, inside.length, `blurred in every frame inside the box: ${inside.filter((i) => !blurred.includes(i)).join(', ')} are not`);
  });
});
