import { api } from './api.js';

/**
 * Downloading an export is a transfer (a row and audit entries), so it is
 * asked for with a POST; the server answers with a one-time link that the
 * browser then follows to save the tar.
 */
export async function downloadExport(exportId: string, policy: string): Promise<void> {
  const r = await api<{ url: string }>('POST', `/api/exports/${encodeURIComponent(exportId)}/download`, { policy });
  const link = document.createElement('a');
  link.href = r.url;
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
