import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { buildRuleset, TABLE_FAMILY, TABLE_NAME } from '../../src/containment/ruleset.js';
import { runIn } from '../support/netns.js';
import { RtspServer } from '../support/rtsp.js';
import { asUserArgv, makeTestUser, removeTestUser, type TestUser } from '../support/test-user.js';

/**
 * The container install as an owner runs it, for real: the base images made
 * from Debian packages (deploy/container/build-base.sh, cached by content
 * hash), the app image from the Dockerfile, and docker-compose.yml started by
 * podman-compose with the example config. The recorder box is a network
 * namespace with a private LAN address, so the dashboard listens on HTTPS as
 * on a restaurant's LAN; the demo camera (GStreamer) runs in the same
 * namespace, and the container shares it (host networking). The same box as
 * a systemd machine runs the service unit, then the unit with the
 * camera-network drop-in (gateway mode): the camera port is a veth pair from
 * the recorder's namespace to a camera namespace of the test's own.
 *
 * Two adaptations to this CI machine, both outside the project's files: the
 * kernel's cgroup v1/v2 hybrid, which crun 1.8 refuses (Debian's runc is used),
 * and podman's default process limits, above what this sandbox lets a process
 * raise (set to lower values). Both go into a containers.conf of the test's own.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PROJECT = `premtest${process.pid}`;
const CONTAINER = `${PROJECT}_premises_1`;
const VOLUME = `${PROJECT}_premises-data`;
const NS = `premctr-${process.pid}`;
const LAN = '10.213.7.1';
const PORT = 8443;
const IMAGE = 'localhost/premises:ci';
const SYSTEMD_IMAGE = `localhost/premises-systemd-test:${process.pid}`;
const SYSTEMD_CONTAINER = `premsystemd${process.pid}`;
/** The camera side of gateway mode: a namespace of its own, linked to the recorder's by a veth pair. */
const CAMERA_NS = `premcam-${process.pid}`;
const CAMERA_IF = 'cam0';
const CAMERA_FAR_IF = 'cam1';
const CAMERA_SUBNET = '10.214.7.0/24';
const CAMERA_GATEWAY = '10.214.7.1';
const CAMERA_LEASE_IP = '10.214.7.11';
const CAMERA_MAC = '02:00:00:d6:07:11';
/** Another program's table in the recorder's namespace: gateway mode must leave it exactly as it is. */
const OTHER_TABLE = 'table inet other_app {\n  chain input { type filter hook input priority 10; policy accept; tcp dport 9999 accept; }\n}\n';

/**
 * A Debian machine booting systemd: the runtime base (Debian + Node + ffmpeg),
 * Debian's systemd, the program as the image installs it in /opt/premises, and
 * the README's service install: a system user, the unit, the config in
 * /etc/premises, `systemctl enable`. Node is where the unit expects it.
 * Gateway mode's packages (docs/containment.md) are installed too, for the
 * camera-network drop-in; chrony's own service is masked: the machine's time
 * service is not what is tested, and Premises runs its own chronyd.
 */
const SYSTEMD_CONTAINERFILE = (base: string) => `FROM ${base}
RUN apt-get update && apt-get install -y --no-install-recommends systemd systemd-sysv nftables dnsmasq-base chrony && rm -rf /var/lib/apt/lists/* \\
 && ln -s /usr/local/bin/node /usr/bin/node \\
 && useradd --system --home /var/lib/premises --shell /usr/sbin/nologin premises \\
 && systemctl mask chrony.service
COPY --from=${IMAGE} /opt/premises /opt/premises
COPY premises.service /etc/systemd/system/premises.service
COPY config/ /etc/premises/
RUN chown premises:premises /etc/premises/secrets/demo.password && chmod 0600 /etc/premises/secrets/demo.password \\
 && systemctl enable premises.service
STOPSIGNAL SIGRTMIN+3
ENTRYPOINT ["/sbin/init"]
`;

const PODMAN_SHIM = `#!/bin/bash
host=0; prev=
for a in "$@"; do [ "$prev" = --network ] && [ "$a" = host ] && host=1; prev=$a; done
[ "$host" = 1 ] || exec podman "$@"
out=(); skip=0
for a in "$@"; do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  case "$a" in --net|--network-alias) skip=1; continue ;; esac
  out+=("$a")
done
exec podman "\${out[@]}"
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, cwd: options.cwd ?? ROOT },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as unknown as { code: number }).code) : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function must(cmd: string, args: string[], options: Parameters<typeof run>[2] = {}): Promise<string> {
  const r = await run(cmd, args, options);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} failed (${r.code}):\n${r.stderr.slice(-4000)}\n${r.stdout.slice(-2000)}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(500);
  }
}

interface SegmentRow {
  id: number;
  path: string;
  end_ms: number;
}

/** The index in the data volume, read-only, as another process on the host would read it. */
function segments(dataDir: string): SegmentRow[] {
  const file = join(dataDir, 'index.db');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare('SELECT id, path, end_ms FROM segments ORDER BY end_ms').all() as SegmentRow[];
  } catch {
    return []; // the daemon has not made the table yet
  } finally {
    db.close();
  }
}

/** GET a dashboard URL from inside the recorder's namespace: status, served certificate, start of the body. */
async function fetchInNs(url: string): Promise<{ status: number; fingerprint: string; body: string }> {
  const script = `
