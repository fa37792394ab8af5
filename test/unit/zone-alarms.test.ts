import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyBitmap, setCell, GRID_COLS } from '../../src/activity/grid.js';
import { encodeSamples } from '../../src/activity/record.js';
import { zoneMoments, zoneRules } from '../../src/activity/zone-alarms.js';

/** Vancouver: UTC−8 in December. Closed from 23:00 to 07:00 every day. */
const TZ = 'America/Vancouver';
const at = (hhmmss: string) => Date.parse(`2026-12-05T${hhmmss}-08:00`);
const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const rules = zoneRules([
  { name: 'till', box: { x: 0, y: 0, width: 0.25, height: 0.25 }, closed: [{ days: [...everyDay], from: '23:00', to: '07:00' }], minCells: 1 },
  { name: 'back door', box: { x: 0.75, y: 0.75, width: 0.25, height: 0.25 }, closed: [{ days: [...everyDay], from: '23:00', to: '07:00' }], minCells: 3 },
]);
/** A keyframe where cells (col, row) changed. */
const cells = (...list: [number, number][]) => {
  const b = emptyBitmap();
  for (const [col, row] of list) setCell(b, row * GRID_COLS + col);
  return b;
};
const TILL_CELL: [number, number] = [1, 1];
const DOOR_CELLS: [number, number][] = [
  [14, 8],
  [15, 8],
  [15, 7],
];

void describe('zone alarms: movement in a zone during closed hours, from stored activity', () => {
  void it('finds movement in the zone during closed hours, joined into one moment, with its peak', () => {
    const start = at('02:14:00');
    const data = encodeSamples([
      { offsetMs: 1000, cells: cells(TILL_CELL) },
      { offsetMs: 3000, cells: cells(TILL_CELL, [0, 0], [2, 2]) },
      { offsetMs: 20_000, cells: cells([0, 0]) },
    ]);
    assert.deepEqual(zoneMoments(start, data, rules, TZ), [
      { zone: 'till', fromMs: start + 1000, toMs: start + 3000, peakCells: 3 },
      { zone: 'till', fromMs: start + 20_000, toMs: start + 20_000, peakCells: 1 },
    ]);
  });

  void it('says nothing about the same movement while open, or outside the zone', () => {
    const data = encodeSamples([{ offsetMs: 1000, cells: cells(TILL_CELL) }]);
    assert.deepEqual(zoneMoments(at('12:00:00'), data, rules, TZ), [], 'at noon the restaurant is open');
    const middle = encodeSamples([{ offsetMs: 0, cells: cells([8, 4], [7, 4]) }]);
    assert.deepEqual(zoneMoments(at('03:00:00'), middle, rules, TZ), [], 'movement in the middle of the picture is in no zone');
  });

  void it('the edges of closed hours: 23:00 is closed, 07:00 is open', () => {
    const data = encodeSamples([{ offsetMs: 0, cells: cells(TILL_CELL) }]);
    assert.equal(zoneMoments(at('22:59:59'), data, rules, TZ).length, 0);
    assert.equal(zoneMoments(at('23:00:00'), data, rules, TZ).length, 1);
    assert.equal(zoneMoments(at('06:59:59'), data, rules, TZ).length, 1);
    assert.equal(zoneMoments(at('07:00:00'), data, rules, TZ).length, 0);
  });

  void it('a zone asking for several cells ignores a smaller change there', () => {
    const two = encodeSamples([{ offsetMs: 0, cells: cells(...DOOR_CELLS.slice(0, 2)) }]);
    const three = encodeSamples([{ offsetMs: 0, cells: cells(...DOOR_CELLS) }]);
    assert.deepEqual(zoneMoments(at('01:00:00'), two, rules, TZ), []);
    assert.deepEqual(
      zoneMoments(at('01:00:00'), three, rules, TZ).map((m) => [m.zone, m.peakCells]),
      [['back door', 3]],
    );
  });

});
