import { useState } from 'preact/hooks';
import { api } from './api.js';
import { errorText } from './pages/forms.js';

/** Sends one change; resolves true when it was accepted (the error is shown otherwise). */
export type Act = (path: string, body: unknown, message: string) => Promise<boolean>;

/**
 * A page's POST actions with one status line and one error line: after a
 * change is accepted the page's data is read again, then the message shown.
 */
export function usePost(reload: () => Promise<void>): { act: Act; status: string; error: string | null } {
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act: Act = (path, body, message) =>
    api('POST', path, body)
      .then(() => reload())
      .then(() => {
        setError(null);
        setStatus(message);
        return true;
      })
      .catch((err: unknown) => {
        setError(errorText(err));
        return false;
      });
  return { act, status, error };
}
