import { discover, DEFAULT_WINDOW_MS } from '../../cameras/onvif/discovery.js';
import { parseDuration } from '../../shared/duration.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../command.js';

export const discoverCommand: Command = {
  name: 'discover',
  summary: 'Find ONVIF cameras on the local network (WS-Discovery, TTL 1)',
  usage: 'discover [--interface IF] [--timeout 3s] [--json] [--allow-loopback]',
  async run(argv, io) {
    const { values } = parse(argv, {
      interface: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      // For tests and the demo, where simulated cameras listen on 127.0.0.1.
      'allow-loopback': { type: 'boolean' },
    });
    let windowMs = DEFAULT_WINDOW_MS;
    if (values.timeout !== undefined) {
      const ms = parseDuration(values.timeout);
      if (ms === undefined || ms <= 0 || ms > 60_000) throw new UsageError(`--timeout: "${values.timeout}" is not a duration between 1ms and 60s (e.g. 3s)`);
      windowMs = ms;
    }
    const result = await discover({
      ...(values.interface !== undefined ? { interface: values.interface } : {}),
      windowMs,
      policy: { allowLoopback: values['allow-loopback'] === true },
    });
    for (const p of result.problems) io.err(`premises discover: ${p.message}`);
    const devices = result.devices.map((d) => ({
      xaddr: d.xaddr,
      urn: d.urn,
      manufacturer: d.manufacturer,
      model: d.model,
      hardware: d.hardware,
      name: d.name,
      location: d.location,
      scopes: d.scopes,
      xaddrs: d.xaddrs,
      interface: d.interface,
    }));
    if (values.json) io.out(JSON.stringify(devices, null, 2));
    else if (devices.length === 0) io.out('No cameras answered.');
    else {
      for (const d of devices) {
        io.out(`${d.xaddr}  ${[d.manufacturer, d.model].filter(Boolean).join(' ') || '(unknown model)'}${d.name ? `  "${d.name}"` : ''}  [${d.interface}]`);
      }
      io.out(`\n${devices.length} camera${devices.length === 1 ? '' : 's'}. Add one with: premises camera add --xaddr URL --username USER --password-stdin`);
    }
    // Nothing could be probed at all: that is a failure, not "0 cameras".
    if (result.interfaces.length === 0) {
      if (result.problems.length === 0) io.err('premises discover: no IPv4 network interface to probe');
      return 1;
    }
    return 0;
  },
};
