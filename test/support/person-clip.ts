import { facePhoto } from './face-clip.js';

/**
 * A synthetic scene with three whole people (head to hips) moving across it,
 * each cut from the same photograph the face scene uses
 * (`@vladmandic/face-api` demo/sample1.jpg, 1920×1280: three people standing
 * side by side against a dark room). Each person is a PERSON_W×PERSON_H
 * rectangle on a known straight path, so the test knows where every body is
 * in every frame. The bodies are far enough apart that a bystander's blurred
 * box, padding included, never reaches the requester.
 */
export const PERSON_W = 200;
export const PERSON_H = 460;

export interface MovingPerson {
  name: string;
  /** Crop of sample1.jpg around the person, PERSON_W:PERSON_H in shape. */
  crop: { x: number; y: number; w: number; h: number };
  x0: number;
  y0: number;
  vx: number;
  vy: number;
}

export const PERSONS: readonly MovingPerson[] = [
  { name: 'requester', crop: { x: 1290, y: 160, w: 487, h: 1120 }, x0: 20, y0: 120, vx: 16, vy: 0 },
  { name: 'bystander-1', crop: { x: 255, y: 200, w: 470, h: 1080 }, x0: 620, y0: 200, vx: -12, vy: 0 },
  { name: 'bystander-2', crop: { x: 777, y: 300, w: 426, h: 980 }, x0: 1050, y0: 60, vx: 0, vy: 20 },
];

const LEG_SECONDS = 6;
const pingPong = (t: number) => LEG_SECONDS - Math.abs((t % (2 * LEG_SECONDS)) - LEG_SECONDS);

/** The person's rectangle at `t` seconds, in clip pixels. */
export function personAt(p: MovingPerson, t: number): { x: number; y: number; w: number; h: number } {
  const u = pingPong(t);
  return { x: Math.round(p.x0 + p.vx * u), y: Math.round(p.y0 + p.vy * u), w: PERSON_W, h: PERSON_H };
}

/** The body below the face, inset from the rectangle's edges: the region the test measures. */
export function bodyRegion(r: { x: number; y: number; w: number; h: number }): { x: number; y: number; w: number; h: number } {
  return { x: r.x + Math.round(r.w / 5), y: r.y + Math.round(r.h / 2), w: Math.round((r.w * 3) / 5), h: Math.round((r.h * 2) / 5) };
}

/** A lavfi graph drawing the scene at `fps` (1280×720, as face-clip.ts). */
export function personSceneSource(fps: number, width = 1280, height = 720): string {
  const photo = facePhoto().replaceAll('\\', '\\\\').replaceAll(':', '\\:').replaceAll("'", "\\'");
  const parts = [`color=c=0x5a6470:s=${width}x${height}:r=${fps},format=yuv420p,noise=alls=6:allf=t[bg0]`];
  PERSONS.forEach((p, i) => {
    parts.push(`movie='${photo}',crop=${p.crop.w}:${p.crop.h}:${p.crop.x}:${p.crop.y},scale=${PERSON_W}:${PERSON_H},format=yuv420p[p${i}]`);
  });
  PERSONS.forEach((p, i) => {
    const u = `(${LEG_SECONDS}-abs(mod(t,${2 * LEG_SECONDS})-${LEG_SECONDS}))`;
    parts.push(`[bg${i}][p${i}]overlay=x='${p.x0}+${p.vx}*${u}':y='${p.y0}+${p.vy}*${u}':eof_action=repeat[bg${i + 1}]`);
  });
  return parts.join(';').replace(new RegExp(`\\[bg${PERSONS.length}\\]$`), '');
}
