import sax from 'sax';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { OnvifError } from './errors.js';

/**
 * A small, hostile-input-safe XML reader for camera answers.
 *
 * - Any DOCTYPE is refused, so no entity can be declared: no XXE, no billion
 *   laughs. sax in strict mode knows only the five XML entities and numeric
 *   references anyway.
 * - The tree is built from arrays and Maps, never from plain objects keyed by
 *   element names, so `__proto__` or `constructor` elements are just names.
 * - Input is fed in slices with a turn of the event loop between them, so a
 *   1 MiB answer never blocks the process for long.
 * - Depth and element count are capped.
 * Element and attribute names are reduced to their local part (SOAP prefixes
 * vary between vendors); namespaces are not checked.
 */
export interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  text: string;
}

export interface XmlLimits {
  maxDepth?: number;
  maxElements?: number;
  sliceChars?: number;
}

const DEFAULTS = { maxDepth: 64, maxElements: 50_000, sliceChars: 16 * 1024 };

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i >= 0 ? name.slice(i + 1) : name;
}

/** Cheap check before parsing: any DOCTYPE anywhere is refused. */
export function hasDoctype(text: string): boolean {
  return /<!doctype/i.test(text);
}

export async function parseXml(text: string, limits: XmlLimits = {}): Promise<XmlElement> {
  const { maxDepth, maxElements, sliceChars } = { ...DEFAULTS, ...limits };
  if (hasDoctype(text)) throw new OnvifError('doctype', 'the camera answered with a DOCTYPE, which is refused (entity expansion and external entities are never processed)');
  const parser = sax.parser(true, { trim: false, normalize: false, xmlns: false, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let failure: OnvifError | undefined;

  parser.onerror = (err) => {
    failure ??= new OnvifError('malformed', `the camera's answer is not well-formed XML (${err.message.split('\n')[0] ?? 'parse error'})`);
  };
  parser.ondoctype = () => {
    failure ??= new OnvifError('doctype', 'the camera answered with a DOCTYPE, which is refused');
  };
  // Attributes arrive one by one before their tag; collected into a Map because
  // sax's own attribute object is a plain object (an attribute named __proto__ is lost there).
  let pendingAttrs = new Map<string, string>();
  parser.onattribute = (attr) => {
    if (attr.name === 'xmlns' || attr.name.startsWith('xmlns:')) return;
    pendingAttrs.set(localName(attr.name), attr.value);
  };
  parser.onopentag = (tag) => {
    const attrs = pendingAttrs;
    pendingAttrs = new Map<string, string>();
    if (failure) return;
    elements += 1;
    if (elements > maxElements) {
      failure = new OnvifError('malformed', `the camera's answer has more than ${maxElements} XML elements`);
      return;
    }
    if (stack.length >= maxDepth) {
      failure = new OnvifError('malformed', `the camera's answer nests XML deeper than ${maxDepth} levels`);
      return;
    }
    const el: XmlElement = { name: localName(tag.name), attrs, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else if (root) failure = new OnvifError('malformed', "the camera's answer has more than one root element");
    else root = el;
    stack.push(el);
  };
  parser.onclosetag = () => {
    if (!failure) stack.pop();
  };
  const onText = (t: string) => {
    if (failure) return;
    const top = stack.at(-1);
    if (top) top.text += t;
  };
  parser.ontext = onText;
  parser.oncdata = onText;

  for (let i = 0; i < text.length && !failure; i += sliceChars) {
    try {
      parser.write(text.slice(i, i + sliceChars));
    } catch (err) {
      failure ??= new OnvifError('malformed', `the camera's answer is not well-formed XML (${(err as Error).message.split('\n')[0] ?? 'parse error'})`);
    }
    if (i + sliceChars < text.length) await yieldToLoop();
  }
  if (!failure) {
    try {
      parser.close();
    } catch (err) {
      failure ??= new OnvifError('malformed', `the camera's answer is not well-formed XML (${(err as Error).message.split('\n')[0] ?? 'parse error'})`);
    }
  }
  if (failure) throw failure;
  if (!root || stack.length > 0) throw new OnvifError('malformed', "the camera's answer is truncated XML");
  return root;
}

/** The first child with this local name, descending along the path. */
export function child(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let node = el;
  for (const name of path) {
    node = node?.children.find((c) => c.name === name);
    if (!node) return undefined;
  }
  return node;
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Trimmed text of the element at the path, or undefined. */
export function textAt(el: XmlElement | undefined, ...path: string[]): string | undefined {
  const node = child(el, ...path);
  return node ? node.text.trim() : undefined;
}

export function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}
