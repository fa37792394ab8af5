import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { OnvifCheckView, OnvifFixName } from '../../../src/api/contracts/network.js';
import { api } from '../api.js';
import { ErrorLine, Status } from '../ui.js';
import { errorText } from './forms.js';

/**
 * The owner's ONVIF check of one camera on the Camera network page: read its
 * own network settings, see what each fix would send, confirm one, and read
 * whether the camera took it (the server re-reads the camera after the change).
 */
export function OnvifFixes(props: { camera: string; name: string }): JSX.Element {
  const { camera, name } = props;
  const [check, setCheck] = useState<OnvifCheckView | null>(null);
  const [asking, setAsking] = useState<OnvifFixName | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const base = `/api/network/cameras/${encodeURIComponent(camera)}`;

  const run = (path: string, body?: unknown, after?: (v: OnvifCheckView) => void) => {
    setBusy(true);
    setError(null);
    void api<OnvifCheckView>('POST', `${base}/${path}`, body)
      .then((v) => {
        // After a fix, the server's fresh reading is what the camera says now.
        setCheck(v.after ? { ...v, findings: v.after, changes: v.changes.filter((c) => v.after?.some((f) => f.fix === c.fix)) } : v);
        after?.(v);
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };

  const apply = (fix: OnvifFixName) =>
    run('onvif-fix', { fix, confirmed: true }, (v) => {
      setAsking(null);
      const r = v.fixes[0];
      setOutcome(r?.took ? `Fix "${fix}" took: ${name} was read again and no longer has that setting.` : `Fix "${fix}" did NOT take${r?.error ? ` (${r.error})` : `: ${name} kept its setting`}.`);
    });

  const change = asking ? check?.changes.find((c) => c.fix === asking) : undefined;
  return (
    <div class="onvif-fixes">
      <button type="button" disabled={busy} onClick={() => (setOutcome(null), run('onvif-audit'))}>
        {check ? `Check ${name}'s own settings again` : `Check ${name}'s own settings (ONVIF)`}
      </button>
      <ErrorLine error={error} />
      {outcome ? <Status>{outcome}</Status> : null}
      {check ? (
        <div>
          {check.findings.length === 0 ? (
            <p>No setting of {name} lets it reach beyond Premises.</p>
          ) : (
            <ul>
              {check.findings.map((f) => (
                <li key={f.setting}>
                  <strong>{f.setting}</strong>: {f.value} — {f.risk}{' '}
                  {f.fix && check.changes.some((c) => c.fix === f.fix) ? (
                    <button type="button" disabled={busy} onClick={() => (setOutcome(null), setAsking(f.fix))}>
                      {`Fix ${f.setting}…`}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {check.unreadable.length ? <p class="hint">{`Could not read: ${check.unreadable.map((u) => u.operation).join(', ')}.`}</p> : null}
        </div>
      ) : null}
      {asking && change ? (
        <div role="alertdialog" aria-labelledby={`onvif-ask-${camera}`} class="confirm">
          <p id={`onvif-ask-${camera}`}>{`This will change ${name}: ${change.change}. The change is logged, and ${name} is read again afterwards. Apply it?`}</p>
          <button type="button" disabled={busy} onClick={() => apply(asking)}>
            {`Yes, change ${name}`}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setAsking(null)}>
            Cancel
          </button>
        </div>
      ) : null}
    </div>
  );
}
