import { isIP } from 'node:net';
import { cliActor } from '../../audit/log.js';
import { hostOf } from '../../cameras/onvif/address.js';
import { addCameraByRtsp, addCameraByXaddr } from '../../cameras/service.js';
import { SecretBox } from '../../cameras/secret-box.js';
import { parseDuration } from '../../shared/duration.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

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
    'camera add (--xaddr URL | --rtsp URL [--sub-rtsp URL]) [--username U --password-stdin] [--id ID] [--name NAME] [--profile TOKEN] [--trust-host] [--timeout 5s] [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, {
      config: { type: 'string' },
      xaddr: { type: 'string' },
      rtsp: { type: 'string' },
      // The camera's second, smaller stream for grid tiles and thumbnails (an ONVIF camera reports its own).
      'sub-rtsp': { type: 'string' },
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
    if (values['sub-rtsp'] !== undefined && values.rtsp === undefined) throw new UsageError('--sub-rtsp goes with --rtsp (an ONVIF camera reports its sub stream itself)');
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
        const cam = addCameraByRtsp(deps, {
          rtspUrl: values.rtsp,
          actor,
          ...(values['sub-rtsp'] !== undefined ? { subRtspUrl: values['sub-rtsp'] } : {}),
          ...(values.id ? { id: values.id } : {}),
          ...(values.name ? { name: values.name } : {}),
          ...(credentials ? { credentials } : {}),
        });
        io.out(`Added camera ${cam.id} (${cam.rtspUrl ?? ''}${cam.subRtspUrl ? `; sub stream ${cam.subRtspUrl}` : ''}).`);
        return 0;
      }
      const xaddr = values.xaddr as string;
      let trustedHosts: string[] = [];
      if (values['trust-host']) {
        let host = '';
        try {
          host = hostOf(new URL(xaddr));
        } catch {
          /* reported below */
        }
        if (!isIP(host)) throw new UsageError('--trust-host needs an --xaddr with an IP address, not a host name');
        trustedHosts = [host];
      }
      const { camera: cam, onboarded: camera } = await addCameraByXaddr(deps, {
        xaddr,
        actor,
        policy: { allowLoopback: values['allow-loopback'] === true, trustedHosts },
        ...(credentials ? { credentials } : {}),
        ...(values.id ? { id: values.id } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(values.profile ? { profile: values.profile } : {}),
        ...(deadlineMs !== undefined ? { deadlineMs } : {}),
      });
      io.out(`Added camera ${cam.id}: ${camera.device.manufacturer} ${camera.device.model}, records profile ${camera.main.token} (${camera.main.codec} ${camera.main.width ?? '?'}x${camera.main.height ?? '?'}).`);
      for (const w of camera.warnings) io.err(`premises camera add: warning: ${w}`);
      return 0;
    } finally {
      ctx.close();
    }
  },
};
