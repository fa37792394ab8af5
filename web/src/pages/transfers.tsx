import type { JSX } from 'preact';
import type { PolicyView, TransferView } from '../api-types.js';
import { useState } from 'preact/hooks';
import { api, type User } from '../api.js';
import type { App } from '../app.js';
import { when } from '../format.js';
import { useLoad, useOutcome } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ColumnHeads, ErrorLine, Field, OutcomeLines } from '../ui.js';
import { errorText, isManager } from './forms.js';
import { PolicyForm } from './transfer-policy-form.js';
import { downloadExport } from '../download.js';

const REFRESH_MS = 10_000;

function destination(p: PolicyView): string {
  switch (p.target.kind) {
    case 'download':
      return `download by ${(p.target.roles ?? []).join(', ')}`;
    case 'folder':
      return `drive at ${p.target.path ?? ''}`;
    case 'sftp':
      return `SFTP ${p.target.host ?? ''}`;
    case 'https':
      return `HTTPS ${p.target.url ?? ''}`;
    default:
      return p.target.kind;
  }
}

function AskForm(props: { done: (message: string) => void }): JSX.Element {
  const [exportId, setExportId] = useState('');
  const [policy, setPolicy] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    void api<{ transfer: TransferView }>('POST', `/api/exports/${encodeURIComponent(exportId.trim())}/transfers`, { policy: policy.trim() })
      .then((r) =>
        props.done(
          r.transfer.state === 'awaiting-approval'
            ? `Transfer ${r.transfer.id} waits for a second person to approve it.`
            : r.transfer.state === 'approved'
              ? `Transfer ${r.transfer.id} is allowed: download it.`
              : `Transfer ${r.transfer.id}: ${r.transfer.state}.`,
        ),
      )
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <form class="panel" onSubmit={submit}>
      <h2>Send or download an export</h2>
      <p class="hint">Footage leaves only under a transfer policy; every request, approval, refusal and transfer is in the audit log.</p>
      <div class="row">
        <Field label="Export id" hint="As `premises export` printed it, or from the Exports page.">
          {(id, hint) => <input id={id} aria-describedby={hint} type="text" name="export" required maxLength={80} autocomplete="off" value={exportId} onInput={(e) => setExportId(e.currentTarget.value)} />}
        </Field>
        <Field label="Transfer policy" hint="Its name, as the owner set it up.">
          {(id, hint) => <input id={id} aria-describedby={hint} type="text" name="policy" required maxLength={64} autocomplete="off" value={policy} onInput={(e) => setPolicy(e.currentTarget.value)} />}
        </Field>
      </div>
      <ErrorLine error={error} />
      <button type="submit">Ask for the transfer</button>{' '}
      <button
        type="button"
        class="button"
        onClick={() => {
          setError(null);
          // Asking for a download writes a transfer: a POST that returns a one-time link (web/src/download.ts).
          downloadExport(exportId.trim(), policy.trim()).catch((err: unknown) => setError(errorText(err)));
        }}
      >
        Download
      </button>
    </form>
  );
}

function RevokeForm(props: { policy: PolicyView; done: (message: string) => void; fail: (err: unknown) => void }): JSX.Element {
  const p = props.policy;
  const [reason, setReason] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void api('POST', `/api/transfer-policies/${encodeURIComponent(p.name)}/revoke`, { reason })
          .then(() => props.done(`Policy ${p.name} revoked. Reprint the signs on the Compliance page.`))
          .catch(props.fail);
      }}
    >
      <Field label={`Why revoke ${p.name}?`}>{(id) => <input id={id} type="text" name={`revoke-${p.name}`} required maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}</Field>
      <button type="submit">{`Revoke ${p.name}`}</button>
    </form>
  );
}

