import { checkZoneAlarms, zoneRules, type ZoneRule } from '../activity/zone-alarms.js';
import { errorMessage } from '../shared/errors.js';
import { periodic, type Component } from './components.js';
import type { DaemonState } from './state.js';

/** How often newly analysed activity is judged against the zone alarms: well inside the index's own lag. */
const EVERY_MS = 5_000;

/**
 * Zone alarms (docs/activity.md): movement in a camera's zone during its closed hours, read from the
 * activity index as it grows. Runs even with no rule configured, so the segments analysed before a
 * rule is added are marked as judged and an old night never raises a new alarm.
 */
export function zoneAlarms(s: DaemonState): Component {
  const { clock, log } = s.app;
  return periodic('zone alarms', { clock, everyMs: EVERY_MS, runAtStart: true, onError: (err) => log.warn({ err: errorMessage(err) }, 'zone alarms: a check failed; trying again') }, () => {
    const { loaded, db, audit, alarms } = s.app;
    const timeZone = loaded.config.timezone;
    const rules = new Map<string, ZoneRule[]>(loaded.config.cameras.map((c) => [c.id, zoneRules(c.zoneAlarms)]));
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return () => {
      const found = checkZoneAlarms({ db, audit, alarms, clock, timeZone, rulesOf: (id) => rules.get(id) ?? [], localTime: (t) => local.format(t) });
      if (found.length) log.warn({ moments: found.length }, 'movement in a zone during closed hours');
    };
  });
}
