import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OnvifError } from '../../src/cameras/onvif/errors.js';
import { child, childrenNamed, parseXml, textAt, xmlEscape } from '../../src/cameras/onvif/xml.js';
import { prototypeKeys, withLagMonitor } from '../support/lag.js';

const code = (c: string) => (e: unknown) => e instanceof OnvifError && e.code === c;

void describe('safe XML reader', () => {
  void it('reads local names whatever the prefix, attributes, text and CDATA', async () => {
    const root = await parseXml('<s:Envelope xmlns:s="x"><s:Body><a:Item a:token="t1">one</a:Item><Item token="t2"><![CDATA[<two>]]></Item></s:Body></s:Envelope>');
    assert.equal(root.name, 'Envelope');
    const items = childrenNamed(child(root, 'Body'), 'Item');
    assert.deepEqual(items.map((i) => i.attrs.get('token')), ['t1', 't2']);
    assert.equal(textAt(root, 'Body', 'Item'), 'one');
    assert.equal(items[1]?.text, '<two>');
  });

  void it('refuses any DOCTYPE: XXE, billion laughs, even an empty one, in any case', async () => {
    await assert.rejects(parseXml('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'), code('doctype'));
    await assert.rejects(parseXml('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><x>&lol2;</x>'), code('doctype'));
    await assert.rejects(parseXml('<!doctype x><x/>'), code('doctype'));
  });

  void it('fails on undeclared entities, truncation, two roots, deep nesting and too many elements', async () => {
    await assert.rejects(parseXml('<x>&undeclared;</x>'), code('malformed'));
    await assert.rejects(parseXml('<x><y>'), code('malformed'));
    await assert.rejects(parseXml('<x/><y/>'), code('malformed'));
    await assert.rejects(parseXml(''), code('malformed'));
    await assert.rejects(parseXml(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`), code('malformed'));
    await assert.rejects(parseXml(`<r>${'<a/>'.repeat(60_000)}</r>`), code('malformed'));
  });

  void it('treats __proto__ and constructor as plain names: Object.prototype is untouched', async () => {
    const before = prototypeKeys();
    const root = await parseXml('<r __proto__="p" constructor="c"><__proto__><polluted>1</polluted></__proto__><constructor><prototype><polluted>1</polluted></prototype></constructor></r>');
    assert.equal(textAt(root, '__proto__', 'polluted'), '1');
    assert.equal(root.attrs.get('__proto__'), 'p');
    assert.deepEqual(prototypeKeys(), before);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  void it('reads a 1 MiB answer without blocking the event loop for 100 ms', async () => {
    const xml = `<s:Envelope xmlns:s="x"><s:Body>${'<t:Item a="1"><t:V>hello</t:V></t:Item>'.repeat(26_000)}</s:Body></s:Envelope>`;
    assert.ok(xml.length > 1_000_000);
    await parseXml(xml, { maxElements: 100_000 }); // warm up the JIT, as a long-running process is
    const run = await withLagMonitor(() => parseXml(xml, { maxElements: 100_000 }));
    assert.equal(run.error, undefined);
    assert.ok(run.maxLagMs < 100, `blocked ${Math.round(run.maxLagMs)} ms`);
  });

  void it('escapes text for XML', () => {
    assert.equal(xmlEscape(`a<b>&'"`), 'a&lt;b&gt;&amp;&apos;&quot;');
  });
});
