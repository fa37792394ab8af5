import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { chooseInterfaces, describeScopes, hasMulticastRoute, probeMatchesOf, probeMessage } from '../../src/cameras/onvif/discovery.js';
import { parseXml, textAt } from '../../src/cameras/onvif/xml.js';

const require = createRequire(import.meta.url);

const match = (urn: string, xaddrs: string) =>
  `<d:ProbeMatch><a:EndpointReference><a:Address>${urn}</a:Address></a:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types>` +
  `<d:Scopes>onvif://www.onvif.org/name/Front_Door onvif://www.onvif.org/hardware/IPC-1</d:Scopes><d:XAddrs>${xaddrs}</d:XAddrs></d:ProbeMatch>`;

void describe('WS-Discovery messages', () => {
  void it('reads every ProbeMatch of a message (node-onvif reads one)', async () => {
    const root = await parseXml(
      `<s:Envelope xmlns:s="s" xmlns:d="d" xmlns:a="a"><s:Body><d:ProbeMatches>${match('urn:uuid:1', 'http://10.0.0.5/onvif/device_service')}${match('urn:uuid:2', 'http://10.0.0.6/a http://[fe80::1]/b')}</d:ProbeMatches></s:Body></s:Envelope>`,
    );
    const m = probeMatchesOf(root);
    assert.deepEqual(m.map((x) => x.urn), ['urn:uuid:1', 'urn:uuid:2']);
    assert.deepEqual(m[1]?.xaddrs, ['http://10.0.0.6/a', 'http://[fe80::1]/b']);
    assert.deepEqual(probeMatchesOf(await parseXml('<Probe/>')), []);
  });

  void it('describes a device from its scopes, decoding names', () => {
    const d = describeScopes(['onvif://www.onvif.org/name/Front_Door%20Cam', 'onvif://www.onvif.org/hardware/IPC-1', 'onvif://www.onvif.org/MfrName/Acme']);
    assert.deepEqual(d, { name: 'Front Door Cam', hardware: 'IPC-1', manufacturer: 'Acme', model: 'IPC-1', location: null });
  });

  void it('sends a Probe for NetworkVideoTransmitter like node-onvif does', async () => {
    const ours = await parseXml(probeMessage('0b9a4b3c-1111-4222-8333-444455556666'));
    assert.equal(textAt(ours, 'Body', 'Probe', 'Types'), 'dn:NetworkVideoTransmitter');
    assert.equal(textAt(ours, 'Header', 'Action'), 'http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe');
    assert.equal(textAt(ours, 'Header', 'To'), 'urn:schemas-xmlsoap-org:ws:2005:04:discovery');
    // node-onvif's module is a singleton that opens no socket until startProbe: safe to load here.
    const onvif = require('node-onvif') as { _MULTICAST_ADDRESS: string; _PORT: number };
    assert.equal(onvif._MULTICAST_ADDRESS, '239.255.255.250');
    assert.equal(onvif._PORT, 3702);
  });
});

void describe('interfaces and routes', () => {
  // /proc/net/route as Linux prints it: little-endian hex.
  const routes = [
    'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
    'eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0',
    'eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0',
    'cams\t000000E0\t00000000\t0001\t0\t0\t0\t000000F0\t0\t0\t0',
    'lan2\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
    'down\t000000E0\t00000000\t0000\t0\t0\t0\t000000F0\t0\t0\t0',
  ].join('\n');

  void it('finds a multicast route through a default route or 224.0.0.0/4, not a subnet route', () => {
    assert.equal(hasMulticastRoute(routes, 'eth0'), true);
    assert.equal(hasMulticastRoute(routes, 'cams'), true);
    assert.equal(hasMulticastRoute(routes, 'lan2'), false);
    assert.equal(hasMulticastRoute(routes, 'down'), false);
    assert.equal(hasMulticastRoute(routes, 'nope'), false);
  });

  void it('probes every non-loopback IPv4 interface by default, or the named one', () => {
    const table = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '', cidr: '127.0.0.1/8' }],
      eth0: [
        { address: 'fe80::1', family: 'IPv6', internal: false, netmask: 'ffff::', mac: '', cidr: 'fe80::1/64', scopeid: 2 },
        { address: '192.168.1.5', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '', cidr: '192.168.1.5/24' },
      ],
      v6only: [{ address: 'fd00::2', family: 'IPv6', internal: false, netmask: 'ffff::', mac: '', cidr: 'fd00::2/64', scopeid: 3 }],
    } as unknown as Parameters<typeof chooseInterfaces>[1];
    assert.deepEqual(chooseInterfaces(undefined, table), [{ name: 'eth0', address: '192.168.1.5' }]);
    assert.deepEqual(chooseInterfaces('lo', table), [{ name: 'lo', address: '127.0.0.1' }]);
    // Loopback cameras allowed (demo, tests): loopback is searched by default too.
    assert.deepEqual(
      chooseInterfaces(undefined, table, true).map((c) => c.name).sort(),
      ['eth0', 'lo'],
    );
    assert.throws(() => chooseInterfaces('wlan9', table), /wlan9.*does not exist/);
  });
});
