import { z } from 'zod';
import { optionalText, text } from './common.js';

/** Adding a camera, privacy pauses and scope (src/api/routes/cameras.ts). */

/** By its ONVIF address (xaddr) or its stream URL (rtsp), with credentials when it needs them. */
export const AddCameraBody = z
  .object({
    xaddr: optionalText(500),
    rtsp: optionalText(1000),
    /** The camera's second, smaller stream (grid tiles, thumbnails); only with rtsp. */
    subRtsp: optionalText(1000),
    username: optionalText(200),
    password: optionalText(4096),
    id: optionalText(64),
    name: optionalText(200),
  })
  .superRefine((b, ctx) => {
    if ((b.xaddr === undefined) === (b.rtsp === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['xaddr'], message: "or rtsp: give one of the two, the camera's ONVIF address (xaddr) or its stream URL (rtsp)" });
    }
    if (b.subRtsp !== undefined && b.rtsp === undefined) ctx.addIssue({ code: 'custom', path: ['subRtsp'], message: 'goes with rtsp (an ONVIF camera reports its sub stream itself)' });
    if (b.password !== undefined && b.username === undefined) ctx.addIssue({ code: 'custom', path: ['username'], message: 'is required with a password' });
  });
export type AddCameraBody = z.input<typeof AddCameraBody>;

export const PauseBody = z.object({ reason: text(500), for: optionalText(20) });
export type PauseBody = z.input<typeof PauseBody>;

/** The scope's own keys are checked by setCameraScope (purposes, area, signage, enabled, schedule, masks). */
export const ScopeChangesBody = z.record(z.string(), z.unknown());
export type ScopeChangesBody = z.input<typeof ScopeChangesBody>;

export const DiscoveryBody = z.object({
  interface: optionalText(32).refine((v) => v === undefined || /^[A-Za-z0-9_.:-]+$/.test(v), { message: 'must be a network interface name such as eth0' }),
});
export type DiscoveryBody = z.input<typeof DiscoveryBody>;
