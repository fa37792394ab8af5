import { PURPOSE_EXPORT_MANIFEST, type SigningKey } from '../../keys/signing.js';
import type { Disclosure } from './disclosures.js';

/**
 * The export manifest and what is signed (docs/exports.md, "The signature").
 *
 * manifest.json is written once and never re-serialised: the signature covers
 * its exact bytes, so a verifier needs no canonical JSON, only
 *
 *   signed bytes = "premises-export-manifest-v1\n" + bytes of manifest.json
 *
 * and manifest.sig holds the Ed25519 signature over them, base64, one line.
 * The purpose prefix means no other signature made by the install's key (an
 * audit checkpoint) can pass as a manifest signature.
 */
export const MANIFEST_FORMAT = 'premises-export-v1';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const PUBLIC_KEY_FILE = 'signing-key.pub.pem';
export const CHECKSUMS_FILE = 'SHA256SUMS';
/** Files an export folder holds besides the footage listed in the manifest. */
export const FIXED_FILES = [MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE, CHECKSUMS_FILE] as const;

export interface ManifestSource {
  path: string;
  start: string;
  end: string;
  bytes: number;
  sha256: string;
}

export interface ManifestFile {
  name: string;
  camera: string;
  run: number;
  /** UTC of the first frame (a keyframe at or before the range start) and of the end of the last frame kept. */
  start: string;
  end: string;
  bytes: number;
  sha256: string;
  /** `stream-copy`: the recorded packets, untouched. `redacted`: re-encoded with the redactions burned in. */
  encoding: 'stream-copy' | 'redacted';
  sources: ManifestSource[];
}

export interface ExportManifest {
  format: typeof MANIFEST_FORMAT;
  id: string;
  premisesVersion: string;
  createdAt: string;
  expiresAt: string;
  exportedBy: string;
  reason: string;
  requestedBy: string;
  legalBasis: string;
  cameras: string[];
  range: { from: string; to: string };
  files: ManifestFile[];
  /** Stretches inside the range, per camera, with no footage in the index. */
  gaps: { camera: string; from: string; to: string }[];
  /** Rectangles burned into the redacted files (pixels of the recorded picture; no times = the whole export). */
  redactions: { camera: string; x: number; y: number; w: number; h: number; from?: string; to?: string; method: string }[];
  /** Set when the export answers an access request: earlier disclosures of the same cameras and times (PIPA s.23(1)(c)). */
  accessRequest?: { id: number; received: string; due: string; disclosures: Disclosure[] };
  /**
   * Set when the package is an incident case (docs/cases.md): several cameras, each with its own ranges, in one
   * package. `range` is then the span of all ranges; each camera's footage lies within its own ranges only.
   */
  case?: { id: number; name: string; reason: string; openedBy: string; openedAt: string; recipient: string; ranges: { camera: string; from: string; to: string }[] };
  /**
   * Set when faces were blurred automatically (docs/redaction.md): the detector and its settings,
   * how faces were followed and blurred, who reviewed the result, and how many tracks each way.
   */
  automaticRedaction?: {
    job: string;
    detector: {
      model: string;
      package: string;
      packageVersion: string;
      runtime: string;
      minConfidence: number;
      detectWidth: number;
      sampleFps: number;
      windows: string;
      /** The whole-person detector (absent in exports made before persons were detected). */
      persons?: { model: string; package: string; packageVersion: string; minConfidence: number; detectWidth: number; sampleFps: number; windows: string };
    };
    tracker: { minIou: number; maxGapMs: number; interpolation: string; persons?: { minIou: number; maxGapMs: number; maxCentreShift?: number; interpolation: string } };
    blur: { method: string; radius: string; padding: number; personPadding?: number };
    reviewedBy: string;
    reviewedAt: string;
    tracks: { requester: number; blurred: number; notAFace: number; addedByReviewer: number; persons?: number };
  };
  /** SHA256SUMS (for `sha256sum -c`) is bound to the manifest by its hash. */
  checksums: { file: typeof CHECKSUMS_FILE; sha256: string };
  signer: {
    algorithm: 'Ed25519';
    purpose: typeof PURPOSE_EXPORT_MANIFEST;
    /** DER SubjectPublicKeyInfo, base64. */
    publicKey: string;
    /** sha256 of that DER, hex: what `premises keys fingerprint` prints. */
    fingerprint: string;
    signatureFile: typeof SIGNATURE_FILE;
    publicKeyFile: typeof PUBLIC_KEY_FILE;
  };
}

export function signerBlock(key: SigningKey): ExportManifest['signer'] {
  return {
    algorithm: 'Ed25519',
    purpose: PURPOSE_EXPORT_MANIFEST,
    publicKey: key.publicKeyBase64(),
    fingerprint: key.fingerprint(),
    signatureFile: SIGNATURE_FILE,
    publicKeyFile: PUBLIC_KEY_FILE,
  };
}

/** The manifest's bytes as written to manifest.json (and signed). */
export function manifestBytes(manifest: ExportManifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

/** The exact bytes the signature covers, as a recipient rebuilds them with printf and cat. */
export function signedBytes(manifestJson: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${PURPOSE_EXPORT_MANIFEST}\n`, 'utf8'), manifestJson]);
}

/** manifest.sig content: base64 signature and a newline. */
export function signManifest(key: SigningKey, manifestJson: Buffer): string {
  return `${key.sign(PURPOSE_EXPORT_MANIFEST, manifestJson)}\n`;
}

/** SHA256SUMS in the format `sha256sum -c` reads (two spaces: text mode, which is identical on Linux). */
export function checksumsText(files: readonly Pick<ManifestFile, 'name' | 'sha256'>[]): string {
  return files.map((f) => `${f.sha256}  ${f.name}\n`).join('');
}
