import { api } from '../api.js';
import { h, replace, when } from '../dom.js';

interface Verification {
  seq: number;
  at: string;
  by: string;
  ok: boolean;
  entries: number;
  headHash: string;
  checkpointsChecked: number;
  problemCount: number;
  problems: { kind: string; seq: number | null; message: string }[];
  keyFingerprint: string | null;
}

interface VerificationView {
  last: Verification | null;
  entries: number;
  checkpoints: { count: number; latest: { size: number; at: string; keyFingerprint: string } | null; everyEntries: number; everyMs: number };
}

/** The audit page's verification status: the last check, the signed checkpoints, and "verify now". */
export function verificationSection(onVerified?: () => void): HTMLElement {
  const section = h('section', { class: 'panel', 'aria-labelledby': 'verify-h' });
  const status = h('p', { role: 'status', class: 'status' });
  const draw = (v: VerificationView) => {
    const last = v.last;
    const button = h('button', { type: 'button' }, 'Verify the audit log now');
    button.addEventListener('click', () => {
      button.disabled = true;
      status.textContent = 'Verifying…';
      void api<{ verification: Verification }>('POST', '/api/audit/verify')
        .then(async (r) => {
          draw(await api<VerificationView>('GET', '/api/audit/verification'));
          onVerified?.();
          status.textContent = r.verification.ok ? `Intact: ${r.verification.entries} entries checked.` : `NOT intact: ${r.verification.problemCount} problem(s).`;
        })
        .catch((err: unknown) => {
          status.textContent = err instanceof Error ? err.message : String(err);
          button.disabled = false;
        });
    });
    replace(
      section,
      h('h2', { id: 'verify-h' }, 'Verification'),
      last
        ? h(
            'p',
            {},
            h('span', { class: `badge ${last.ok ? 'ok' : 'bad'}` }, last.ok ? 'Intact' : 'NOT INTACT'),
            ` Last checked ${when(last.at)} by ${last.by}: ${last.entries} entries, ${last.checkpointsChecked} signed checkpoint(s)${last.keyFingerprint ? `, key ${last.keyFingerprint}` : ''}.`,
          )
        : h('p', {}, h('span', { class: 'badge muted' }, 'Not verified yet'), ' The log has not been verified from the dashboard.'),
      last && !last.ok ? h('ul', { class: 'problems' }, last.problems.map((p) => h('li', {}, `${p.seq === null ? 'checkpoint' : `entry ${p.seq}`}: ${p.kind}: ${p.message}`))) : null,
      h(
        'p',
        { class: 'hint' },
        `${v.entries} entries now. ${v.checkpoints.count} signed checkpoint(s)`,
        v.checkpoints.latest ? `, the latest covering ${v.checkpoints.latest.size} entries at ${when(v.checkpoints.latest.at)}` : '',
        `; one is signed every ${v.checkpoints.everyEntries} entries or hourly. Keep a copy elsewhere with premises audit checkpoints --out DIR.`,
      ),
      status,
      button,
    );
  };
  replace(section, h('h2', { id: 'verify-h' }, 'Verification'), h('p', {}, 'Loading…'));
  void api<VerificationView>('GET', '/api/audit/verification')
    .then(draw)
    .catch((err: unknown) => replace(section, h('h2', { id: 'verify-h' }, 'Verification'), h('p', { class: 'error' }, err instanceof Error ? err.message : String(err))));
  return section;
}
