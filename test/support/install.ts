import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

/** A throw-away install: a temp dir with a config file and a data dir, driven through the real CLI. */
export interface TestInstall {
  dir: string;
  configPath: string;
  dataDir: string;
  run(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }>;
  /** Run without adding --config (for `config validate FILE`). */
  raw(args: string[]): Promise<{ code: number; out: string; err: string }>;
  writeConfig(yaml: string): void;
  cleanup(): void;
}

export function makeInstall(configYaml = 'cameras: []\n', parent = tmpdir()): TestInstall {
  const dir = mkdtempSync(join(parent, 'premises-test-'));
  const configPath = join(dir, 'premises.yaml');
  const writeConfig = (yaml: string) => writeFileSync(configPath, `dataDir: ./data\n${yaml}`);
  writeConfig(configYaml);
  return {
    dir,
    configPath,
    dataDir: join(dir, 'data'),
    writeConfig,
    run: (args, env = {}) => runCli([...args, '--config', configPath], env),
    raw: (args) => runCli(args, {}),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
      let out = '';
      let err = '';
      const code = await main(argv, {
        out: (t) => (out += `${t}\n`),
        err: (t) => (err += `${t}\n`),
        stdin: process.stdin,
        env: { ...process.env, ...env },
      });
      return { code, out, err };
}

export function cameraYaml(id: string, extra = ''): string {
  return `  - id: ${id}\n    rtsp: rtsp://127.0.0.1:8554/${id}\n${extra}`;
}
