import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import { digestRequest, type Credentials } from './digest.js';
import { OnvifError } from './errors.js';
import type { Limits } from './http.js';
import { child, parseXml, textAt, xmlEscape, type XmlElement } from './xml.js';

/**
 * Our own SOAP 1.2 requests (node-onvif's transport has no total deadline,
 * no size cap and does not escape user names: see docs/onvif.md).
 */
/** XML namespace names: identifiers compared as strings, never fetched. */
export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tr2: 'http://www.onvif.org/ver20/media/wsdl',
  tt: 'http://www.onvif.org/ver10/schema',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  passwordDigest: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest',
  base64: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary',
} as const;

/** WS-Security PasswordDigest = Base64(SHA-1(nonce + created + password)). */
export function passwordDigest(nonce: Buffer, created: string, password: string): string {
  return createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created, 'utf8'), Buffer.from(password, 'utf8')])).digest('base64');
}

/** `Created` in the camera's time: our clock plus the offset measured with GetSystemDateAndTime. */
export function createdTimestamp(nowMs: number, clockOffsetMs: number): string {
  return new Date(nowMs + clockOffsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function usernameToken(username: string, password: string, created: string, nonce: Buffer): string {
  return (
    `<wsse:Security s:mustUnderstand="1" xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}">` +
    '<wsse:UsernameToken>' +
    `<wsse:Username>${xmlEscape(username)}</wsse:Username>` +
    `<wsse:Password Type="${NS.passwordDigest}">${passwordDigest(nonce, created, password)}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${NS.base64}">${nonce.toString('base64')}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created>` +
    '</wsse:UsernameToken></wsse:Security>'
  );
}

export function envelope(body: string, security?: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<s:Envelope xmlns:s="${NS.soap}" xmlns:tds="${NS.tds}" xmlns:trt="${NS.trt}" xmlns:tr2="${NS.tr2}" xmlns:tt="${NS.tt}">` +
    `<s:Header>${security ?? ''}</s:Header><s:Body>${body}</s:Body></s:Envelope>`
  );
}

export interface SoapTarget {
  /** The service URL (device service or media service). */
  xaddr: string;
  credentials?: Credentials;
  clockOffsetMs: number;
  clock: Clock;
  limits: Limits;
}

/** Camera text shown to the owner: bounded, printable. */
export function cameraText(text: string, max = 200): string {
  const clean = text.replace(/[^\x20-\x7e\u00a0-\uffff]/g, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

const AUTH_SUBCODES = /NotAuthorized|FailedAuthentication|InvalidSecurity|FailedCheck|SecurityTokenUnavailable|AuthorizationRequired/i;

function faultOf(body: XmlElement): { code: string; subcode: string; reason: string } | undefined {
  const fault = child(body, 'Fault');
  if (!fault) return undefined;
  const code = textAt(fault, 'Code', 'Value') ?? textAt(fault, 'faultcode') ?? '';
  const sub = child(fault, 'Code', 'Subcode');
  let subcode = '';
  for (let s = sub; s; s = child(s, 'Subcode')) subcode += ` ${textAt(s, 'Value') ?? ''}`;
  const reason = textAt(fault, 'Reason', 'Text') ?? textAt(fault, 'faultstring') ?? '';
  return { code, subcode: subcode.trim(), reason };
}

/**
 * Send one ONVIF operation and return its `<OperationResponse>` element.
 * `operation` is the element name (GetProfiles); `body` its XML.
 */
export async function soapCall(target: SoapTarget, service: string, operation: string, body: string): Promise<XmlElement> {
  let security: string | undefined;
  if (target.credentials) {
    const created = createdTimestamp(target.clock.now(), target.clockOffsetMs);
    security = usernameToken(target.credentials.username, target.credentials.password, created, randomBytes(16));
  }
  const res = await digestRequest(
    {
      url: target.xaddr,
      what: `${service} ${operation}`,
      method: 'POST',
      headers: { 'Content-Type': `application/soap+xml; charset=utf-8; action="${service === 'media' ? NS.trt : service === 'media2' ? NS.tr2 : NS.tds}/${operation}"` },
      body: envelope(body, security),
    },
    target.credentials,
    target.limits,
  );
  const text = res.body.toString('utf8');
  let root: XmlElement | undefined;
  if (text.trim().length > 0) {
    try {
      root = await parseXml(text);
    } catch (err) {
      // A DOCTYPE is refused whatever the status; other junk on an error status is just the status.
      if (res.status === 200 || (err instanceof OnvifError && err.code === 'doctype')) throw err;
    }
  }
  const soapBody = root && root.name === 'Envelope' ? child(root, 'Body') : undefined;
  const fault = soapBody ? faultOf(soapBody) : undefined;
  if (fault) {
    const summary = cameraText([fault.subcode || fault.code, fault.reason].filter(Boolean).join(': '));
    if (AUTH_SUBCODES.test(`${fault.code} ${fault.subcode}`) || res.status === 401) {
      throw new OnvifError('auth', `the camera refused the user name or password for ${operation} (${summary})`);
    }
    throw new OnvifError('fault', `the camera answered ${operation} with a SOAP Fault: ${summary}`);
  }
  if (res.status === 401) throw new OnvifError('auth', `the camera refused the user name or password for ${operation} (HTTP 401)`);
  if (res.status !== 200) throw new OnvifError('http-status', `the camera answered ${operation} with HTTP ${res.status}`);
  if (!soapBody) throw new OnvifError('malformed', `the camera's answer to ${operation} is not a SOAP envelope`);
  const response = child(soapBody, `${operation}Response`);
  if (!response) throw new OnvifError('malformed', `the camera's answer to ${operation} has no ${operation}Response`);
  return response;
}
