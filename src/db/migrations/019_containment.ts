/**
 * The camera network (docs/containment.md): every attempt a camera made to
 * reach beyond Premises, one row per camera and destination (or DNS name
 * asked), with first/last seen and a count; and the containment status the
 * daemon last wrote, for the CLI and the API.
 */
export const sql = `
CREATE TABLE network_attempts (
  id             INTEGER PRIMARY KEY,
  camera_id      TEXT,                          -- NULL: a device with no lease in the config
  mac            TEXT NOT NULL,                 -- '' when only the IP is known (a DNS query from an unleased address)
  src_ip         TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('blocked', 'dns')),
  proto          TEXT NOT NULL DEFAULT '',      -- tcp | udp for blocked; the record type (A, AAAA, ...) for dns
  dst_ip         TEXT NOT NULL DEFAULT '',
  dst_port       INTEGER NOT NULL DEFAULT 0,
  name           TEXT NOT NULL DEFAULT '',      -- dns: the name asked
  likely_name    TEXT,                          -- blocked: a name this camera asked, unanswered, just before
  first_seen     INTEGER NOT NULL,
  last_seen      INTEGER NOT NULL,
  count          INTEGER NOT NULL,              -- packets (blocked) or queries (dns)
  kernel_packets INTEGER NOT NULL DEFAULT 0,    -- the firewall counter already counted (blocked)
  UNIQUE (kind, mac, src_ip, proto, dst_ip, dst_port, name)
) STRICT;
CREATE INDEX network_attempts_camera ON network_attempts (camera_id, last_seen);

CREATE TABLE containment_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  state      TEXT NOT NULL,                     -- JSON, see src/containment/status.ts
  updated_at INTEGER NOT NULL
) STRICT;
`;
