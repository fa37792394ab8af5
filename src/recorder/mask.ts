/**
 * Privacy masks rendered to an image ffmpeg overlays on every frame before
 * encoding: opaque black inside the polygons, transparent outside. The image
 * is drawn at a fixed size and scaled to the camera's resolution by ffmpeg
 * (nearest neighbour, so the edge stays hard), which lets the mask be written
 * before the camera's resolution is known. Pure: polygon in, bytes out.
 *
 * Format: PAM (netpbm P7) RGB_ALPHA — trivial to write and read by ffmpeg's
 * own decoder, no image library needed.
 */
export type Point = readonly [number, number];

export const MASK_WIDTH = 1280;
export const MASK_HEIGHT = 720;

/** Even-odd scanline fill of each polygon at pixel centres; returns one byte per pixel (255 = masked). */
export function rasterizePolygons(polygons: readonly (readonly Point[])[], width = MASK_WIDTH, height = MASK_HEIGHT): Uint8Array {
  const coverage = new Uint8Array(width * height);
  for (const polygon of polygons) {
    const pts = polygon.map(([x, y]) => [x * width, y * height] as const);
    for (let row = 0; row < height; row += 1) {
      const y = row + 0.5;
      const crossings: number[] = [];
      for (let i = 0; i < pts.length; i += 1) {
        const [x1, y1] = pts[i] as readonly [number, number];
        const [x2, y2] = pts[(i + 1) % pts.length] as readonly [number, number];
        if ((y1 <= y && y < y2) || (y2 <= y && y < y1)) crossings.push(x1 + ((y - y1) / (y2 - y1)) * (x2 - x1));
      }
      crossings.sort((a, b) => a - b);
      for (let k = 0; k + 1 < crossings.length; k += 2) {
        const from = Math.max(0, Math.ceil((crossings[k] as number) - 0.5));
        const to = Math.min(width - 1, Math.floor((crossings[k + 1] as number) - 0.5));
        coverage.fill(255, row * width + from, row * width + to + 1);
      }
    }
  }
  return coverage;
}

export function maskImagePam(polygons: readonly (readonly Point[])[], width = MASK_WIDTH, height = MASK_HEIGHT): Buffer {
  const coverage = rasterizePolygons(polygons, width, height);
  const header = Buffer.from(`P7\nWIDTH ${width}\nHEIGHT ${height}\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n`, 'ascii');
  const pixels = Buffer.alloc(width * height * 4); // black everywhere; alpha decides
  for (let i = 0; i < coverage.length; i += 1) pixels[i * 4 + 3] = coverage[i] as number;
  return Buffer.concat([header, pixels]);
}

/** Fraction of the image covered, to show the owner what a mask hides. */
export function maskCoverage(polygons: readonly (readonly Point[])[]): number {
  const coverage = rasterizePolygons(polygons, 320, 180);
  let covered = 0;
  for (const v of coverage) if (v) covered += 1;
  return covered / coverage.length;
}
