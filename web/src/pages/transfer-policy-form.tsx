import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorLine, Field } from '../ui.js';
import { errorText } from './forms.js';

type Kind = 'download' | 'folder' | 'sftp' | 'https';
const ROLES = ['owner', 'manager', 'viewer'] as const;

/**
 * The owner's form for a new transfer policy: the same fields as
 * `premises transfer-policy add`, checked by the same code on the server
 * (src/egress/policies.ts) and audited as `transfer-policy.created`.
 */
export function PolicyForm(props: { done: (message: string) => void }): JSX.Element {
  const [kind, setKind] = useState<Kind>('download');
  const [v, setV] = useState<Record<string, string>>({ port: '22' });
  const [roles, setRoles] = useState<Set<string>>(new Set(['owner']));
  const [data, setData] = useState<Set<string>>(new Set(['exports']));
  const [approval, setApproval] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: string) => (e: { currentTarget: HTMLInputElement }) => setV({ ...v, [key]: e.currentTarget.value });
  const text = (key: string, label: string, hint?: string, extra: Record<string, string | boolean> = {}) => (
    <Field label={label} hint={hint}>
      {(id, hintId) => <input id={id} aria-describedby={hintId} type="text" name={key} required maxLength={1000} value={v[key] ?? ''} onInput={set(key)} {...extra} />}
    </Field>
  );
  const toggle = (s: Set<string>, setS: (s: Set<string>) => void, value: string, on: boolean) => {
    const next = new Set(s);
    if (on) next.add(value);
    else next.delete(value);
    setS(next);
  };
  const target = (): Record<string, unknown> => {
    switch (kind) {
      case 'download':
        return { roles: ROLES.filter((r) => roles.has(r)) };
      case 'folder':
        return { path: v['path'] ?? '' };
      case 'sftp':
        return { host: v['host'] ?? '', port: Number(v['port'] ?? '22'), path: v['remotePath'] ?? '', user: v['user'] ?? '', keyFile: v['keyFile'] ?? '', hostKeyFingerprint: v['hostKey'] ?? '' };
      case 'https':
        return { url: v['url'] ?? '', certFingerprint: v['cert'] ?? '' };
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    const expires = v['expires'] ? new Date(`${v['expires']}T23:59:59`) : null;
    if (!expires || Number.isNaN(expires.getTime())) {
      setError('Give the last day the policy is in force.');
      return;
    }
    setBusy(true);
    const body = {
      name: v['name'] ?? '',
      kind,
      ...target(),
      recipientOrg: v['recipient'] ?? '',
      country: v['country'] ?? '',
      legalBasis: v['basis'] ?? '',
      data: ['exports', 'backups'].filter((d) => data.has(d)),
      expiresAt: expires.toISOString(),
      requiresApproval: approval,
    };
    void api<{ policy: { name: string }; staleSigns: string[] }>('POST', '/api/transfer-policies', body)
      .then((r) => {
        setV({ port: '22' });
        setApproval(false);
        props.done(`Policy ${r.policy.name} added.${r.staleSigns.length ? ` The posted signs of ${r.staleSigns.join(', ')} now need reprinting (Compliance page).` : ''}`);
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <details class="panel policy-form">
      <summary>Add a transfer policy</summary>
      <form onSubmit={submit}>
        <p class="hint">
          A policy lets exports leave the premises to one exact destination, for one recipient and legal basis, until a date. Adding one is recorded in the audit log and may make
          the posted signs out of date.
        </p>
        <div class="row">
          {text('name', 'Policy name', 'Letters, digits, dots, dashes; e.g. insurer-2027.', { pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}', maxLength: '64' })}
          <Field label="Destination">
            {(id) => (
              <select id={id} name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
                <option value="download">Download from this dashboard</option>
                <option value="folder">A removable drive (folder)</option>
                <option value="sftp">An SFTP server</option>
                <option value="https">An HTTPS upload address</option>
              </select>
            )}
          </Field>
        </div>
        {kind === 'download' ? (
          <fieldset>
            <legend>Who may download</legend>
            {ROLES.map((r) => (
              <div class="field check" key={r}>
                <input type="checkbox" id={`policy-role-${r}`} name="roles" value={r} checked={roles.has(r)} onChange={(e) => toggle(roles, setRoles, r, e.currentTarget.checked)} />
                <label for={`policy-role-${r}`}>{r}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
        {kind === 'folder' ? text('path', 'Mount point of the drive', 'An absolute path such as /media/usb.') : null}
        {kind === 'sftp' ? (
          <div class="row">
            {text('host', 'SFTP host')}
            {text('port', 'SFTP port', undefined, { inputMode: 'numeric', pattern: '[0-9]{1,5}' })}
            {text('remotePath', 'Folder on the server')}
            {text('user', 'SFTP user')}
            {text('keyFile', 'Private key file on this machine', 'An absolute path; the key itself never leaves the disk.')}
            {text('hostKey', 'Server key fingerprint', 'SHA256:… as ssh-keygen -lf prints it.')}
          </div>
        ) : null}
        {kind === 'https' ? (
          <div class="row">
            {text('url', 'Upload address (https://…)')}
            {text('cert', 'Server certificate SHA-256', 'openssl x509 -noout -fingerprint -sha256')}
          </div>
        ) : null}
        <div class="row">
          {text('recipient', 'Recipient organisation')}
          {text('country', 'Recipient country')}
          {text('basis', 'Legal basis', 'e.g. "insurance claim 4411" or "police request 2027/118".')}
          <Field label="In force until (last day)">{(id) => <input id={id} type="date" name="expires" required value={v['expires'] ?? ''} onInput={set('expires')} />}</Field>
        </div>
        <fieldset>
          <legend>What may leave</legend>
          {['exports', 'backups'].map((d) => (
            <div class="field check" key={d}>
              <input type="checkbox" id={`policy-data-${d}`} name="data" value={d} checked={data.has(d)} onChange={(e) => toggle(data, setData, d, e.currentTarget.checked)} />
              <label for={`policy-data-${d}`}>{d}</label>
            </div>
          ))}
        </fieldset>
        <div class="field check">
          <input type="checkbox" id="policy-approval" name="requiresApproval" checked={approval} onChange={(e) => setApproval(e.currentTarget.checked)} />
          <label for="policy-approval">Each transfer needs a second person to approve it</label>
        </div>
        <ErrorLine error={error} />
        <button type="submit" disabled={busy}>
          Add the policy
        </button>
      </form>
    </details>
  );
}
