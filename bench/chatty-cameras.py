#!/usr/bin/env python3
"""The camera side of `npm run bench:containment`: many chatty cameras from one
namespace. Raw Ethernet frames (AF_PACKET) let each camera have its own MAC and
IP on one link, as behind a switch. Each camera makes RATE attempts per second
for SECONDS seconds, cycling TCP SYN 443, UDP 443 and UDP 3478 to the cloud
address. Prints one JSON line: packets sent and the time the first one left."""
import json, socket, struct, sys, time

iface, dst_mac, first_ip, count, rate, seconds, cloud = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]

def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return (~s) & 0xffff

def ip_header(src, dst, proto, payload_len):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + payload_len, 0, 0x4000, 64, proto, 0, src, dst)
    return h[:10] + struct.pack('!H', csum(h)) + h[12:]

def frame(i, kind):
    mac = bytes([0x02, 0x00, 0x00, 0x94, 0x00, i + 11])
    base = list(map(int, first_ip.split('.')))
    src = bytes(base[:3] + [base[3] + i])
    dst = socket.inet_aton(cloud)
    sport = 40000 + i
    if kind == 0:  # TCP SYN to 443
        tcp = struct.pack('!HHIIBBHHH', sport, 443, 1, 0, 5 << 4, 0x02, 65535, 0, 0)
        pseudo = src + dst + struct.pack('!BBH', 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack('!H', csum(pseudo + tcp)) + tcp[18:]
        l4, proto = tcp, 6
    else:  # UDP to 443 or 3478, checksum 0 (allowed for IPv4)
        payload = b'p2p-hello'
        l4, proto = struct.pack('!HHHH', sport, 443 if kind == 1 else 3478, 8 + len(payload), 0) + payload, 17
    eth = bytes.fromhex(dst_mac.replace(':', '')) + mac + b'\x08\x00'
    return eth + ip_header(src, dst, proto, len(l4)) + l4

s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
frames = [[frame(i, k) for k in range(3)] for i in range(count)]
interval = 1.0 / rate
sent = 0
start = time.time()
tick = 0
while True:
    t = start + tick * interval
    if t - start >= seconds:
        break
    delay = t - time.time()
    if delay > 0:
        time.sleep(delay)
    for i in range(count):
        s.send(frames[i][tick % 3])
        sent += 1
    tick += 1
print(json.dumps({'sent': sent, 'firstAt': start * 1000, 'seconds': time.time() - start}))
