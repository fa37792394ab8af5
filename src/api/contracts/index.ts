/**
 * The API's request schemas (zod) and the types of requests and answers,
 * shared by the server (src/api/routes) and the dashboard (web/src/api.ts,
 * type-only imports). Nothing here imports other Premises code.
 */
export * from './audit.js';
export * from './auth.js';
export * from './cameras.js';
export * from './common.js';
export * from './exports.js';
export * from './holds.js';
export * from './transfers.js';
export * from './activity.js';
export * from './network.js';
export * from './cases.js';
export * from './staff.js';
export * from './redactions.js';
