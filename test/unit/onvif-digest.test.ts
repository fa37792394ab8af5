import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digestAuthorization, parseChallenges } from '../../src/cameras/onvif/digest.js';

void describe('HTTP Digest', () => {
  void it('parses quoted values exactly: nonces with "=", ",", escaped quotes', () => {
    const [c] = parseChallenges('Digest realm="cam \\"1\\"", nonce="YWJj=,ZGVm==", qop="auth,auth-int", opaque="x=y", algorithm=MD5');
    assert.equal(c?.scheme, 'digest');
    assert.equal(c?.params.get('realm'), 'cam "1"');
    assert.equal(c?.params.get('nonce'), 'YWJj=,ZGVm==');
    assert.equal(c?.params.get('qop'), 'auth,auth-int');
    assert.equal(c?.params.get('opaque'), 'x=y');
    assert.equal(c?.params.get('algorithm'), 'MD5');
  });

  void it('separates several challenges in one header', () => {
    const cs = parseChallenges('Basic realm="cam", Digest realm="cam", nonce="n=="');
    assert.deepEqual(cs.map((c) => c.scheme), ['basic', 'digest']);
    assert.equal(cs[1]?.params.get('nonce'), 'n==');
  });

  const rfc = { username: 'Mufasa', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', nc: 1 };
  const header = (alg: string) =>
    `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${alg}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;

  void it('matches the RFC 7616 MD5 example', () => {
    const auth = digestAuthorization({ ...rfc, challenge: parseChallenges(header('MD5'))[0] as never });
    assert.match(auth, /response="8ca523f5e9506fed4657c9700eebdbec"/);
    assert.match(auth, /qop=auth, nc=00000001, cnonce="f2\/wE4q74E6zIJEtWaHKaf5wv\/H5QzzpXusqGemxURZJ"/);
    assert.match(auth, /opaque="FQhe\/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"/);
  });

  void it('matches the RFC 7616 SHA-256 example', () => {
    const auth = digestAuthorization({ ...rfc, challenge: parseChallenges(header('SHA-256'))[0] as never });
    assert.match(auth, /response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"/);
  });

  void it('matches the RFC 2617 example (qop auth, MD5 by default)', () => {
    const challenge = parseChallenges('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')[0];
    const auth = digestAuthorization({ username: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b', nc: 1, challenge: challenge as never });
    assert.match(auth, /response="6629fae49393a05397450978507c4ef1"/);
    assert.doesNotMatch(auth, /algorithm=/);
  });

  void it('quotes a user name with quotes and refuses unsupported algorithms', () => {
    const challenge = parseChallenges('Digest realm="r", nonce="n"')[0];
    assert.match(digestAuthorization({ username: 'a"b', password: 'p', method: 'GET', uri: '/', challenge: challenge as never }), /username="a\\"b"/);
    const odd = parseChallenges('Digest realm="r", nonce="n", algorithm=SHA-512-256')[0];
    assert.throws(() => digestAuthorization({ username: 'a', password: 'p', method: 'GET', uri: '/', challenge: odd as never }), /SHA-512-256/);
  });
});
