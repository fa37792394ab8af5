import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type User } from '../api.js';
import type { App } from '../app.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ErrorLine, Field } from '../ui.js';
import { errorText } from './forms.js';

interface SetupInfo {
  needed: boolean;
  business: { name: string; address: string; contact: { name: string; phone?: string; email?: string } } | null;
  jurisdiction: string;
  timezone: string;
  configPath: string;
  tlsFingerprint: string | null;
}

function BusinessProfile(props: { info: SetupInfo; confirmed: boolean; onConfirm: (v: boolean) => void }): JSX.Element {
  const { info } = props;
  const b = info.business;
  if (!b) {
    return (
      <section class="warn">
        <h2>Business profile missing</h2>
        <p>
          {'No business: section in '}
          <code>{info.configPath}</code>
          {'. Cameras will not record until it is there (name, address, accountable contact). You can still create the owner account now.'}
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="profile-h">
      <h2 id="profile-h">Business profile</h2>
      <p>This is printed on your privacy signs and in the record of processing. Check it now.</p>
      <dl>
        <dt>Business</dt>
        <dd>{b.name}</dd>
        <dt>Address</dt>
        <dd>{b.address}</dd>
        <dt>Accountable contact</dt>
        <dd>{[b.contact.name, b.contact.phone, b.contact.email].filter(Boolean).join(' · ')}</dd>
        <dt>Privacy rules followed</dt>
        <dd>{info.jurisdiction}</dd>
        <dt>Time zone</dt>
        <dd>{info.timezone}</dd>
      </dl>
      <p class="hint">
        {'To change it, edit the business: section of '}
        <code>{info.configPath}</code>
        {' and restart Premises; then open a fresh setup link.'}
      </p>
      <div class="field check">
        <input type="checkbox" name="businessConfirmed" id="business-confirmed" checked={props.confirmed} onChange={(e) => props.onConfirm(e.currentTarget.checked)} />
        <label for="business-confirmed">The business profile above is correct</label>
      </div>
    </section>
  );
}

/** First run: create the owner account with the one-time link's token, and confirm the business profile. */
function SetupPage(props: { app: App }): JSX.Element {
  const token = props.app.params.get('token') ?? '';
  const setup = useLoad(() => api<SetupInfo>('GET', '/api/setup'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const userField = useRef<HTMLInputElement>(null);
  const info = setup.data;
  useEffect(() => {
    if (info) userField.current?.focus();
  }, [info !== null]);
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    if (password !== again) {
      setError('The two passwords differ.');
      return;
    }
    void api<{ user: User; csrfToken: string }>('POST', '/api/setup', { token, username, password, businessConfirmed: confirmed })
      .then((r) => {
        props.app.signedIn(r);
        props.app.go('/cameras');
      })
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <>
      <h1>Set up Premises</h1>
      {token ? null : (
        <p class="error" role="alert">
          This page needs the one-time link printed by "premises start". Run "premises setup-link" on the recorder for a fresh one.
        </p>
      )}
      <ErrorLine error={setup.error} />
      {!info ? null : (
        <>
          {info.tlsFingerprint ? (
            <p>
              {'Check that your browser shows this certificate fingerprint (SHA-256): '}
              <code class="fingerprint">{info.tlsFingerprint}</code>
            </p>
          ) : null}
          <form onSubmit={submit}>
            <h2>Owner account</h2>
            <Field label="User name">
              {(id) => <input id={id} ref={userField} name="username" autocomplete="username" required minLength={2} maxLength={64} value={username} onInput={(e) => setUsername(e.currentTarget.value)} />}
            </Field>
            <Field label="Password" hint="At least 12 characters. A few unrelated words make a good one.">
              {(id, hint) => (
                <input id={id} aria-describedby={hint} name="password" type="password" autocomplete="new-password" required minLength={12} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
              )}
            </Field>
            <Field label="Password again">
              {(id) => <input id={id} name="password2" type="password" autocomplete="new-password" required minLength={12} value={again} onInput={(e) => setAgain(e.currentTarget.value)} />}
            </Field>
            <BusinessProfile info={info} confirmed={confirmed} onConfirm={setConfirmed} />
            <ErrorLine error={error} />
            <button type="submit">Create the owner account</button>
          </form>
        </>
      )}
    </>
  );
}

export const setupPage = preactPage({ path: '/setup', title: 'Set up', needsUser: false, inMenu: () => false }, SetupPage);
