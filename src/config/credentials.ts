import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PremisesError } from '../shared/errors.js';
import type { CameraConfig } from './schema.js';

export interface Credentials {
  username: string;
  password: string;
}

/** Resolve a camera's credential references; the password itself never sits in the YAML. */
export function resolveCredentials(camera: CameraConfig, configPath: string, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  if (!camera.username) return undefined;
  let password = '';
  if (camera.password_file) {
    const file = resolve(dirname(configPath), camera.password_file);
    try {
      password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new PremisesError('InvalidArgument', `cameras.${camera.id}.password_file: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else if (camera.password_env) {
    const value = env[camera.password_env];
    if (value === undefined) {
      throw new PremisesError('InvalidArgument', `cameras.${camera.id}.password_env: the environment variable ${camera.password_env} is not set`);
    }
    password = value;
  }
  return { username: camera.username, password };
}

/** The URL ffmpeg gets: credentials inserted only here, at spawn time. */
export function urlWithCredentials(rtsp: string, credentials: Credentials | undefined): string {
  if (!credentials) return rtsp;
  const url = new URL(rtsp);
  url.username = encodeURIComponent(credentials.username);
  url.password = encodeURIComponent(credentials.password);
  return url.toString();
}
