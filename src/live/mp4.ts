/**
 * Just enough ISO BMFF to serve a live fragmented MP4 to many viewers: split
 * ffmpeg's byte stream into top-level boxes, keep the init segment (ftyp +
 * moov), pair each moof with its mdat into a fragment, tell keyframes from
 * the rest (so a late joiner starts at one), and read the codec string and
 * picture size from the sample entry (what MediaSource.isTypeSupported
 * needs). Pure: bytes in, values out.
 */
export interface Box {
  type: string;
  /** The whole box, header included. */
  bytes: Buffer;
}

/** Cuts a byte stream into complete top-level boxes, whatever the chunking. */
export class BoxSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** @param maxBoxBytes a box larger than this is a broken stream, not a frame to buffer forever. */
  constructor(private readonly maxBoxBytes = 64 << 20) {}

  push(chunk: Buffer): Box[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const out: Box[] = [];
    if (this.pendingBytes < 8) return out;
    let buf = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    let offset = 0;
    while (buf.length - offset >= 8) {
      let size = buf.readUInt32BE(offset);
      let header = 8;
      if (size === 1) {
        if (buf.length - offset < 16) break;
        size = Number(buf.readBigUInt64BE(offset + 8));
        header = 16;
      }
      if (size < header || size > this.maxBoxBytes) throw new Error(`malformed MP4 stream: box of ${size} bytes`);
      if (buf.length - offset < size) break;
      out.push({ type: buf.toString('latin1', offset + 4, offset + 8), bytes: buf.subarray(offset, offset + size) });
      offset += size;
    }
    buf = buf.subarray(offset);
    this.pending = buf.length ? [buf] : [];
    this.pendingBytes = buf.length;
    return out;
  }
}

/** Child boxes inside `payload` (the bytes after a box's header). */
export function childBoxes(payload: Buffer): Box[] {
  const out: Box[] = [];
  let offset = 0;
  while (payload.length - offset >= 8) {
    const size = payload.readUInt32BE(offset);
    if (size < 8 || offset + size > payload.length) break;
    out.push({ type: payload.toString('latin1', offset + 4, offset + 8), bytes: payload.subarray(offset, offset + size) });
    offset += size;
  }
  return out;
}

const payloadOf = (box: Box): Buffer => box.bytes.subarray(8);

/** The first box found by following `path` of types down from `boxes`. */
export function findBox(boxes: readonly Box[], path: readonly string[]): Box | undefined {
  let level: readonly Box[] = boxes;
  let found: Box | undefined;
  for (const type of path) {
    found = level.find((b) => b.type === type);
    if (!found) return undefined;
    level = childBoxes(payloadOf(found));
  }
  return found;
}

