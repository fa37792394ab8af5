import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCameraUrl, classifyAddress, isAllowedAddress } from '../../src/cameras/onvif/address.js';
import { OnvifError } from '../../src/cameras/onvif/errors.js';

void describe('address rule', () => {
  void it('classifies IPv4 ranges at their edges', () => {
    const cases: [string, string][] = [
      ['10.0.0.1', 'private'],
      ['10.255.255.255', 'private'],
      ['11.0.0.1', 'public'],
      ['172.15.255.255', 'public'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['172.32.0.1', 'public'],
      ['192.168.1.10', 'private'],
      ['192.169.0.1', 'public'],
      ['169.254.3.4', 'link-local'],
      ['127.0.0.1', 'loopback'],
      ['8.8.8.8', 'public'],
      ['0.0.0.0', 'public'],
      ['255.255.255.255', 'public'],
      ['224.0.0.1', 'public'],
    ];
    for (const [ip, want] of cases) assert.equal(classifyAddress(ip), want, ip);
  });

  void it('classifies IPv6, including IPv4-mapped addresses', () => {
    const cases: [string, string][] = [
      ['fc00::1', 'private'],
      ['fd12:3456::1', 'private'],
      ['fe80::1', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['febf::1', 'link-local'],
      ['fec0::1', 'public'],
      ['2001:db8::1', 'public'],
      ['::1', 'loopback'],
      ['::ffff:10.1.2.3', 'private'],
      ['::ffff:8.8.8.8', 'public'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::', 'public'],
    ];
    for (const [ip, want] of cases) assert.equal(classifyAddress(ip), want, ip);
    assert.equal(classifyAddress('not-an-ip'), 'invalid');
  });

  void it('allows loopback only on request, and trusted hosts only exactly', () => {
    assert.equal(isAllowedAddress('127.0.0.1'), false);
    assert.equal(isAllowedAddress('127.0.0.1', { allowLoopback: true }), true);
    assert.equal(isAllowedAddress('203.0.113.5', { trustedHosts: ['203.0.113.5'] }), true);
    assert.equal(isAllowedAddress('203.0.113.6', { trustedHosts: ['203.0.113.5'] }), false);
  });

  void it('accepts a host name only if every address it resolves to is allowed', async () => {
    const resolver = (host: string) => Promise.resolve(host === 'cam.local' ? ['192.168.1.20'] : host === 'mixed.local' ? ['192.168.1.20', '8.8.4.4'] : []);
    const ok = await checkCameraUrl('http://cam.local/onvif/device_service', 'XAddr', { schemes: ['http:'], resolver });
    assert.equal(ok.address, '192.168.1.20');
    await assert.rejects(checkCameraUrl('http://mixed.local/x', 'XAddr', { schemes: ['http:'], resolver }), (e: OnvifError) => e.code === 'address-refused' && /8\.8\.4\.4/.test(e.message));
    await assert.rejects(checkCameraUrl('http://gone.local/x', 'XAddr', { schemes: ['http:'], resolver }), (e: OnvifError) => e.code === 'network');
  });

  void it('refuses other schemes and public literals, IPv6 in brackets included', async () => {
    await assert.rejects(checkCameraUrl('file:///etc/passwd', 'snapshot URI', { schemes: ['http:'] }), (e: OnvifError) => e.code === 'address-refused');
    await assert.rejects(checkCameraUrl('rtsp://[2001:db8::5]/s', 'stream URI', { schemes: ['rtsp:'] }), (e: OnvifError) => e.code === 'address-refused');
    const v6 = await checkCameraUrl('rtsp://[fe80::5]:554/s', 'stream URI', { schemes: ['rtsp:'] });
    assert.equal(v6.address, 'fe80::5');
    await assert.rejects(checkCameraUrl('nonsense', 'XAddr', { schemes: ['http:'] }), (e: OnvifError) => e.code === 'malformed');
  });
});
