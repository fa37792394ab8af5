import type { JSX } from 'preact';
import type { UserView } from '../api-types.js';
import { useState } from 'preact/hooks';
import { api, type CameraView } from '../api.js';
import type { App } from '../app.js';
import { when } from '../format.js';
import { useLoad, useOutcome } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ColumnHeads, ErrorLine, Field, OutcomeLines } from '../ui.js';
import { errorText } from './forms.js';

const RIGHTS = ['live', 'playback', 'export'] as const;
type Right = (typeof RIGHTS)[number];
type Rights = Record<string, Record<Right, boolean>>;

function rightsText(u: UserView): string {
  if (u.role !== 'viewer') return 'every camera';
  const parts = Object.entries(u.cameras).map(([camera, r]) => `${camera}: ${RIGHTS.filter((k) => r[k]).join(', ') || 'none'}`);
  return parts.length ? parts.join('; ') : 'no camera';
}

/** Only cameras with at least one right ticked, as the API wants them. */
function granted(rights: Rights): Rights {
  return Object.fromEntries(Object.entries(rights).filter(([, r]) => Object.values(r).some(Boolean)));
}

const ROLE_CHOICES: [UserView['role'], string][] = [
  ['viewer', 'Viewer: only the cameras ticked below'],
  ['manager', 'Manager: every camera, alarms, pauses'],
  ['owner', 'Owner: everything, including accounts and the audit log'],
];

function RoleSelect(props: { label: string; name: string; value: UserView['role']; onChange: (role: UserView['role']) => void }): JSX.Element {
  return (
    <Field label={props.label}>
      {(id) => (
        <select id={id} name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as UserView['role'])}>
          {ROLE_CHOICES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * A table of per-camera rights. `label` names each box for screen readers and
 * tests ("live on Door" for a new account, "live of Door for clerk" when changing one).
 */
function RightsGrid(props: { cameras: CameraView[]; legend: string; label: (right: string, camera: CameraView) => string; value: Rights; onChange: (r: Rights) => void; disabled: boolean }): JSX.Element {
  const toggle = (camera: string, right: Right, on: boolean) => {
    const current = props.value[camera] ?? { live: false, playback: false, export: false };
    props.onChange({ ...props.value, [camera]: { ...current, [right]: on } });
  };
  return (
    <fieldset class="rights" disabled={props.disabled}>
      <legend>{props.legend}</legend>
      {props.cameras.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Camera</th>
              {RIGHTS.map((r) => (
                <th scope="col" key={r}>
                  {r}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.cameras.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                {RIGHTS.map((r) => (
                  <td key={r}>
                    <input type="checkbox" aria-label={props.label(r, c)} checked={props.value[c.id]?.[r] === true} onChange={(e) => toggle(c.id, r, e.currentTarget.checked)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No cameras yet.</p>
      )}
    </fieldset>
  );
}

/** Change an existing account's role and camera rights; takes effect on that person's next click. */
function AccessForm(props: { u: UserView; cameras: CameraView[]; done: (message: string) => void; fail: (err: unknown) => void }): JSX.Element {
  const u = props.u;
  const [role, setRole] = useState(u.role);
  const [rights, setRights] = useState<Rights>(u.cameras);
  return (
    <form
      class="access"
      onSubmit={(e) => {
        e.preventDefault();
        void api('PUT', `/api/users/${encodeURIComponent(u.username)}`, { role, ...(role === 'viewer' ? { cameras: granted(rights) } : {}) })
          .then(() => props.done(`Access of ${u.username} changed.`))
          .catch(props.fail);
      }}
    >
      <RoleSelect label={`Access level of ${u.username}`} name={`role-${u.username}`} value={role} onChange={setRole} />
      <RightsGrid cameras={props.cameras} legend={`Camera rights of ${u.username} as a viewer`} label={(r, c) => `${r} of ${c.name} for ${u.username}`} value={rights} onChange={setRights} disabled={role !== 'viewer'} />
      <button type="submit">{`Save the access of ${u.username}`}</button>
    </form>
  );
}

function NewAccount(props: { cameras: CameraView[]; done: (message: string) => void }): JSX.Element {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<UserView['role']>('viewer');
  const [rights, setRights] = useState<Rights>({});
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    void api('POST', '/api/users', { username, password, role, ...(role === 'viewer' ? { cameras: granted(rights) } : {}) })
      .then(() => {
        const name = username;
        setUsername('');
        setPassword('');
        setRights({});
        props.done(`Account ${name} created.`);
      })
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <form onSubmit={submit}>
      <h2>Add an account</h2>
      <Field label="User name">{(id) => <input id={id} name="new-username" autocomplete="off" required minLength={2} maxLength={64} value={username} onInput={(e) => setUsername(e.currentTarget.value)} />}</Field>
      <Field label="Password" hint="At least 12 characters. Give it to the person in private; they change it under My account.">
        {(id, hint) => <input id={id} aria-describedby={hint} name="new-password" type="password" autocomplete="new-password" required minLength={12} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
      </Field>
      <RoleSelect label="Role" name="role" value={role} onChange={setRole} />
      <RightsGrid cameras={props.cameras} legend="Camera rights for a viewer" label={(r, c) => `${r} on ${c.name}`} value={rights} onChange={setRights} disabled={role !== 'viewer'} />
      <ErrorLine error={error} />
      <button type="submit">Add the account</button>
    </form>
  );
}

/** Accounts (owner only): who may log in, with which role and, for viewers, which cameras. */
function UsersPage(props: { app: App }): JSX.Element {
  const data = useLoad(() => Promise.all([api<{ users: UserView[] }>('GET', '/api/users'), api<{ cameras: CameraView[] }>('GET', '/api/cameras')]));
  const outcome = useOutcome(() => data.reload());
  const { done, fail } = outcome;
  const disable = (u: UserView) => {
    if (!window.confirm(`Disable ${u.username}? They can no longer log in; this cannot be undone.`)) return;
    void api('POST', `/api/users/${encodeURIComponent(u.username)}/disable`)
      .then(() => done(`${u.username} disabled.`))
      .catch(fail);
  };
  const me = props.app.user?.username;
  return (
    <>
      <h1>Users</h1>
      <OutcomeLines outcome={outcome} loadError={data.error} />
      {!data.data ? (
        <p>Loading…</p>
      ) : (
        <>
          <div class="scroll">
            <table class="users">
              <ColumnHeads names={['User', 'Role', 'Cameras', 'Since', '']} />
              <tbody>
                {data.data[0].users.map((u) => (
                  // Keyed by account and what it may do: a saved change resets that row's form to the stored values.
                  <tr key={`${u.username}/${u.role}/${JSON.stringify(u.cameras)}`}>
                    <td>{u.username}</td>
                    <td>{u.role}</td>
                    <td>{rightsText(u)}</td>
                    <td>{when(new Date(u.createdAt).toISOString())}</td>
                    <td>
                      {u.username === me ? null : (
                        <>
                          <details>
                            <summary>{`Change access of ${u.username}`}</summary>
                            <AccessForm u={u} cameras={data.data![1].cameras} done={done} fail={fail} />
                          </details>
                          <button type="button" onClick={() => disable(u)}>
                            {`Disable ${u.username}`}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <NewAccount cameras={data.data[1].cameras} done={done} />
        </>
      )}
    </>
  );
}

export const usersPage = preactPage({ path: '/users', title: 'Users', needsUser: true, inMenu: (user) => user?.role === 'owner' }, UsersPage);
