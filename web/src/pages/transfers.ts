import { api } from '../api.js';
import type { Page } from '../app.js';
import { field, h, replace, when } from '../dom.js';
import { errorText, isManager } from './forms.js';
import { downloadExport } from '../download.js';

/**
 * Transfers (docs/transfers.md): the policies in force, the transfers asked
 * for, approval by a second person, and the download button. Policies are
 * written with `premises transfer-policy add` (their keys and fingerprints
 * belong on the command line); the owner may revoke one here.
 */
interface PolicyView {
  name: string;
  kind: string;
  recipientOrg: string;
  country: string;
  legalBasis: string;
  data: string[];
  expiresAt: string;
  requiresApproval: boolean;
  active: boolean;
  revokedAt: string | null;
  target: { kind: string; roles?: string[]; host?: string; path?: string; url?: string };
}

interface TransferView {
  id: number;
  exportId: string;
  policy: string;
  requestedBy: string;
  requestedAt: string;
  state: string;
  bytesSent: number | null;
  reason: string | null;
  approvedBy: string | null;
}

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

export const transfersPage: Page = {
  path: '/transfers',
  title: 'Transfers',
  needsUser: true,
  inMenu: (user) => user !== null && (isManager(user.role) || Object.values(user.cameras).some((r) => r.export)),
  async render(main, app) {
    const me = app.user;
    const manager = isManager(me?.role);
    const [policies, transfers] = manager
      ? await Promise.all([api<{ policies: PolicyView[] }>('GET', '/api/transfer-policies'), api<{ transfers: TransferView[] }>('GET', '/api/transfers')])
      : [{ policies: [] as PolicyView[] }, { transfers: [] as TransferView[] }];
    const status = h('p', { role: 'status', class: 'status' });
    const error = h('p', { class: 'error', role: 'alert' });
    const again = (message: string) => {
      void Promise.resolve(transfersPage.render(main, app)).then(() => {
        const s = main.querySelector('[role="status"]');
        if (s) s.textContent = message;
      });
    };
    const fail = (err: unknown) => {
      error.textContent = errorText(err);
    };

    const exportId = h('input', { type: 'text', name: 'export', required: true, maxlength: 80, autocomplete: 'off' });
    const policy = h('input', { type: 'text', name: 'policy', required: true, maxlength: 64, autocomplete: 'off' });
    const download = h(
      'button',
      {
        type: 'button',
        class: 'button',
        onclick: () => {
          error.textContent = '';
          downloadExport(exportId.value.trim(), policy.value.trim()).catch(fail);
        },
      },
      'Download',
    );
    const ask = h(
      'form',
      {
        class: 'panel',
        onsubmit: (e: Event) => {
          e.preventDefault();
          error.textContent = '';
          void api<{ transfer: TransferView }>('POST', `/api/exports/${encodeURIComponent(exportId.value.trim())}/transfers`, { policy: policy.value.trim() })
            .then((r) =>
              again(
                r.transfer.state === 'awaiting-approval'
                  ? `Transfer ${r.transfer.id} waits for a second person to approve it.`
                  : r.transfer.state === 'approved'
                    ? `Transfer ${r.transfer.id} is allowed: download it.`
                    : `Transfer ${r.transfer.id}: ${r.transfer.state}.`,
              ),
            )
            .catch(fail);
        },
      },
      h('h2', {}, 'Send or download an export'),
      h('p', { class: 'hint' }, 'Footage leaves only under a transfer policy; every request, approval, refusal and transfer is in the audit log.'),
      h('div', { class: 'row' }, field('Export id', exportId, 'As `premises export` printed it.'), field('Transfer policy', policy, 'Its name, as the owner set it up.')),
      error,
      h('button', { type: 'submit' }, 'Ask for the transfer'),
      ' ',
      download,
    );

    const policyRows = policies.policies.map((p) => {
      const reason = h('input', { type: 'text', name: `revoke-${p.name}`, required: true, maxlength: 500 });
      return h(
        'tr',
        { 'data-policy': p.name },
        h('td', {}, p.name),
        h('td', {}, destination(p)),
        h('td', {}, `${p.recipientOrg} (${p.country})`),
        h('td', {}, p.legalBasis),
        h('td', {}, p.data.join(', ')),
        h('td', {}, p.revokedAt ? `revoked ${when(p.revokedAt)}` : p.active ? `until ${when(p.expiresAt)}` : `expired ${when(p.expiresAt)}`),
        h('td', {}, p.requiresApproval ? 'yes' : 'no'),
        h(
          'td',
          {},
          me?.role === 'owner' && p.active
            ? h(
                'form',
                {
                  onsubmit: (e: Event) => {
                    e.preventDefault();
                    void api('POST', `/api/transfer-policies/${encodeURIComponent(p.name)}/revoke`, { reason: reason.value })
                      .then(() => again(`Policy ${p.name} revoked. Reprint the signs on the Compliance page.`))
                      .catch(fail);
                  },
                },
                field(`Why revoke ${p.name}?`, reason),
                h('button', { type: 'submit' }, `Revoke ${p.name}`),
              )
            : '',
        ),
      );
    });

    const transferRows = transfers.transfers
      .slice()
      .reverse()
      .map((t) =>
        h(
          'tr',
          { 'data-transfer': t.id },
          h('td', {}, String(t.id)),
          h('td', {}, when(t.requestedAt)),
          h('td', {}, t.exportId),
          h('td', {}, t.policy),
          h('td', {}, t.requestedBy),
          h('td', {}, t.state, t.approvedBy ? ` (approved by ${t.approvedBy})` : '', t.reason ? `: ${t.reason}` : ''),
          h('td', {}, t.bytesSent === null ? '' : String(t.bytesSent)),
          h(
            'td',
            {},
            t.state === 'awaiting-approval' && t.requestedBy !== `user:${me?.username ?? ''}`
              ? h(
                  'button',
                  {
                    type: 'button',
                    onclick: () => {
                      void api<{ transfer: TransferView }>('POST', `/api/transfers/${t.id}/approve`)
                        .then((r) => again(`Transfer ${t.id} approved: ${r.transfer.state}.`))
                        .catch(fail);
                    },
                  },
                  `Approve transfer ${t.id}`,
                )
              : '',
          ),
        ),
      );

    replace(
      main,
      h('h1', {}, 'Transfers'),
      status,
      ask,
      manager
        ? [
            h('h2', {}, 'Transfer policies'),
            policyRows.length
              ? h(
                  'table',
                  {},
                  h('thead', {}, h('tr', {}, ['Name', 'Destination', 'Recipient', 'Legal basis', 'Data', 'In force', 'Second person', ''].map((t) => h('th', {}, t)))),
                  h('tbody', {}, policyRows),
                )
              : h('p', {}, 'No transfer policy: nothing leaves the premises. The owner adds one with premises transfer-policy add.'),
            h('h2', {}, 'Transfers asked for'),
            transferRows.length
              ? h(
                  'table',
                  {},
                  h('thead', {}, h('tr', {}, ['#', 'Asked', 'Export', 'Policy', 'By', 'State', 'Bytes', ''].map((t) => h('th', {}, t)))),
                  h('tbody', {}, transferRows),
                )
              : h('p', {}, 'No transfer yet.'),
          ]
        : [],
    );
  },
};
