import type { z } from 'zod';
import { signNetworkClaim } from '../../containment/status.js';
import type { Response, Router } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DOWNLOAD_ROLES, isActive, type NewPolicy, type PolicyTarget, type TransferableData, type TransferPolicy } from '../../policy/consent/transfer-policies.js';
import { recordSignStaleness } from '../../policy/consent/transfer-signs.js';
import { tarSize, tarStream } from '../../egress/tar.js';
import { DOWNLOAD_TICKET_TTL_MS, DownloadTickets } from '../../egress/download-tokens.js';
import { Transfers, type TransferRecord } from '../../egress/transfer.js';
import { PremisesError } from '../../shared/errors.js';
import { requireUser } from '../auth/middleware.js';
import { can, type AuthUser } from '../auth/roles.js';
import { actorOf } from '../auth/users.js';
import { NewPolicyBody, NewTransferBody, RevokePolicyBody } from '../contracts/transfers.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';
import { iso } from '../../shared/iso.js';

/**
 * Transfer policies and transfers (docs/transfers.md). Owners write and
 * revoke policies; owners and managers read them, see every transfer and
 * approve other people's; anyone with the export right on every camera of an
 * export may ask for a transfer of it, and download it under a `download`
 * policy naming their role. The bytes go through src/egress/ only.
 */

function managerUp(res: Response): AuthUser {
  const user = requireUser(res);
  if (user.role === 'viewer') throw new PremisesError('PermissionDenied', `your role (${user.role}) may not do this`);
  return user;
}

function owner(res: Response): AuthUser {
  const user = requireUser(res);
  if (user.role !== 'owner') throw new PremisesError('PermissionDenied', `your role (${user.role}) may not do this`);
  return user;
}

/** A viewer without any export right is turned away before anything is looked up. */
function mayExportSomething(user: AuthUser): void {
  if (user.role !== 'viewer') return;
  if (![...user.cameras.values()].some((r) => r.export)) throw new PremisesError('PermissionDenied', 'you have no export right on any camera');
}

function policyView(p: TransferPolicy, now: number) {
  const { target, ...rest } = p;
  return { ...rest, kind: target.kind, target, expiresAt: iso(p.expiresAt), createdAt: iso(p.createdAt), revokedAt: iso(p.revokedAt), active: isActive(p, now) };
}

function transferView(t: TransferRecord) {
  return { ...t, requestedAt: iso(t.requestedAt), finishedAt: iso(t.finishedAt) };
}

/** The target part of a checked policy body, without the policy's own fields. */
function targetOf(body: z.output<typeof NewPolicyBody>): PolicyTarget {
  switch (body.kind) {
    case 'folder':
      return { kind: body.kind, path: body.path };
    case 'sftp':
      return { kind: body.kind, host: body.host, port: body.port, path: body.path, user: body.user, keyFile: body.keyFile, hostKeyFingerprint: body.hostKeyFingerprint };
    case 'https':
      return { kind: body.kind, url: body.url, certFingerprint: body.certFingerprint };
    case 'download':
      return { kind: body.kind, roles: body.roles as (typeof DOWNLOAD_ROLES)[number][] };
    case 'backup': {
      const sftpField = (value: string | undefined, name: string): string => {
        if (value === undefined) throw new PremisesError('InvalidArgument', `${name}: an SFTP backup policy needs host, user, keyFile and hostKeyFingerprint`, { fields: [name] });
        return value;
      };
      const destination: Extract<PolicyTarget, { kind: 'folder' | 'sftp' }> =
        body.via === 'folder'
          ? { kind: 'folder', path: body.path }
          : {
              kind: 'sftp',
              host: sftpField(body.host, 'host'),
              port: body.port,
              path: body.path,
              user: sftpField(body.user, 'user'),
              keyFile: sftpField(body.keyFile, 'keyFile'),
              hostKeyFingerprint: sftpField(body.hostKeyFingerprint, 'hostKeyFingerprint'),
            };
      return { kind: 'backup', destination };
    }
  }
}

