import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, it } from 'node:test';
import { baseUrl, checkListenHost, hostOf, isLoopback, isPrivateAddress } from '../../src/api/net.js';

const iface = (address: string, family: 'IPv4' | 'IPv6' = 'IPv4'): NetworkInterfaceInfo =>
  ({ address, family, internal: address.startsWith('127.'), netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }) as NetworkInterfaceInfo;

describe('listen address rules', () => {
  it('classifies loopback, private and public addresses', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) assert.equal(isLoopback(a), true, a);
    for (const a of ['10.1.2.3', '172.16.0.1', '172.31.255.1', '192.168.1.20', '169.254.1.1', '100.64.0.1', 'fd12:3456::1', 'fe80::1']) assert.equal(isPrivateAddress(a), true, a);
    for (const a of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '2001:db8::1', 'example.com']) assert.equal(isPrivateAddress(a), false, a);
  });

  it('refuses a public address unless allowPublic, and a wildcard that includes one', () => {
    assert.equal(checkListenHost('127.0.0.1', false).ok, true);
    assert.equal(checkListenHost('192.168.1.20', false).ok, true);
    const pub = checkListenHost('203.0.113.7', false);
    assert.equal(pub.ok, false);
    assert.match(pub.problem ?? '', /allowPublic: true/);
    assert.equal(checkListenHost('203.0.113.7', true).ok, true);
    const lan = { lo: [iface('127.0.0.1')], eth0: [iface('192.168.1.20')] };
    assert.equal(checkListenHost('0.0.0.0', false, lan).ok, true);
    const mixed = { lo: [iface('127.0.0.1')], eth0: [iface('192.168.1.20')], wan: [iface('198.51.100.9')] };
    const w = checkListenHost('0.0.0.0', false, mixed);
    assert.equal(w.ok, false);
    assert.match(w.problem ?? '', /198\.51\.100\.9/);
  });

  it('reads the host of a Host header and prints a usable base URL', () => {
    assert.equal(hostOf('192.168.1.20:8443'), '192.168.1.20');
    assert.equal(hostOf('[fe80::1]:8443'), 'fe80::1');
    assert.equal(hostOf('Premises.local'), 'premises.local');
    assert.equal(hostOf(undefined), undefined);
    assert.equal(baseUrl('127.0.0.1', 8080, false), 'http://127.0.0.1:8080');
    assert.equal(baseUrl('0.0.0.0', 8443, true, { lo: [iface('127.0.0.1')], eth0: [iface('192.168.1.20')] }), 'https://192.168.1.20:8443');
    assert.equal(baseUrl('fd00::5', 8443, true), 'https://[fd00::5]:8443');
  });
});
