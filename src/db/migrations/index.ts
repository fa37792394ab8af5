import { sql as core } from './001_core.js';
import { sql as audit } from './002_audit.js';
import { sql as onvif } from './004_onvif.js';
import { sql as signage } from './008_signage.js';
import { sql as cameraScope } from './010_camera_scope.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: never edit a migration that has shipped; add the next number. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'audit', sql: audit },
  { version: 4, name: 'onvif', sql: onvif },
  { version: 8, name: 'signage', sql: signage },
  { version: 10, name: 'camera-scope', sql: cameraScope },
];