function Policies(props: { me: User | null; policies: PolicyView[]; done: (message: string) => void; fail: (err: unknown) => void }): JSX.Element {
  const owner = props.me?.role === 'owner';
  return (
    <>
      <h2>Transfer policies</h2>
      {props.policies.length ? (
        <div class="scroll">
          <table>
            <ColumnHeads names={['Name', 'Destination', 'Recipient', 'Legal basis', 'Data', 'In force', 'Second person', '']} />
            <tbody>
              {props.policies.map((p) => (
                <tr key={p.name} data-policy={p.name}>
                  <td>{p.name}</td>
                  <td>{destination(p)}</td>
                  <td>{`${p.recipientOrg} (${p.country})`}</td>
                  <td>{p.legalBasis}</td>
                  <td>{p.data.join(', ')}</td>
                  <td>{p.revokedAt ? `revoked ${when(p.revokedAt)}` : p.active ? `until ${when(p.expiresAt)}` : `expired ${when(p.expiresAt)}`}</td>
                  <td>{p.requiresApproval ? 'yes' : 'no'}</td>
                  <td>{owner && p.active ? <RevokeForm policy={p} done={props.done} fail={props.fail} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{owner ? 'No transfer policy: nothing leaves the premises. Add one below to let an export be downloaded or sent.' : 'No transfer policy: nothing leaves the premises. The owner adds one on this page.'}</p>
      )}
      {owner ? <PolicyForm done={props.done} /> : null}
    </>
  );
}

function Transfers(props: { me: User | null; transfers: TransferView[]; done: (message: string) => void; fail: (err: unknown) => void }): JSX.Element {
  const rows = props.transfers.slice().reverse();
  const mine = `user:${props.me?.username ?? ''}`;
  return (
    <>
      <h2>Transfers asked for</h2>
      {rows.length ? (
        <div class="scroll">
          <table>
            <ColumnHeads names={['#', 'Asked', 'Export', 'Policy', 'By', 'State', 'Bytes', '']} />
            <tbody>
              {rows.map((t) => (
                <tr key={t.id} data-transfer={t.id}>
                  <td>{t.id}</td>
                  <td>{when(t.requestedAt)}</td>
                  <td>{t.exportId}</td>
                  <td>{t.policy}</td>
                  <td>{t.requestedBy}</td>
                  <td>
                    {t.state}
                    {t.approvedBy ? ` (approved by ${t.approvedBy})` : ''}
                    {t.reason ? `: ${t.reason}` : ''}
                  </td>
                  <td>{t.bytesSent === null ? '' : t.bytesSent}</td>
                  <td>
                    {t.state === 'awaiting-approval' && t.requestedBy !== mine ? (
                      <button
                        type="button"
                        onClick={() =>
                          void api<{ transfer: TransferView }>('POST', `/api/transfers/${t.id}/approve`)
                            .then((r) => props.done(`Transfer ${t.id} approved: ${r.transfer.state}.`))
                            .catch(props.fail)
                        }
                      >
                        {`Approve transfer ${t.id}`}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No transfer yet.</p>
      )}
    </>
  );
}

function TransfersPage(props: { app: App }): JSX.Element {
  const me = props.app.user;
  const manager = isManager(me?.role);
  const outcome = useOutcome(() => data.reload());
  const { done, fail } = outcome;
  const data = useLoad(
    async () =>
      manager
        ? await Promise.all([api<{ policies: PolicyView[] }>('GET', '/api/transfer-policies'), api<{ transfers: TransferView[] }>('GET', '/api/transfers')])
        : ([{ policies: [] }, { transfers: [] }] as [{ policies: PolicyView[] }, { transfers: TransferView[] }]),
    REFRESH_MS,
  );
  return (
    <>
      <h1>Transfers</h1>
      <OutcomeLines outcome={outcome} loadError={data.error} />
      <AskForm done={done} />
      {manager && data.data ? (
        <>
          <Policies me={me} policies={data.data[0].policies} done={done} fail={fail} />
          <Transfers me={me} transfers={data.data[1].transfers} done={done} fail={fail} />
        </>
      ) : null}
    </>
  );
}

export const transfersPage = preactPage(
  {
    path: '/transfers',
    title: 'Transfers',
    needsUser: true,
    inMenu: (user) => user !== null && (isManager(user.role) || Object.values(user.cameras).some((r) => r.export)),
  },
  TransfersPage,
);
