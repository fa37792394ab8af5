/**
 * Camera credentials must never reach a log, an error or an API answer.
 * ffmpeg repeats the input URL in its stderr, so everything that came from a
 * camera process passes through here before it is logged.
 */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@]+)@/gi;
const QUERY_SECRET = /([?&](?:password|passwd|pwd|pass|user|username|token|auth|key)=)[^&\s]*/gi;
const HEADER_SECRET = /(authorization:\s*)(basic|digest|bearer)\s+[^\r\n]*/gi;

export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text.replace(URL_USERINFO, '$1***@').replace(QUERY_SECRET, '$1***').replace(HEADER_SECRET, '$1$2 ***');
  for (const secret of extraSecrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
    // ffmpeg may print the URL-encoded form of a password.
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && encoded.length >= 3) out = out.split(encoded).join('***');
  }
  return out;
}

/** A URL fit for logs: same host and path, no user info, no secret query values. */
export function redactUrl(url: string): string {
  return redactSecrets(url);
}
