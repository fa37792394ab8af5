import { PremisesError, type ErrorKind } from '../../shared/errors.js';

/**
 * What went wrong talking to a camera. The code is stable (tests and the API
 * match on it); the message is for the owner and never contains credentials.
 */
export type OnvifErrorCode =
  | 'deadline' // the total deadline passed (includes a trickling answer)
  | 'too-large' // the answer passed the size cap
  | 'doctype' // the answer contained a DOCTYPE (entity tricks are refused outright)
  | 'malformed' // not well-formed XML, or not the SOAP we asked for
  | 'fault' // a SOAP Fault other than an authentication failure
  | 'http-status' // an HTTP status we cannot use (500 without a Fault, 404, ...)
  | 'auth' // wrong user name or password
  | 'address-refused' // the camera pointed us outside the local network
  | 'network' // connection refused, reset, unreachable
  | 'no-multicast-route' // WS-Discovery cannot leave the chosen interface
  | 'unsupported'; // something the camera does not offer (e.g. no video profile)

const KIND: Record<OnvifErrorCode, ErrorKind> = {
  deadline: 'DeadlineExceeded',
  'too-large': 'Unavailable',
  doctype: 'Unavailable',
  malformed: 'Unavailable',
  fault: 'Unavailable',
  'http-status': 'Unavailable',
  auth: 'Unauthenticated',
  'address-refused': 'PermissionDenied',
  network: 'Unavailable',
  'no-multicast-route': 'FailedPrecondition',
  unsupported: 'FailedPrecondition',
};

export class OnvifError extends PremisesError {
  readonly code: OnvifErrorCode;

  constructor(code: OnvifErrorCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], message, details);
    this.name = 'OnvifError';
    this.code = code;
  }
}
