/** Small statistics over 8-bit gray pixels (decoded by ffmpeg), shared by the mask check and the tests. */
export const maxOf = (pixels: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < pixels.length; i += 1) m = Math.max(m, pixels[i] as number);
  return m;
};

export const meanOf = (pixels: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < pixels.length; i += 1) s += pixels[i] as number;
  return s / Math.max(1, pixels.length);
};

export const meanAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / Math.max(1, n);
};
