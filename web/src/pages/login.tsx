import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type User } from '../api.js';
import type { App } from '../app.js';
import { preactPage } from '../preact-page.js';
import { ErrorLine, Field } from '../ui.js';
import { errorText } from './forms.js';

function LoginPage(props: { app: App }): JSX.Element {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);
  useEffect(() => userField.current?.focus(), []);
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    void api<{ user: User; csrfToken: string }>('POST', '/api/login', { username, password })
      .then((r) => {
        props.app.signedIn(r);
        props.app.go('/cameras');
      })
      .catch((err: unknown) => {
        setError(errorText(err));
        setPassword('');
        passwordField.current?.focus();
      })
      .finally(() => setBusy(false));
  };
  return (
    <>
      <h1>Log in</h1>
      <form onSubmit={submit}>
        <Field label="User name">
          {(id) => <input id={id} ref={userField} name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />}
        </Field>
        <Field label="Password">
          {(id) => <input id={id} ref={passwordField} name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        <ErrorLine error={error} />
        <button type="submit" disabled={busy}>
          Log in
        </button>
      </form>
    </>
  );
}

export const loginPage = preactPage({ path: '/login', title: 'Log in', needsUser: false, inMenu: (user) => user === null }, LoginPage);