export function transferRoutes(router: Router, d: RouteDeps): void {
  const transfers = () => new Transfers({ db: d.db, layout: d.layout, audit: d.audit, clock: d.clock });

  router.get(
    '/api/transfer-policies',
    (_req, res) => {
      managerUp(res);
      const now = d.clock.now();
      res.json({ policies: transfers().policies.list({ includeInactive: true }).map((p) => policyView(p, now)) });
    },
  );

  router.post(
    '/api/transfer-policies',
    (req, res) => {
      const user = owner(res);
      const body = bodyOf(req, NewPolicyBody);      const policy: NewPolicy = {
        name: body.name,
        target: targetOf(body),
        recipientOrg: body.recipientOrg,
        country: body.country,
        legalBasis: body.legalBasis,
        // Which data and which roles are known is the policy store's check (policies.add names the wrong one).
        data: (body.data ?? (body.kind === 'backup' ? ['backups'] : ['exports'])) as TransferableData[],
        expiresAt: body.expiresAt,
        requiresApproval: body.requiresApproval,
      };
      const p = transfers().policies.add(policy, actorOf(user), d.layout.dataDir);
      const staleSigns = recordSignStaleness(d.loaded.config, d.db, d.audit, d.clock, d.alarms, signNetworkClaim(d.db, d.loaded.config.cameraNetwork, d.clock.now()));
      res.status(201).json({ policy: policyView(p, d.clock.now()), staleSigns });
    },
  );

  router.post(
    '/api/transfer-policies/:name/revoke',
    (req, res) => {
      const user = owner(res);
      const { reason } = bodyOf(req, RevokePolicyBody);
      const p = transfers().policies.revoke(req.params['name'], reason, actorOf(user));
      const staleSigns = recordSignStaleness(d.loaded.config, d.db, d.audit, d.clock, d.alarms, signNetworkClaim(d.db, d.loaded.config.cameraNetwork, d.clock.now()));
      res.json({ policy: policyView(p, d.clock.now()), staleSigns });
    },
  );

  router.get(
    '/api/transfers',
    (_req, res) => {
      managerUp(res);
      res.json({ transfers: transfers().list().map(transferView) });
    },
  );

  router.post(
    '/api/exports/:id/transfers',
    async (req, res) => {
      const user = requireUser(res);
      mayExportSomething(user);
      const { policy } = bodyOf(req, NewTransferBody);
      const t = await transfers().request(req.params['id'], policy, {
        actor: actorOf(user),
        via: 'api',
        role: user.role,
        mayExport: (camera) => can(user, 'camera.export', camera),
      });
      res.status(201).json({ transfer: transferView(t) });
    },
  );

  router.post(
    '/api/transfers/:id/approve',
    async (req, res) => {
      const user = managerUp(res);
      const id = Number(req.params['id']);
      if (!Number.isInteger(id) || id <= 0) throw new PremisesError('NotFound', `no transfer ${req.params['id'] ?? ''}`);
      const t = await transfers().approve(id, actorOf(user));
      res.json({ transfer: transferView(t) });
    },
  );

  // The dashboard's download button. Asking is a POST (it writes a transfer row and audit entries); it returns a
  // one-time ticket whose GET streams the tar, so no GET changes anything but the ticket it spends.
  const tickets = new DownloadTickets();
  const endLapsed = (service: Transfers) => {
    for (const t of tickets.lapsed(d.clock.now())) {
      if (t.endIfUnused) service.abandon(t.transferId, `the download was not started within ${DOWNLOAD_TICKET_TTL_MS / 60_000} minutes of being asked for; ask again`);
    }
  };
  router.post(
    '/api/exports/:id/download',
    async (req, res) => {
      const user = requireUser(res);
      mayExportSomething(user);
      const exportId = req.params['id'];
      const { policy } = bodyOf(req, NewTransferBody);      const service = transfers();
      endLapsed(service);
      const needsApproval = service.policies.get(policy)?.requiresApproval === true;
      const id = await service.downloadFor(exportId, policy, { actor: actorOf(user), via: 'download', role: user.role, mayExport: (camera) => can(user, 'camera.export', camera) });
      const ticket = tickets.issue({ transferId: id, exportId, username: user.username, endIfUnused: !needsApproval }, d.clock.now());
      res.status(201).json({ transfer: transferView(service.get(id)!), url: `/api/downloads/${ticket.token}`, expiresAt: iso(ticket.expiresAt) });
    },
  );

  router.get(
    '/api/downloads/:token',
    async (req, res) => {
      const user = requireUser(res);
      const service = transfers();
      endLapsed(service);
      const ticket = tickets.take(req.params['token'], user.username, d.clock.now());
      if (!ticket) throw new PremisesError('NotFound', 'this download link was used already, has lapsed or is not yours; ask for the download again');
      const { exportId } = ticket;
      try {
        await service.send(ticket.transferId, async (files, onBytes) => {
          res.status(200);
          res.setHeader('Content-Type', 'application/x-tar');
          res.setHeader('Content-Length', String(tarSize(files)));
          res.setHeader('Content-Disposition', `attachment; filename="premises-export-${exportId}.tar"`);
          res.setHeader('Cache-Control', 'no-store');
          let sent = 0;
          const counted = async function* () {
            for await (const chunk of tarStream(`premises-export-${exportId}`, files, Math.floor(d.clock.now() / 1000))) {
              sent += chunk.length;
              onBytes(sent);
              yield chunk;
            }
          };
          await pipeline(Readable.from(counted()), res);
          return sent;
        });
      } catch (err) {
        // Once bytes are on the wire no JSON error can follow: end the connection (the transfer is audited as failed).
        if (res.headersSent) {
          res.destroy();
          return;
        }
        throw err;
      }
    },
  );
}
