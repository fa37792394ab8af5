import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns';
import { connect } from 'node:net';

/**
 * A camera that phones home, run inside the camera's namespace: every
 * interval it asks Premises' DNS for its cloud name, tries TCP 443 and sends
 * three UDP packets (a P2P relay) to the cloud address it has hard-coded.
 * Prints one line per round; ends after `rounds` rounds.
 * argv: DNS_SERVER NAME TARGET_IP ROUNDS INTERVAL_MS
 */
const [dnsServer = '', name = '', target = '', roundsText = '10', intervalText = '200'] = process.argv.slice(2);
const rounds = Number(roundsText);
const interval = Number(intervalText);
const resolver = new Resolver({ timeout: 300, tries: 1 });
resolver.setServers([dnsServer]);
const udp = createSocket('udp4');
let round = 0;

const once = () => {
  round += 1;
  resolver.resolve4(name, (err) => process.stdout.write(`round ${round} dns ${err ? err.code : 'answered'}\n`));
  const tcp = connect({ host: target, port: 443 });
  tcp.on('error', () => undefined);
  setTimeout(() => tcp.destroy(), Math.max(50, interval - 20));
  for (let i = 0; i < 3; i++) udp.send(`p2p-hello ${round}.${i}`, 3478, target);
  if (round >= rounds) {
    setTimeout(() => {
      udp.close();
      process.exit(0);
    }, interval);
  } else setTimeout(once, interval);
};
once();