const https = require('node:https');
https.get(process.argv[1], { rejectUnauthorized: false }, (res) => {
  const fingerprint = res.socket.getPeerCertificate().fingerprint256;
  let body = '';
  res.on('data', (d) => (body += d));
  res.on('end', () => console.log(JSON.stringify({ status: res.statusCode, fingerprint, body: body.slice(0, 2000) })));
}).on('error', (e) => { console.error(e.message); process.exit(1); });`;
  const r = await runIn(NS, ['node', '-e', script, url]);
  assert.equal(r.code, 0, `GET ${url} from the namespace failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { status: number; fingerprint: string; body: string };
}

/**
 * What an owner puts next to docker-compose.yml: the example config edited for
 * this LAN and the demo camera, and the camera password in config/secrets/.
 */
function writeOwnerFiles(dir: string, cameraUrl: string): void {
  copyFileSync(join(ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
  mkdirSync(join(dir, 'config', 'secrets'), { recursive: true });
  const config = parseYaml(readFileSync(join(ROOT, 'config', 'premises.example.yaml'), 'utf8')) as Record<string, unknown>;
  assert.equal(config['dataDir'], '/var/lib/premises', 'the example config keeps data in the volume');
  Object.assign(config, {
    listen: { host: LAN, port: PORT },
    network: { allowLoopbackCameras: true },
    business: { name: 'Container Bistro', address: '1 Test Street', contact: { name: 'Manager', email: 'manager@example.org' } },
    recording: { segmentDuration: '4s' },
    cameras: [
      {
        id: 'demo',
        name: 'Demo camera',
        rtsp: cameraUrl,
        username: 'viewer',
        password_file: 'secrets/demo.password',
        purposes: ['Check that the container records'],
        area: 'entrance',
        signage: { location: 'Front door', date: '2026-11-26', confirmedBy: 'Manager' },
      },
    ],
  });
  writeFileSync(join(dir, 'config', 'premises.yaml'), stringifyYaml(config));
  writeFileSync(join(dir, 'config', 'secrets', 'demo.password'), 'not-a-real-password\n', { mode: 0o600 });
}

interface NftJson {
  nftables: Record<string, unknown>[];
}

/**
 * Everything in the recorder's namespace that is not Premises' own: the nft ruleset without the `inet premises`
 * table, the addresses, the routes and the forwarding switches. (Link counters and states are left out: they move.)
 */
async function outsideSnapshot(inRecorder: (argv: string[]) => ReturnType<typeof runIn>): Promise<{ nft: Record<string, unknown>[]; addrs: unknown; routes: string; forwarding: string }> {
  const out = async (argv: string[]) => {
    const r = await inRecorder(argv);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const ours = (item: Record<string, unknown>) =>
    Object.values(item).some((v) => {
      const o = v as { family?: string; table?: string; name?: string } | null;
      return !!o && typeof o === 'object' && o.family === TABLE_FAMILY && (o.table === TABLE_NAME || ('name' in o && !('table' in o) && o.name === TABLE_NAME));
    });
  const nft = (JSON.parse(await out(['nft', '-j', 'list', 'ruleset'])) as NftJson).nftables.filter((item) => !('metainfo' in item) && !ours(item));
  const addrs = (JSON.parse(await out(['ip', '-j', 'addr', 'show'])) as { ifname: string; addr_info: { family: string; local: string; prefixlen: number }[] }[]).map((l) => [
    l.ifname,
    l.addr_info.map((a) => `${a.family} ${a.local}/${a.prefixlen}`).sort(),
  ]);
  const routes = (await out(['ip', 'route', 'show', 'table', 'all'])).split('\n').sort().join('\n');
  const forwarding = await out(['sysctl', 'net.ipv4.ip_forward', 'net.ipv4.conf.all.forwarding', 'net.ipv6.conf.all.forwarding']);
  return { nft, addrs, routes, forwarding };
}

/** `nft -j` output without what changes by itself: handles, counter values, the set's dynamic elements, the version line. */
function comparable(items: Record<string, unknown>[]): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'handle' || k === 'packets' || k === 'bytes' || k === 'elem') continue;
      out[k] = strip(v);
    }
    return out;
  };
  return items.filter((item) => !('metainfo' in item)).map(strip);
}

/** The table buildRuleset() writes for the camera port, loaded into a scratch namespace and listed the same way. */
async function expectedTable(): Promise<Record<string, unknown>[]> {
  const scratch = `premrules-${process.pid}`;
  execFileSync('ip', ['netns', 'add', scratch]);
  try {
    const load = await runIn(scratch, ['nft', '-f', '-'], { input: buildRuleset({ interface: CAMERA_IF, address: CAMERA_GATEWAY }) });
    assert.equal(load.code, 0, load.stderr);
    const list = await runIn(scratch, ['nft', '-j', 'list', 'table', TABLE_FAMILY, TABLE_NAME]);
    assert.equal(list.code, 0, list.stderr);
    return (JSON.parse(list.stdout) as NftJson).nftables;
  } finally {
    execFileSync('ip', ['netns', 'del', scratch]);
  }
}

/** Every file under recordings/ that is not in the index: what an unclean stop leaves behind. */
async function unindexedFiles(dataDir: string, rows: SegmentRow[]): Promise<number> {
  const onDisk = (await must('find', [join(dataDir, 'recordings'), '-type', 'f', '-name', '*.mp4'])).trim().split('\n').filter(Boolean);
  return onDisk.length - rows.length;
}

