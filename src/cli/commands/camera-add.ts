import { isIP } from 'node:net';
import { cliActor } from '../../audit/log.js';
import { hostOf } from '../../cameras/onvif/address.js';
import { onboard } from '../../cameras/onvif/onboard.js';
import { addOnvifCamera, addRtspCamera, suggestId } from '../../cameras/registry.js';
import { SecretBox } from '../../cameras/secret-box.js';
import { parseDuration } from '../../shared/duration.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';

/** Read a password from standard input: at most 4 KiB, one trailing newline removed. */
export async function readPasswordStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > 4096) throw new UsageError('--password-stdin: the password is longer than 4 KiB');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export const cameraAdd: Command = {
  name: 'camera add',
  summary: 'Add a camera by ONVIF device address (asks it for its streams) or by RTSP URL',
  usage:
    'camera add (--xaddr URL | --rtsp URL) [--username U --password-stdin] [--id ID] [--name NAME] [--profile TOKEN] [--trust-host] [--timeout 5s] [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, {
      config: { type: 'string' },
      xaddr: { type: 'string' },
      rtsp: { type: 'string' },
      username: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      id: { type: 'string' },
      name: { type: 'string' },
      profile: { type: 'string' },
      timeout: { type: 'string' },
      // The owner vouches for this one host although it is not a LAN address.
      'trust-host': { type: 'boolean' },
      // For tests and the demo, where simulated cameras listen on 127.0.0.1.
      'allow-loopback': { type: 'boolean' },
    });
    if ((values.xaddr === undefined) === (values.rtsp === undefined)) throw new UsageError('give exactly one of --xaddr or --rtsp');
    if (values['password-stdin'] && !values.username) throw new UsageError('--password-stdin needs --username');
    if (values.username && !values['password-stdin']) throw new UsageError('--username needs --password-stdin (passwords are never given on the command line)');
    let deadlineMs: number | undefined;
    if (values.timeout !== undefined) {
      const ms = parseDuration(values.timeout);
      if (ms === undefined || ms <= 0 || ms > 60_000) throw new UsageError(`--timeout: "${values.timeout}" is not a duration up to 60s`);
      deadlineMs = ms;
    }
    const credentials = values.username ? { username: values.username, password: await readPasswordStdin(io.stdin) } : undefined;

    const ctx = openContext(values.config, { env: io.env });
    try {
      const box = SecretBox.open(ctx.layout.keysDir);
      const deps = { db: ctx.db, audit: ctx.audit, clock: ctx.clock, box };
      const actor = cliActor();
      if (values.rtsp !== undefined) {
        const id = values.id ?? suggestId(ctx.db, values.name ?? new URL(values.rtsp).hostname);
        const cam = addRtspCamera(deps, { id, rtspUrl: values.rtsp, actor, ...(values.name ? { name: values.name } : {}), ...(credentials ? { credentials } : {}) });
        io.out(`Added camera ${cam.id} (${cam.rtspUrl ?? ''}).`);
        return 0;
      }
      const xaddr = values.xaddr as string;
      let trustedHosts: string[] = [];
      if (values['trust-host']) {
        const host = hostOf(new URL(xaddr));
        if (!isIP(host)) throw new UsageError('--trust-host needs an --xaddr with an IP address, not a host name');
        trustedHosts = [host];
      }
      const camera = await onboard({
        xaddr,
        clock: ctx.clock,
        policy: { allowLoopback: values['allow-loopback'] === true, trustedHosts },
        ...(credentials ? { credentials } : {}),
        ...(values.profile ? { profile: values.profile } : {}),
        ...(deadlineMs !== undefined ? { deadlineMs } : {}),
      });
      const id = values.id ?? suggestId(ctx.db, values.name ?? (camera.device.model || 'camera'));
      const cam = addOnvifCamera(deps, { id, camera, actor, ...(values.name ? { name: values.name } : {}), ...(credentials ? { credentials } : {}) });
      io.out(`Added camera ${cam.id}: ${camera.device.manufacturer} ${camera.device.model}, records profile ${camera.main.token} (${camera.main.codec} ${camera.main.width ?? '?'}x${camera.main.height ?? '?'}).`);
      for (const w of camera.warnings) io.err(`premises camera add: warning: ${w}`);
      return 0;
    } finally {
      ctx.close();
    }
  },
};
