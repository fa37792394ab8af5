/**
 * The one nftables table Premises owns (`inet premises`). Written as a file
 * and loaded with `nft -f`, which applies it in one transaction: the first
 * two lines make sure an old copy is replaced, never merged, and no other
 * table is named anywhere.
 *
 * What is blocked is recorded in the dynamic set `attempts`, one element per
 * (camera MAC, camera IP, destination, protocol, port) with its own packet
 * counter. The set is read back (`nft -j list table`) to attribute and count
 * attempts; counters in the kernel mean no packet is missed between reads
 * (nflog would need a netlink reader in Node for every packet — measured and
 * compared in docs/containment.md).
 */
export const TABLE_FAMILY = 'inet';
export const TABLE_NAME = 'premises';
export const ATTEMPTS_SET = 'attempts';
/** Blocked packets not in the set: IPv6, neither TCP nor UDP, or the set was full. */
export const UNLISTED_COUNTER = 'blocked_unlisted';
/** Packets routed into or out of the camera network (there should be none: nothing is forwarded). */
export const FORWARD_COUNTER = 'forward_refused';
export const SET_SIZE = 65_535;

export interface RulesetInput {
  interface: string;
  address: string;
}

/** Ports on Premises that cameras may reach: DHCP, DNS and NTP. Replies to Premises' own RTSP/ONVIF requests pass as established. */
export const CAMERA_SERVICES = { udp: [53, 67, 123], tcp: [53] } as const;

function quote(name: string): string {
  if (!/^[A-Za-z0-9_.:@-]{1,15}$/.test(name)) throw new Error(`unsafe interface name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

export function buildRuleset(input: RulesetInput): string {
  const dev = quote(input.interface);
  if (!/^\d{1,3}(?:\.\d{1,3}){3}$/.test(input.address)) throw new Error(`unsafe address ${JSON.stringify(input.address)}`);
  return `# Written by Premises: the camera network's firewall (docs/containment.md). Replaced as a whole at every start.
table ${TABLE_FAMILY} ${TABLE_NAME}
delete table ${TABLE_FAMILY} ${TABLE_NAME}
table ${TABLE_FAMILY} ${TABLE_NAME} {
  set ${ATTEMPTS_SET} {
    type ether_addr . ipv4_addr . ipv4_addr . inet_proto . inet_service
    size ${SET_SIZE}
    flags dynamic
    counter
  }
  counter ${UNLISTED_COUNTER} {}
  counter ${FORWARD_COUNTER} {}

  # Before routing: anything from the cameras not addressed to Premises (or to the link itself) is blocked here.
  chain prerouting {
    type filter hook prerouting priority raw; policy accept;
    iifname ${dev} jump from_cameras
  }
  chain from_cameras {
    meta nfproto ipv6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } return
    meta nfproto ipv6 goto blocked
    ip daddr ${input.address} return
    fib daddr type { broadcast, multicast } return
    goto blocked
  }

  # Addressed to Premises: only DHCP, DNS, NTP and replies to what Premises asked the camera.
  chain input {
    type filter hook input priority filter; policy accept;
    iifname ${dev} jump cameras_in
  }
  chain cameras_in {
    ct state established,related accept
    udp dport { ${CAMERA_SERVICES.udp.join(', ')} } accept
    tcp dport { ${CAMERA_SERVICES.tcp.join(', ')} } accept
    # WS-Discovery: cameras answer Premises' multicast probe by unicast to its (ephemeral) source port, from any port of
    # theirs, so conntrack cannot pair answer and probe. Only sockets Premises opened listen there, and nothing here leaves.
    udp dport 32768-60999 accept
    icmp type echo-request accept
    meta pkttype { broadcast, multicast } accept
    meta nfproto ipv6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
    goto blocked
  }

  # Nothing is routed into or out of the camera network, whatever the machine's ip_forward says.
  chain forward {
    type filter hook forward priority filter; policy accept;
    iifname ${dev} counter name ${FORWARD_COUNTER} drop
    oifname ${dev} counter name ${FORWARD_COUNTER} drop
  }

  chain blocked {
    meta nfproto ipv4 meta l4proto { tcp, udp } add @${ATTEMPTS_SET} { ether saddr . ip saddr . ip daddr . meta l4proto . th dport } drop
    counter name ${UNLISTED_COUNTER} drop
  }
}
`;
}

/** Loading this removes the table (and only it); harmless when it is absent. */
export function buildRemoval(): string {
  return `table ${TABLE_FAMILY} ${TABLE_NAME}\ndelete table ${TABLE_FAMILY} ${TABLE_NAME}\n`;
}