void describe('container install (Dockerfile + docker-compose.yml, podman)', { timeout: 25 * 60_000 }, () => {
  let work = '';
  let env: NodeJS.ProcessEnv = {};
  let rtsp: RtspServer | undefined;
  let dataDir = '';
  let rootless: TestUser | undefined;
  let runtimeBase = '';
  let systemdBooted = false;
  const figures: Record<string, string> = {};

  // Commands that must see the recorder's network, as `host` networking means there.
  const inNs = (cmd: string, args: string[]): [string, string[]] => ['nsenter', [`--net=/run/netns/${NS}`, cmd, ...args]];
  const compose = (args: string[], timeoutMs = 180_000) =>
    must(...inNs('podman-compose', ['--podman-path', join(work, 'podman'), '-p', PROJECT, '-f', join(work, 'docker-compose.yml'), ...args]), { env, timeoutMs, cwd: work });

  before(async () => {
    for (const tool of ['podman', 'podman-compose', 'mmdebstrap', 'runc', 'nsenter', 'ffprobe', 'nft', 'busybox', 'chronyd']) {
      assert.equal((await run('sh', ['-c', `command -v ${tool}`])).code, 0, `${tool} is missing: run PREMISES_SETUP_FOR_TESTS=1 bash scripts/setup.sh`);
    }
    work = mkdtempSync(join(tmpdir(), 'premises-container-'));
    const conf = join(work, 'containers.conf');
    writeFileSync(conf, '[containers]\ndefault_ulimits = ["nofile=16384:16384", "nproc=16384:16384"]\n[engine]\nruntime = "runc"\n');
    env = { ...process.env, CONTAINERS_CONF: conf, PREMISES_IMAGE: IMAGE };
    // Debian 12's podman-compose 1.0.3 adds its project network even to a `network_mode: host`
    // service, which podman refuses; Docker Compose and newer podman-compose do not. This wrapper
    // drops that network and changes nothing else.
    writeFileSync(join(work, 'podman'), PODMAN_SHIM, { mode: 0o755 });

    execFileSync('ip', ['netns', 'add', NS]);
    execFileSync('ip', ['-n', NS, 'link', 'set', 'lo', 'up']);
    execFileSync('ip', ['-n', NS, 'link', 'add', 'lan0', 'type', 'veth', 'peer', 'name', 'lan1']);
    execFileSync('ip', ['-n', NS, 'addr', 'add', `${LAN}/24`, 'dev', 'lan0']);
    execFileSync('ip', ['-n', NS, 'link', 'set', 'lan0', 'up']);
    execFileSync('ip', ['-n', NS, 'link', 'set', 'lan1', 'up']);
    // The camera port: made inside the recorder's namespace, its far end moved to the camera's; the host's network is never touched.
    execFileSync('ip', ['netns', 'add', CAMERA_NS]);
    execFileSync('ip', ['-n', NS, 'link', 'add', CAMERA_IF, 'type', 'veth', 'peer', 'name', CAMERA_FAR_IF, 'netns', CAMERA_NS]);
    execFileSync('ip', ['-n', NS, 'addr', 'add', `${CAMERA_GATEWAY}/24`, 'dev', CAMERA_IF]);
    execFileSync('ip', ['-n', NS, 'link', 'set', CAMERA_IF, 'up']);
    execFileSync('ip', ['-n', CAMERA_NS, 'link', 'set', CAMERA_FAR_IF, 'address', CAMERA_MAC]);
    execFileSync('ip', ['-n', CAMERA_NS, 'link', 'set', CAMERA_FAR_IF, 'up']);
    execFileSync('ip', ['-n', CAMERA_NS, 'link', 'set', 'lo', 'up']);
    execFileSync('ip', ['netns', 'exec', NS, 'nft', '-f', '-'], { input: OTHER_TABLE });
    rtsp = await RtspServer.start({ demo: 'live:640x360@10' }, 8554, NS);
  });

  after(async () => {
    if (work) {
      await run(...inNs('podman-compose', ['--podman-path', join(work, 'podman'), '-p', PROJECT, '-f', join(work, 'docker-compose.yml'), 'down', '-t', '5']), { env, cwd: work });
      await run('podman', ['rm', '-f', CONTAINER], { env });
      await run('podman', ['volume', 'rm', '-f', VOLUME], { env });
    }
    if (rootless) removeTestUser(rootless);
    if (systemdBooted) {
      await run('podman', ['rm', '-f', '-t', '5', SYSTEMD_CONTAINER], { env });
      await run('podman', ['rmi', SYSTEMD_IMAGE], { env });
    }
    await rtsp?.stop();
    for (const ns of [NS, CAMERA_NS]) {
      try {
        execFileSync('ip', ['netns', 'del', ns]);
      } catch {
        /* not made */
      }
    }
    if (work) rmSync(work, { recursive: true, force: true });
    for (const [k, v] of Object.entries(figures)) process.stdout.write(`# figure ${k}: ${v}\n`);
  });

  it('builds, records over HTTPS with a healthy healthcheck, finalises on SIGTERM and keeps its data across a restart', async () => {
    // 1. Base images from Debian packages (cached by content hash), then the app image.
    let t0 = Date.now();
    const bases = (await must('bash', ['deploy/container/build-base.sh'], { env, timeoutMs: 15 * 60_000 })).trim().split('\n');
    figures['base images (s)'] = ((Date.now() - t0) / 1000).toFixed(0);
    const [base, buildBase] = bases;
    runtimeBase = base ?? '';
    assert.match(base ?? '', /^localhost\/premises-base:[0-9a-f]{16}$/);
    assert.match(buildBase ?? '', /^localhost\/premises-build-base:[0-9a-f]{16}$/);

    // The better-sqlite3 binding `npm ci` compiled here, for the image build to use instead of compiling it again.
    const prebuilt = (await must('bash', ['deploy/container/prebuild-from-host.sh'])).trim();
    t0 = Date.now();
    const buildArgs = ['build', '--jobs=2', '--network=host', '--build-arg', `BASE=${base}`, '--build-arg', `BUILD_BASE=${buildBase}`, '-t', IMAGE];
    // This machine reaches the npm registry through a TLS-inspecting proxy: trust what the host trusts.
    const hostCa = '/etc/ssl/certs/ca-certificates.crt';
    if (existsSync(hostCa)) buildArgs.push('--volume', `${hostCa}:/run/host-ca.crt:ro`, '--build-arg', 'NODE_EXTRA_CA_CERTS=/run/host-ca.crt');
    // The host's npm cache: packages already downloaded are not fetched again.
    const npmCache = join(process.env['HOME'] ?? '/root', '.npm');
    if (existsSync(npmCache)) buildArgs.push('--volume', `${npmCache}:/root/.npm`);
    await must('podman', [...buildArgs, '.'], { env, timeoutMs: 15 * 60_000 });
    figures['app image build (s)'] = ((Date.now() - t0) / 1000).toFixed(0);

    // The runtime image: no compilers, no tests, no benchmarks, no dev dependencies.
    const size = Number((await must('podman', ['image', 'inspect', '--format', '{{.Size}}', IMAGE], { env })).trim());
    figures['image size (MB)'] = (size / 1e6).toFixed(0);
    const inImage = await must('podman', ['run', '--rm', '--entrypoint', 'sh', IMAGE, '-c',
      'for f in /usr/bin/gcc /usr/bin/g++ /usr/bin/make /opt/premises/dist/test /opt/premises/dist/bench /opt/premises/node_modules/typescript /opt/premises/node_modules/vite /opt/premises/node_modules/eslint /opt/premises/src; do [ -e "$f" ] && echo "present: $f"; done; id -u; command -v ffmpeg tini node'], { env });
    assert.doesNotMatch(inImage, /present:/, inImage);
    assert.match(inImage, /^990$/m, 'the image runs as its own user, uid 990');
    assert.match(inImage, /\/usr\/bin\/ffmpeg/);
    // The binding from the host's archive, not compiled again: a compile leaves its objects (.deps, obj.target) beside it.
    const release = 'node_modules/better-sqlite3/build/Release';
    const built = await must('podman', ['run', '--rm', '--entrypoint', 'sh', IMAGE, '-c', `ls -A /opt/premises/${release} && sha256sum /opt/premises/${release}/better_sqlite3.node`], { env });
    const hostBinding = (await must('sha256sum', [join(ROOT, release, 'better_sqlite3.node')])).split(' ')[0] ?? '';
    assert.deepEqual(built.trim().split('\n').slice(0, -1), ['better_sqlite3.node'], `the image took the binding from ${prebuilt} instead of compiling (${built})`);
    assert.ok(built.includes(hostBinding), 'the image binding is the host one');

    // 2. The owner's steps: copy the example config, edit it, put a camera password in secrets/.
    writeOwnerFiles(work, rtsp?.url('demo') ?? '');
    chownSync(join(work, 'config', 'secrets', 'demo.password'), 990, 990);

    // 3. docker compose up -d (here podman-compose, the image already built).
    t0 = Date.now();
    await compose(['up', '-d', '--no-build']);
    const logs = async () => {
      const r = await run('podman', ['logs', CONTAINER], { env });
      return r.stdout + r.stderr;
    };
    const status = (await run('podman', ['inspect', '--format', '{{.State.Status}}', CONTAINER], { env })).stdout.trim();
    assert.equal(status, 'running', `the container runs:\n${await logs()}`);
    const setup = await waitFor('the setup link in the logs', 90_000, async () => (await logs()).match(new RegExp(`https://${LAN.replace(/\./g, '\\.')}:${PORT}/\\S+`))?.[0]);
    assert.ok(setup);
    dataDir = (await must('podman', ['volume', 'inspect', '--format', '{{.Mountpoint}}', VOLUME], { env })).trim();
    assert.equal(statSync(dataDir).uid, 990, 'the new named volume belongs to the premises user');
    await waitFor('the first segment', 90_000, () => (segments(dataDir).length > 0 ? true : undefined));
    figures['container start to first segment (s)'] = ((Date.now() - t0) / 1000).toFixed(1);

    // 4. The dashboard over HTTPS on the LAN address, with the certificate in the volume.
    const pinned = new X509Certificate(readFileSync(join(dataDir, 'tls', 'cert.pem'))).fingerprint256;
    const page = await fetchInNs(`https://${LAN}:${PORT}/`);
    assert.equal(page.status, 200, page.body);
    assert.equal(page.fingerprint, pinned);
    assert.match(page.body, /<html/i);

    // 5. The healthcheck, run as the engine runs it (from the host's network, which is the namespace here).
    const health = await run(...inNs('podman', ['healthcheck', 'run', CONTAINER]), { env });
    assert.equal(health.code, 0, `healthcheck: ${health.stdout}${health.stderr}`);
    const state = (await must('podman', ['inspect', '--format', '{{.State.Health.Status}}', CONTAINER], { env })).trim();
    assert.equal(state, 'healthy');

    // 6. Record for about 30 s, then stop as `docker compose down` does: SIGTERM, then wait.
    await sleep(Math.max(0, 30_000 - (Date.now() - t0)));
    await compose(['down', '-t', '30']);
    const rows = segments(dataDir);
    assert.ok(rows.length >= 4, `about 30 s of 4 s segments were recorded (${rows.length})`);
    const last = rows.at(-1);
    assert.ok(last);
    const lastFile = join(dataDir, 'recordings', last.path);
    const probe = JSON.parse(await must('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', lastFile])) as {
      format: { duration: string };
      streams: { codec_name: string }[];
    };
    assert.ok(Number(probe.format.duration) > 0.5, `the last segment is a whole file (${probe.format.duration} s)`);
    assert.equal(probe.streams[0]?.codec_name, 'h264');
    // Stopped with SIGTERM, nothing was left half-written: every file on disk is in the index.
    assert.equal(await unindexedFiles(dataDir, rows), 0, 'every file on disk is in the index');

    // 7. Up again: the same volume, the same certificate, the old footage, and new segments.
    await compose(['up', '-d', '--no-build']);
    await waitFor('a segment after the restart', 90_000, () => (segments(dataDir).length > rows.length ? true : undefined));
    const again = segments(dataDir);
    for (const r of rows) assert.ok(again.some((a) => a.id === r.id && a.path === r.path), `segment ${r.path} survived the restart`);
    assert.equal(new X509Certificate(readFileSync(join(dataDir, 'tls', 'cert.pem'))).fingerprint256, pinned);
    const restartedLogs = await logs();
    assert.doesNotMatch(restartedLogs, /No owner account yet[\s\S]*No owner account yet/, 'one container log per start');
    await compose(['down', '-t', '30']);
  });

  it('runs rootless: an unprivileged user loads the built image and runs the same compose file', async () => {
    // The image the first test built, handed to a new unprivileged user: no second build.
    const t0 = Date.now();
    rootless = makeTestUser(`premrl${process.pid}`.slice(0, 31));
    const user = rootless;
    const asUser = (script: string, timeoutMs = 180_000) => must(...inNs(...asUserArgv(user, script)), { timeoutMs });
    await must('bash', ['-o', 'pipefail', '-c', `podman save ${IMAGE} | runuser -l ${user.name} -c 'podman load'`], { env, timeoutMs: 300_000 });
    figures['rootless: podman save | podman load (s)'] = ((Date.now() - t0) / 1000).toFixed(0);
    assert.match(await asUser(`podman info --format '{{.Host.Security.Rootless}}'`), /^true$/m, 'podman runs rootless for this user');

    // The owner's files in the user's home; the camera password readable by the image's uid 990 only.
    const dir = join(user.home, 'premises');
    mkdirSync(dir);
    writeOwnerFiles(dir, rtsp?.url('demo') ?? '');
    writeFileSync(join(dir, 'podman'), PODMAN_SHIM, { mode: 0o755 });
    execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dir]);
    await asUser('podman unshare chown 990:990 premises/config/secrets/demo.password');
    const compose = (args: string) =>
      asUser(`cd premises && PREMISES_IMAGE=${IMAGE} podman-compose --podman-path ./podman -p ${PROJECT} -f docker-compose.yml ${args}`);

    await compose('up -d --no-build');
    const [status, pid] = (await asUser(`podman inspect --format '{{.State.Status}} {{.State.Pid}}' ${CONTAINER}`)).trim().split(' ');
    assert.equal(status, 'running', await asUser(`podman logs ${CONTAINER} 2>&1 | tail -40`));
    // Rootless for real: the container's uid 990 is an unprivileged uid of the user's range on the host.
    const hostUid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    assert.equal(hostUid, user.subuidStart + 989, `uid 990 in the container is host uid ${user.subuidStart + 989}, not ${hostUid}`);
    const volume = (await asUser(`podman volume inspect --format '{{.Mountpoint}}' ${VOLUME}`)).trim();
    assert.ok(volume.startsWith(user.home), `the named volume is in the user's own storage (${volume})`);
    assert.equal(statSync(volume).uid, user.subuidStart + 989, 'the new named volume belongs to the premises user, mapped');

    await waitFor('the first rootless segment', 90_000, () => (segments(volume).length > 0 ? true : undefined));
    const pinned = new X509Certificate(readFileSync(join(volume, 'tls', 'cert.pem'))).fingerprint256;
    const page = await fetchInNs(`https://${LAN}:${PORT}/`);
    assert.equal(page.status, 200, page.body);
    assert.equal(page.fingerprint, pinned);
    await asUser(`podman healthcheck run ${CONTAINER}`);

    await compose('down -t 30');
    const rows = segments(volume);
    assert.ok(rows.length >= 1, 'the rootless container recorded');
    assert.equal(await unindexedFiles(volume, rows), 0, 'SIGTERM finalised every segment');
    figures['rootless: whole test (s)'] = ((Date.now() - t0) / 1000).toFixed(0);
  });

  it('boots the systemd unit: its own user, writes only its data directory, records, stops cleanly with systemctl stop', async () => {
    const t0 = Date.now();
    assert.ok(runtimeBase, 'the first test built the base images');
    const dir = join(work, 'systemd');
    mkdirSync(dir);
    writeOwnerFiles(dir, rtsp?.url('demo') ?? '');
    copyFileSync(join(ROOT, 'deploy', 'systemd', 'premises.service'), join(dir, 'premises.service'));
    writeFileSync(join(dir, 'Containerfile'), SYSTEMD_CONTAINERFILE(runtimeBase));
    systemdBooted = true;
    await must('podman', ['build', '--network=host', '-t', SYSTEMD_IMAGE, dir], { env, timeoutMs: 300_000 });
    // systemd as PID 1. CAP_SYS_ADMIN lets it build each service's mount namespace as it does on a
    // real machine; without it systemd runs the unit with ProtectSystem= and the rest silently not applied.
    // CAP_NET_ADMIN only in the container's bounding set, for the camera-network drop-in of the next test to grant; the
    // unit alone grants nothing (checked below).
    await must(...inNs('podman', ['run', '-d', '--name', SYSTEMD_CONTAINER, '--systemd=always', '--cap-add', 'SYS_ADMIN,NET_ADMIN', '--network', 'host', SYSTEMD_IMAGE]), { env });
    const sh = (script: string) => run('podman', ['exec', SYSTEMD_CONTAINER, 'sh', '-c', script], { env });
    await waitFor('premises.service active', 90_000, async () => ((await sh('systemctl is-active premises.service')).stdout.trim() === 'active' ? true : undefined));

    // Its own user, no capability, no way to gain privileges (as seen from the host).
    // (Type=simple is "active" from the fork on: wait for the exec of node.)
    const hostPid = await waitFor('the service process', 30_000, async () =>
      (await must('podman', ['top', SYSTEMD_CONTAINER, 'hpid', 'args'], { env })).split('\n').find((l) => l.includes('premises.js'))?.trim().split(/\s+/)[0],
    );
    const [uid = '', gid = ''] = (await sh('id -u premises; id -g premises')).stdout.trim().split('\n');
    assert.match(`${uid}:${gid}`, /^\d+:\d+$/);
    const status = readFileSync(`/proc/${hostPid}/status`, 'utf8');
    assert.match(status, new RegExp(`^Uid:\\s+${uid}\\s+${uid}\\s+${uid}\\s+${uid}$`, 'm'), `runs as the premises user (${uid})`);
    assert.match(status, /^CapEff:\s+0+$/m, 'no effective capability');
    assert.match(status, /^NoNewPrivs:\s+1$/m);

    // Writes only its data directory: in the service's own mount namespace, even root gets a read-only file system elsewhere.
    for (const path of ['/opt/premises', '/etc/premises', '/etc', '/usr/local/bin', '/var/lib', '/root']) {
      const w = await run('nsenter', ['-t', hostPid, '-m', 'sh', '-c', `touch ${path}/.premises-write-test`]);
      assert.notEqual(w.code, 0, `${path} is writable by the service`);
      assert.match(w.stderr, /Read-only file system/, `${path}: ${w.stderr}`);
    }
    await must('nsenter', ['-t', hostPid, '-m', '-S', uid, '-G', gid, 'sh', '-c', 'touch /var/lib/premises/.w && rm /var/lib/premises/.w']);
    // A private /tmp: what the service writes there is not in the machine's /tmp.
    await must('nsenter', ['-t', hostPid, '-m', 'sh', '-c', 'touch /tmp/.premises-private']);
    assert.notEqual((await sh('test -e /tmp/.premises-private')).code, 0, 'the service has its own /tmp');

    // Records the demo camera and serves the dashboard over HTTPS.
    const root = (await must('podman', ['mount', SYSTEMD_CONTAINER], { env })).trim();
    const data = join(root, 'var', 'lib', 'premises');
    assert.equal(statSync(data).uid, Number(uid), 'StateDirectory= made the data directory for the premises user');
    const journal = async () => (await sh('journalctl -u premises.service --no-pager | tail -60')).stdout;
    await waitFor('two segments from the booted unit', 90_000, () => (segments(data).length >= 2 ? true : undefined)).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${await journal()}`);
    });
    const page = await fetchInNs(`https://${LAN}:${PORT}/`);
    assert.equal(page.status, 200, page.body);
    assert.equal(page.fingerprint, new X509Certificate(readFileSync(join(data, 'tls', 'cert.pem'))).fingerprint256);

    // The exposure score from the booted system (the unit test checks it offline).
    const security = await sh('systemd-analyze security --no-pager premises.service');
    const score = Number(/Overall exposure level for premises\.service: (\d+(?:\.\d+)?)/.exec(security.stdout)?.[1]);
    figures['systemd-analyze security, booted'] = String(score);
    assert.ok(score <= 2.0, `exposure ${score} (docs/security.md)`);

    // systemctl stop: SIGTERM, every open segment finalised, a clean exit.
    const stop = await sh('systemctl stop premises.service && systemctl show -p Result -p ExecMainStatus premises.service');
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, /^Result=success$/m, stop.stdout);
    assert.match(stop.stdout, /^ExecMainStatus=0$/m, stop.stdout);
    const rows = segments(data);
    assert.equal(await unindexedFiles(data, rows), 0, 'every file on disk is in the index');
    const last = rows.at(-1);
    assert.ok(last);
    const probe = JSON.parse(await must('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'json', join(data, 'recordings', last.path)])) as { format: { duration: string } };
    assert.ok(Number(probe.format.duration) > 0.5, `the last segment is a whole file (${probe.format.duration} s)`);
    const log = await journal();
    assert.match(log, /all open segments were saved/, log);
    await must('podman', ['unmount', SYSTEMD_CONTAINER], { env });
    figures['systemd: whole test (s)'] = ((Date.now() - t0) / 1000).toFixed(0);
  });

  it('with the camera-network drop-in: contains the camera network under the same sandbox, and changes nothing else', async () => {
    // The container the previous test booted, its service stopped: the owner adds gateway mode as docs/containment.md says.
    const t0 = Date.now();
    assert.ok(systemdBooted, 'the previous test booted the systemd container');
    const sh = (script: string) => run('podman', ['exec', SYSTEMD_CONTAINER, 'sh', '-c', script], { env });
    // `podman exec` does not join the namespace of a host-network container: every look at the network goes through
    // `ip netns exec` from here instead, into the namespace the container shares.
    const inRecorder = (argv: string[]) => runIn(NS, argv);
    const journal = async () => (await sh('journalctl -u premises.service --no-pager | tail -80')).stdout;
    const before = await outsideSnapshot(inRecorder);
    assert.ok(before.nft.some((item) => (item['table'] as { name?: string } | undefined)?.name === 'other_app'), 'the other table is there to be kept');

    const root = (await must('podman', ['mount', SYSTEMD_CONTAINER], { env })).trim();
    const configFile = join(root, 'etc', 'premises', 'premises.yaml');
    const config = parseYaml(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    config['cameraNetwork'] = { interface: CAMERA_IF, subnet: CAMERA_SUBNET, address: CAMERA_GATEWAY, pollInterval: '1s', leases: [{ camera: 'demo', mac: CAMERA_MAC, ip: CAMERA_LEASE_IP }] };
    writeFileSync(configFile, stringifyYaml(config));
    await must('podman', ['exec', SYSTEMD_CONTAINER, 'mkdir', '-p', '/etc/systemd/system/premises.service.d'], { env });
    await must('podman', ['cp', join(ROOT, 'deploy', 'systemd', 'camera-network.conf'), `${SYSTEMD_CONTAINER}:/etc/systemd/system/premises.service.d/camera-network.conf`], { env });
    const start = await sh('systemctl daemon-reload && systemctl start premises.service');
    assert.equal(start.code, 0, start.stderr);

    // The firewall: Premises' one table, exactly as the ruleset builder writes it for this port.
    const table = await waitFor('the inet premises table', 60_000, async () => {
      const r = await inRecorder(['nft', '-j', 'list', 'table', TABLE_FAMILY, TABLE_NAME]);
      return r.code === 0 ? (JSON.parse(r.stdout) as NftJson).nftables : undefined;
    }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${await journal()}`);
    });
    assert.deepEqual(comparable(table), comparable(await expectedTable()), 'the loaded table is the one buildRuleset() writes');

    // dnsmasq and chronyd, supervised: children of Premises in its cgroup, its user, only the drop-in's two capabilities.
    const serviceProcesses = async () => (await must('podman', ['top', SYSTEMD_CONTAINER, 'hpid', 'ppid', 'args'], { env })).split('\n').slice(1).map((l) => l.trim().split(/\s+/));
    // (That neither exits and is restarted is checked below: the status counts restarts.)
    const helpers = await waitFor('dnsmasq and chronyd', 60_000, async () => {
      const ps = await serviceProcesses();
      const main = ps.find((p) => p.some((a) => a.endsWith('premises.js')));
      const [dnsmasq, chronyd] = ['dnsmasq', 'chronyd'].map((name) => ps.find((p) => p[2]?.endsWith(`/${name}`)));
      return main && dnsmasq && chronyd ? { main, dnsmasq, chronyd } : undefined;
    }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${await journal()}`);
    });
    const uid = (await sh('id -u premises')).stdout.trim();
    const containerPid = (p: string[]) => Number(p[1]);
    const mainInContainer = Number((await sh('systemctl show -p MainPID --value premises.service')).stdout.trim());
    const netCaps = (1n << 12n) | (1n << 10n); // CAP_NET_ADMIN, CAP_NET_BIND_SERVICE
    for (const [name, p] of [['premises', helpers.main], ['dnsmasq', helpers.dnsmasq], ['chronyd', helpers.chronyd]] as const) {
      const status = readFileSync(`/proc/${p[0]}/status`, 'utf8');
      assert.match(status, new RegExp(`^Uid:\\s+${uid}\\s+${uid}\\s+${uid}\\s+${uid}$`, 'm'), `${name} runs as the premises user`);
      for (const set of ['CapEff', 'CapPrm', 'CapBnd']) {
        assert.equal(BigInt(`0x${new RegExp(`^${set}:\\s+([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? 'x'}`), netCaps, `${name} ${set}: CAP_NET_ADMIN and CAP_NET_BIND_SERVICE only`);
      }
      assert.match(status, /^NoNewPrivs:\s+1$/m, `${name}: NoNewPrivs`);
      assert.match(status, /^Seccomp:\s+2$/m, `${name}: under the unit's system call filter`);
      assert.match(readFileSync(`/proc/${p[0]}/cgroup`, 'utf8'), /\/premises\.service$/m, `${name} is in the service's cgroup`);
      if (name !== 'premises') assert.equal(containerPid(p), mainInContainer, `${name} is a child of Premises`);
    }

    // The camera's side: a real DHCP client (busybox udhcpc) gets the fixed lease, no router, DNS and NTP from Premises.
    const script = join(work, 'udhcpc.sh');
    writeFileSync(script, '#!/bin/sh\nenv | grep -E "^(ip|mask|router|dns|ntpsrv)=" > "$(dirname "$0")/lease.$1"\n[ "$1" = bound ] && ip addr add "$ip/$mask" dev "$interface"\nexit 0\n', { mode: 0o755 });
    const dhcp = await runIn(CAMERA_NS, ['busybox', 'udhcpc', '-i', CAMERA_FAR_IF, '-q', '-n', '-f', '-t', '5', '-T', '1', '-s', script, '-O', 'ntpsrv'], { timeoutMs: 20_000 });
    assert.match(dhcp.stderr + dhcp.stdout, new RegExp(`lease of ${CAMERA_LEASE_IP.replace(/\./g, '\\.')} obtained from ${CAMERA_GATEWAY.replace(/\./g, '\\.')}`), `${dhcp.stderr}${dhcp.stdout}\n${await journal()}`);
    const lease = readFileSync(join(work, 'lease.bound'), 'utf8');
    assert.match(lease, new RegExp(`^dns=${CAMERA_GATEWAY}$`, 'm'));
    assert.match(lease, new RegExp(`^ntpsrv=${CAMERA_GATEWAY}$`, 'm'));
    assert.doesNotMatch(lease, /^router=/m, 'the camera gets no router');
    // Its names and its time: Premises' name answered, any other refused; an NTP query answered by chronyd (-Q never sets a clock).
    const dns = await runIn(CAMERA_NS, [process.execPath, '-e', `const r = new (require('node:dns').Resolver)({ timeout: 2000, tries: 2 }); r.setServers([process.argv[1]]);
r.resolve4('premises', (e, a) => { console.log(e ? e.code : a.join()); r.resolve4('p2p.example-cloud.com', (e2) => console.log(e2 ? e2.code : 'answered')); });`, CAMERA_GATEWAY]);
    assert.deepEqual(dns.stdout.trim().split('\n'), [CAMERA_GATEWAY, 'EREFUSED'], dns.stderr);
    const ntp = await runIn(CAMERA_NS, ['chronyd', '-Q', '-t', '4', `server ${CAMERA_GATEWAY} iburst maxsamples 1`], { timeoutMs: 15_000 });
    assert.match(ntp.stderr + ntp.stdout, /System clock wrong by/, ntp.stderr + ntp.stdout);

    // What the daemon says, as the owner asks it: contained, both services running, the lease seen.
    const status = await waitFor('the lease in the containment status', 30_000, async () => {
      const r = await run('podman', ['exec', '--user', 'premises', SYSTEMD_CONTAINER, 'node', '/opt/premises/bin/premises.js', 'network', 'status', '--json', '--config', '/etc/premises/premises.yaml'], { env });
      if (r.code !== 0) return undefined;
      const s = (JSON.parse(r.stdout) as { status: { mode: string; services: { name: string; state: string; restarts: number }[]; leases: { lastLeasedAt: number | null }[] } }).status;
      return s.leases[0]?.lastLeasedAt ? s : undefined;
    });
    assert.equal(status.mode, 'contained');
    assert.deepEqual(status.services.map((x) => [x.name, x.state, x.restarts]), [['dnsmasq', 'running', 0], ['chronyd', 'running', 0]], await journal());

    // The exposure score with the drop-in, from the booted system.
    const security = await sh('systemd-analyze security --no-pager premises.service');
    const score = Number(/Overall exposure level for premises\.service: (\d+(?:\.\d+)?)/.exec(security.stdout)?.[1]);
    figures['systemd-analyze security, booted with camera-network.conf'] = String(score);
    assert.ok(score <= 2.0, `exposure with the drop-in ${score} (docs/security.md)`);

    // Premises killed outright: systemd ends the helpers with it (KillMode=mixed; setpriv's parent-death signal is
    // unavailable under the filter), so none holds the camera ports, and the restarted service contains again.
    const killedAt = Date.now();
    process.kill(Number(helpers.main[0]), 'SIGKILL');
    await waitFor('the old helpers gone', 10_000, () => (existsSync(`/proc/${helpers.dnsmasq[0]}`) || existsSync(`/proc/${helpers.chronyd[0]}`) ? undefined : true));
    const restarted = await waitFor('dnsmasq and chronyd of the restarted service', 60_000, async () => {
      const ps = await serviceProcesses();
      const names = ps.filter((p) => /\/(dnsmasq|chronyd)$/.test(p[2] ?? '') && containerPid(p) !== mainInContainer).map((p) => p[2]?.split('/').pop());
      return names.length === 2 ? names.sort() : undefined;
    }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${await journal()}`);
    });
    assert.deepEqual(restarted, ['chronyd', 'dnsmasq']);
    figures['systemd + drop-in: SIGKILL to contained again (s)'] = ((Date.now() - killedAt) / 1000).toFixed(1);
    const again = await waitFor('the restarted dnsmasq answering', 30_000, async () => {
      const r = await runIn(CAMERA_NS, ['busybox', 'udhcpc', '-i', CAMERA_FAR_IF, '-q', '-n', '-f', '-t', '3', '-T', '1', '-s', script], { timeoutMs: 15_000 });
      return r.code === 0 ? r : undefined;
    });
    assert.match(again.stderr + again.stdout, /lease of 10\.214\.7\.11 obtained/);

    // systemctl stop: a clean exit, no helper left, and the firewall stays (cameras stay contained while Premises is down).
    const stop = await sh('systemctl stop premises.service && systemctl show -p Result -p ExecMainStatus premises.service');
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, /^Result=success$/m, `${stop.stdout}\n${await journal()}`);
    assert.deepEqual((await serviceProcesses()).filter((p) => /\/(dnsmasq|chronyd)$/.test(p[2] ?? '')), [], 'no helper outlives the service');
    assert.equal((await inRecorder(['nft', 'list', 'table', TABLE_FAMILY, TABLE_NAME])).code, 0, 'the table stays while Premises is down');

    // Nothing outside Premises' table changed: the other table, the ruleset's other parts, addresses, routes, forwarding.
    assert.deepEqual(await outsideSnapshot(inRecorder), before);
    await must('podman', ['unmount', SYSTEMD_CONTAINER], { env });
    figures['systemd + drop-in: whole test (s)'] = ((Date.now() - t0) / 1000).toFixed(0);
  });
});
