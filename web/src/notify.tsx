import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, type AlarmView, type User } from './api.js';

/**
 * The installable dashboard and its alarm notifications, with no push
 * service: while a dashboard tab of an owner or manager is open (in the
 * background too), it asks the recorder for open alarms every few seconds and
 * hands each new one to the service worker to show (`showNotification`), once
 * per alarm and device. A notification closes by itself when its alarm
 * clears. Nothing is sent to any other origin.
 */
const POLL_MS = 5_000;
const NOTIFIED_KEY = 'premises.alarms.notified';
const KEEP_IDS = 200;

export function registerServiceWorker(): void {
  // Service workers need a secure context: HTTPS on the LAN, or the loopback address.
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

/** Owners and managers are told; viewers see alarms in the banner only. */
export const notifiesRole = (user: User | null): boolean => user !== null && (user.role === 'owner' || user.role === 'manager');

/** The notification's title for an alarm kind: what the owner needs to read on a lock screen. */
export function alarmTitle(a: Pick<AlarmView, 'kind' | 'subject'>): string {
  if (a.kind === 'camera-down') return `Camera ${a.subject} is not recording`;
  if (a.kind === 'camera-config') return `Camera ${a.subject} cannot record`;
  if (a.kind.startsWith('storage') || a.kind.startsWith('disk')) return 'Storage needs attention';
  if (a.kind.startsWith('containment') || a.subject === 'camera-network') return 'Camera network';
  if (a.kind === 'footage-lost') return 'Recorded footage is missing';
  if (a.kind === 'zone-activity') return `Movement on camera ${a.subject} during closed hours`;
  return 'Premises alarm';
}

function notified(): number[] {
  try {
    const v = JSON.parse(localStorage.getItem(NOTIFIED_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  } catch {
    return [];
  }
}

const tagOf = (id: number) => `premises-alarm-${id}`;

/** One poll: show the new alarms, close the notifications of alarms that are no longer open. */
export async function notifyAlarms(): Promise<void> {
  if (Notification.permission !== 'granted' || !('serviceWorker' in navigator)) return;
  const reg = await navigator.serviceWorker.ready;
  const { alarms } = await api<{ alarms: AlarmView[] }>('GET', '/api/alarms');
  const seen = notified();
  const fresh = alarms.filter((a) => !a.acknowledged && a.severity !== 'info' && !seen.includes(a.id));
  for (const a of fresh) {
    await reg.showNotification(alarmTitle(a), {
      body: a.message,
      tag: tagOf(a.id),
      data: { alarm: a.id, kind: a.kind, subject: a.subject, raisedAt: a.raisedAt },
      icon: '/icons/premises-192.png',
      requireInteraction: a.severity === 'critical',
    });
  }
  if (fresh.length) localStorage.setItem(NOTIFIED_KEY, JSON.stringify([...seen, ...fresh.map((a) => a.id)].slice(-KEEP_IDS)));
  const open = new Set(alarms.filter((a) => !a.acknowledged).map((a) => tagOf(a.id)));
  for (const n of await reg.getNotifications()) if (n.tag.startsWith('premises-alarm-') && !open.has(n.tag)) n.close();
}

let timer: number | undefined;
let polling = false;
let pollingFor = '';

/** Called by the shell whenever the user changes: polls for owners and managers who allowed notifications. */
export function alarmNotifications(user: User | null): void {
  const who = user ? `${user.username}:${user.role}` : '';
  if (timer !== undefined && who === pollingFor) return;
  pollingFor = who;
  window.clearInterval(timer);
  timer = undefined;
  if (!notifiesRole(user) || !('Notification' in window) || !('serviceWorker' in navigator)) return;
  const poll = () => {
    if (polling || Notification.permission !== 'granted') return;
    polling = true;
    void notifyAlarms()
      .catch(() => undefined)
      .finally(() => (polling = false));
  };
  timer = window.setInterval(poll, POLL_MS);
  poll();
}

/** On the account page: this device's notification setting, and the button to allow them. */
export function NotificationSetting(props: { user: User | null }): JSX.Element | null {
  const supported = 'Notification' in window && 'serviceWorker' in navigator && window.isSecureContext;
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!notifiesRole(props.user)) return null;
  return (
    <section aria-labelledby="notify-heading">
      <h2 id="notify-heading">Alarm notifications on this device</h2>
      {!supported ? (
        <p>This browser cannot show notifications from the dashboard here (it needs HTTPS, or the recorder's own address on this computer).</p>
      ) : permission === 'granted' ? (
        <p data-notifications="on">On: while a dashboard tab is open on this device (in the background too), a camera that stops recording, a disk filling up or the camera network failing shows as a notification. Nothing goes through any outside service.</p>
      ) : permission === 'denied' ? (
        <p data-notifications="blocked">Blocked in this browser's site settings: allow notifications for this address there to get alarms here.</p>
      ) : (
        <>
          <p>Get a notification on this device when a camera stops recording, a disk fills up or the camera network fails, while a dashboard tab is open. Nothing goes through any outside service.</p>
          <button
            type="button"
            onClick={() =>
              void Notification.requestPermission().then((p) => {
                setPermission(p);
                alarmNotifications(null);
                alarmNotifications(props.user);
              })
            }
          >
            Turn on notifications
          </button>
        </>
      )}
    </section>
  );
}
