import type { AccessRequest } from '../../src/disclosure/requests/requests.js';

/** An access request as the store returns it, open and not extended; tests override what they look at. */
export function sampleAccessRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: 1,
    requester: 'x',
    identityVerification: 'x',
    receivedOn: '2026-11-02',
    jurisdiction: 'EU',
    cameras: ['a'],
    fromMs: 0,
    toMs: 1,
    description: 'x',
    dueOn: '2026-12-02',
    extendedDueOn: '2026-12-02',
    deadlineRule: 'r',
    createdBy: 'x',
    createdAt: 0,
    extendedAt: null,
    extensionReason: null,
    closedAt: null,
    closedBy: null,
    outcome: null,
    holdIds: [],
    language: null,
    ...overrides,
  };
}