export interface TrackInfo {
  /** RFC 6381 codec string, e.g. avc1.42c01e. */
  codec: string;
  width: number;
  height: number;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** Codec and size of the first video track of an init segment (the boxes of ftyp + moov). */
export function trackInfo(moov: Box): TrackInfo | undefined {
  for (const trak of childBoxes(payloadOf(moov)).filter((b) => b.type === 'trak')) {
    const stsd = findBox([trak], ['trak', 'mdia', 'minf', 'stbl', 'stsd']);
    if (!stsd) continue;
    // stsd: version/flags (4), entry count (4), then sample entries.
    const entries = childBoxes(payloadOf(stsd).subarray(8));
    for (const entry of entries) {
      const body = payloadOf(entry);
      if (body.length < 78) continue;
      // VisualSampleEntry: 8 bytes SampleEntry, 16 reserved, then width and height; child boxes from byte 78.
      const width = body.readUInt16BE(24);
      const height = body.readUInt16BE(26);
      const children = childBoxes(body.subarray(78));
      if (entry.type === 'avc1' || entry.type === 'avc3') {
        const avcC = children.find((b) => b.type === 'avcC');
        if (!avcC) continue;
        const c = payloadOf(avcC);
        return { codec: `${entry.type}.${hex2(c[1] as number)}${hex2(c[2] as number)}${hex2(c[3] as number)}`, width, height };
      }
      if (entry.type === 'hvc1' || entry.type === 'hev1') {
        const hvcC = children.find((b) => b.type === 'hvcC');
        if (!hvcC) continue;
        return { codec: hevcCodec(entry.type, payloadOf(hvcC)), width, height };
      }
      return { codec: entry.type, width, height };
    }
  }
  return undefined;
}

/** ISO/IEC 14496-15 Annex E codec string for HEVC, e.g. hvc1.1.6.L93.B0. */
function hevcCodec(type: string, c: Buffer): string {
  const b1 = c[1] as number;
  const space = ['', 'A', 'B', 'C'][b1 >> 6] as string;
  const tier = b1 & 0x20 ? 'H' : 'L';
  const profile = b1 & 0x1f;
  // The 32 compatibility flags, bit-reversed, in hex without leading zeros.
  let compat = c.readUInt32BE(2);
  let reversed = 0;
  for (let i = 0; i < 32; i += 1) {
    reversed = (reversed << 1) | (compat & 1);
    compat >>>= 1;
  }
  const constraints: string[] = [];
  for (let i = 6; i < 12; i += 1) constraints.push((c[i] as number).toString(16).toUpperCase());
  while (constraints.length > 1 && constraints.at(-1) === '0') constraints.pop();
  return `${type}.${space}${profile}.${(reversed >>> 0).toString(16).toUpperCase()}.${tier}${c[12] as number}.${constraints.join('.')}`;
}

/**
 * Whether a moof starts with a sync sample (a keyframe): the first sample's
 * flags come from trun (first-sample flags, or per-sample flags), else
 * tfhd's default, else trex's default in the moov. sample_is_non_sync_sample
 * is bit 16 of the flags.
 */
export function moofStartsWithKeyframe(moof: Box, trexDefaultFlags: number | undefined): boolean {
  const traf = findBox([moof], ['moof', 'traf']);
  if (!traf) return false;
  const children = childBoxes(payloadOf(traf));
  let flags = trexDefaultFlags;
  const tfhd = children.find((b) => b.type === 'tfhd');
  if (tfhd) {
    const p = payloadOf(tfhd);
    const tf = p.readUInt32BE(0) & 0xffffff;
    let o = 8; // version/flags + track id
    if (tf & 0x01) o += 8;
    if (tf & 0x02) o += 4;
    if (tf & 0x08) o += 4;
    if (tf & 0x10) o += 4;
    if (tf & 0x20) flags = p.readUInt32BE(o);
  }
  const trun = children.find((b) => b.type === 'trun');
  if (trun) {
    const p = payloadOf(trun);
    const tr = p.readUInt32BE(0) & 0xffffff;
    let o = 8; // version/flags + sample count
    if (tr & 0x01) o += 4;
    if (tr & 0x04) return isSync(p.readUInt32BE(o));
    if (tr & 0x400) {
      if (tr & 0x100) o += 4;
      if (tr & 0x200) o += 4;
      return isSync(p.readUInt32BE(o));
    }
  }
  return flags === undefined ? true : isSync(flags);
}

const isSync = (flags: number) => ((flags >>> 16) & 1) === 0;

/** trex default_sample_flags of the first track, if the moov has an mvex. */
export function trexDefaultFlags(moov: Box): number | undefined {
  const trex = findBox([moov], ['moov', 'mvex', 'trex']);
  if (!trex) return undefined;
  const p = payloadOf(trex);
  return p.length >= 24 ? p.readUInt32BE(20) : undefined;
}

export interface Fragment {
  bytes: Buffer;
  keyframe: boolean;
}

export type StreamEvent = { kind: 'init'; bytes: Buffer; track: TrackInfo } | { kind: 'fragment'; fragment: Fragment };

/**
 * Turns ffmpeg's fragmented MP4 into an init segment followed by fragments
 * (moof + mdat, plus anything between them such as a styp or sidx).
 */
export class FragmentAssembler {
  private readonly splitter: BoxSplitter;
  private head: Buffer[] = [];
  private initDone = false;
  private trexFlags: number | undefined;
  private fragment: Buffer[] = [];
  private fragmentKey = false;

  constructor(maxBoxBytes?: number) {
    this.splitter = new BoxSplitter(maxBoxBytes);
  }

  push(chunk: Buffer): StreamEvent[] {
    const events: StreamEvent[] = [];
    for (const box of this.splitter.push(chunk)) {
      if (!this.initDone) {
        this.head.push(box.bytes);
        if (box.type === 'moov') {
          const track = trackInfo(box);
          if (!track) throw new Error('the live stream has no video track ffmpeg described');
          this.trexFlags = trexDefaultFlags(box);
          this.initDone = true;
          events.push({ kind: 'init', bytes: Buffer.concat(this.head), track });
          this.head = [];
        }
        continue;
      }
      if (box.type === 'moof') {
        this.fragment = [box.bytes];
        this.fragmentKey = moofStartsWithKeyframe(box, this.trexFlags);
      } else if (box.type === 'mdat') {
        if (this.fragment.length === 0) continue; // an mdat without its moof is of no use to a viewer
        this.fragment.push(box.bytes);
        events.push({ kind: 'fragment', fragment: { bytes: Buffer.concat(this.fragment), keyframe: this.fragmentKey } });
        this.fragment = [];
      } else if (this.fragment.length > 0) {
        this.fragment.push(box.bytes);
      }
    }
    return events;
  }
}

/**
 * The fragments since the last keyframe: what a viewer joining now needs to
 * start decoding at once. Bounded, for a camera with a very long GOP.
 */
export class GopCache {
  private fragments: Fragment[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes = 32 << 20) {}

  add(fragment: Fragment): void {
    if (fragment.keyframe) {
      this.fragments = [];
      this.bytes = 0;
    } else if (this.fragments.length === 0) {
      return; // no keyframe yet: nothing decodable to keep
    }
    if (this.bytes + fragment.bytes.length > this.maxBytes) {
      this.fragments = [];
      this.bytes = 0;
      return;
    }
    this.fragments.push(fragment);
    this.bytes += fragment.bytes.length;
  }

  current(): readonly Fragment[] {
    return this.fragments;
  }

  clear(): void {
    this.fragments = [];
    this.bytes = 0;
  }
}
