/**
 * "Name (id)" for a camera, once: a name that already carries its id
 * ("Front entrance (demo)") or that is the id is not followed by it again.
 */
export function cameraLabel(name: string | null | undefined, id: string): string {
  const n = (name ?? '').trim();
  if (!n || n === id) return id;
  return n.endsWith(`(${id})`) ? n : `${n} (${id})`;
}
