import type { JSX } from 'preact';
import type { VerificationRecord, VerificationView } from '../api-types.js';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { when } from '../format.js';
import { useLoad } from '../hooks.js';

/** The audit page's verification status: the last check, the signed checkpoints, and "verify now". */
export function Verification(props: { onVerified?: () => void }): JSX.Element {
  const view = useLoad(() => api<VerificationView>('GET', '/api/audit/verification'));
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const verify = () => {
    setBusy(true);
    setStatus('Verifying…');
    void api<{ verification: VerificationRecord }>('POST', '/api/audit/verify')
      .then(async (r) => {
        await view.reload();
        props.onVerified?.();
        setStatus(r.verification.ok ? `Intact: ${r.verification.entries} entries checked.` : `NOT intact: ${r.verification.problemCount} problem(s).`);
      })
      .catch((err: unknown) => setStatus(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  const v = view.data;
  const last = v?.last ?? null;
  return (
    <section class="panel" aria-labelledby="verify-h">
      <h2 id="verify-h">Verification</h2>
      {view.error ? <p class="error">{view.error}</p> : null}
      {!v ? (
        <p>Loading…</p>
      ) : (
        <>
          {last ? (
            <p>
              <span class={`badge ${last.ok ? 'ok' : 'bad'}`}>{last.ok ? 'Intact' : 'NOT INTACT'}</span>
              {` Last checked ${when(last.at)} by ${last.by}: ${last.entries} entries, ${last.checkpointsChecked} signed checkpoint(s)${last.keyFingerprint ? `, key ${last.keyFingerprint}` : ''}.`}
            </p>
          ) : (
            <p>
              <span class="badge muted">Not verified yet</span> The log has not been verified from the dashboard.
            </p>
          )}
          {last && !last.ok ? (
            <ul class="problems">
              {last.problems.map((p, i) => (
                <li key={i}>{`${p.seq === null ? 'checkpoint' : `entry ${p.seq}`}: ${p.kind}: ${p.message}`}</li>
              ))}
            </ul>
          ) : null}
          <p class="hint">
            {`${v.entries} entries now. ${v.checkpoints.count} signed checkpoint(s)`}
            {v.checkpoints.latest ? `, the latest covering ${v.checkpoints.latest.size} entries at ${when(v.checkpoints.latest.at)}` : ''}
            {`; one is signed every ${v.checkpoints.everyEntries} entries or hourly. Keep a copy elsewhere with premises audit checkpoints --out DIR.`}
          </p>
          <p role="status" class="status">
            {status}
          </p>
          <button type="button" disabled={busy} onClick={verify}>
            Verify the audit log now
          </button>
        </>
      )}
    </section>
  );
}
