import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { App } from '../app.js';
import { preactPage } from '../preact-page.js';
import { ErrorLine, Field } from '../ui.js';
import { errorText } from './forms.js';
import { NotificationSetting } from '../notify.js';

/** Your own account: change the password (every other session of yours ends). */
function AccountPage(props: { app: App }): JSX.Element {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    setStatus('');
    if (next !== again) {
      setError('The two new passwords differ.');
      return;
    }
    void api<{ otherSessionsEnded: number }>('POST', '/api/password', { current, password: next })
      .then((r) => {
        setCurrent('');
        setNext('');
        setAgain('');
        setStatus(`Password changed.${r.otherSessionsEnded ? ` ${r.otherSessionsEnded} other session(s) logged out.` : ''}`);
      })
      .catch((err: unknown) => setError(errorText(err)));
  };
  const user = props.app.user;
  return (
    <>
      <h1>My account</h1>
      <p>{`${user?.username ?? ''} · ${user?.role ?? ''}`}</p>
      <p role="status" class="status">
        {status}
      </p>
      <form onSubmit={submit}>
        <h2>Change your password</h2>
        <Field label="Current password">
          {(id) => <input id={id} type="password" name="current-password" autocomplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />}
        </Field>
        <Field label="New password" hint="At least 12 characters.">
          {(id, hint) => <input id={id} aria-describedby={hint} type="password" name="new-password" autocomplete="new-password" required minLength={12} value={next} onInput={(e) => setNext(e.currentTarget.value)} />}
        </Field>
        <Field label="New password again">
          {(id) => <input id={id} type="password" name="new-password2" autocomplete="new-password" required minLength={12} value={again} onInput={(e) => setAgain(e.currentTarget.value)} />}
        </Field>
        <ErrorLine error={error} />
        <button type="submit">Change the password</button>
      </form>
      <NotificationSetting user={user} />
    </>
  );
}

export const accountPage = preactPage({ path: '/account', title: 'My account', needsUser: true, inMenu: (user) => user !== null }, AccountPage);
