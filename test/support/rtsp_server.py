#!/usr/bin/python3
"""A real RTSP server for tests and the demo: GStreamer's gst-rtsp-server.

Usage: rtsp_server.py --port N MOUNT=SPEC [MOUNT=SPEC ...]
  SPEC is one of
    file:PATH       replay a pre-encoded H.264 MP4 in a loop, without re-encoding
    live:WxH@FPS    a live moving test pattern encoded with x264
    live-audio:WxH@FPS   the same, with an AAC audio track (a tone)
    bars:WxH@FPS    colour bars scrolling sideways: bright areas that move (mask tests)
    demo:WxH@FPS    the demo camera: colour bars scrolling sideways under a large ticking clock,
                    so a viewer sees at once that the picture is live (needs gstreamer1.0-x)
    hevc:WxH@FPS    a live moving test pattern encoded as H.265 (browsers without HEVC: the live page's message)
    clock:WxH@FPS   the wall clock drawn into each frame as 32 black/white columns, the milliseconds
                    since the epoch modulo 2^32, most significant bit left (live latency benchmark)
Prints "READY <port>" on stdout once listening.
"""
import argparse
import signal
import sys
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def live_launch(spec, audio, pattern="pattern=ball"):
    size, fps = spec.split("@")
    width, height = size.split("x")
    video = (
        f"videotestsrc is-live=true {pattern} ! video/x-raw,width={width},height={height},framerate={fps}/1 "
        f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=1000 "
        f"! video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=1"
    )
    if not audio:
        return f"( {video} )"
    sound = "audiotestsrc is-live=true wave=sine ! audioconvert ! avenc_aac ! rtpmp4gpay name=pay1 pt=97"
    return f"( {video} {sound} )"


# Moving colour bars, the local time in large type and a caption: a picture nobody mistakes for a dead feed.
DEMO_PATTERN = (
    "pattern=smpte horizontal-speed=2 ! clockoverlay time-format=\"%H:%M:%S\" font-desc=\"Sans Bold 64\" "
    "halignment=center valignment=center shaded-background=true "
    "! textoverlay text=\"Premises demo camera\" font-desc=\"Sans 28\" valignment=bottom halignment=center shaded-background=true"
)


def clock_factory(spec):
    size, fps = spec.split("@")
    width, height = (int(v) for v in size.split("x"))
    fps = int(fps)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        f"( appsrc name=clocksrc is-live=true do-timestamp=true format=time "
        f"caps=video/x-raw,format=GRAY8,width={width},height={height},framerate={fps}/1 "
        f"! videoconvert ! video/x-raw,format=I420 "
        f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=1000 "
        f"! video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=1 )"
    )
    column = width // 32

    def configure(_factory, media):
        appsrc = media.get_element().get_child_by_name("clocksrc")
        state = {"alive": True}

        def push():
            if not state["alive"]:
                return False
            ms = int(time.time() * 1000) & 0xFFFFFFFF
            row = bytearray()
            for bit in range(32):
                row += bytes([255 if (ms >> (31 - bit)) & 1 else 0]) * column
            row += bytes(width - len(row))
            if appsrc.emit("push-buffer", Gst.Buffer.new_wrapped(bytes(row) * height)) != Gst.FlowReturn.OK:
                state["alive"] = False
            return state["alive"]

        media.connect("unprepared", lambda *_: state.update(alive=False))
        GLib.timeout_add(max(1, 1000 // fps), push)

    factory.connect("media-configure", configure)
    return factory


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("mounts", nargs="+")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    for item in args.mounts:
        mount, spec = item.split("=", 1)
        kind, _, value = spec.partition(":")
        if kind == "file":
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(
                f"( filesrc location={value} ! qtdemux ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )"
            )
        elif kind in ("live", "live-audio"):
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(live_launch(value, kind == "live-audio"))
        elif kind == "hevc":
            size, fps = value.split("@")
            width, height = size.split("x")
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(
                f"( videotestsrc is-live=true pattern=ball ! video/x-raw,width={width},height={height},framerate={fps}/1 "
                f"! x265enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=500 "
                f"! video/x-h265,profile=main ! rtph265pay name=pay0 pt=96 config-interval=1 )"
            )
        elif kind == "clock":
            factory = clock_factory(value)
        elif kind == "demo":
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(live_launch(value, False, DEMO_PATTERN))
        elif kind == "bars":
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(live_launch(value, False, "pattern=smpte horizontal-speed=8"))
        else:
            sys.exit(f"unknown source kind {kind!r}")
        # Not shared: each client gets its own pipeline (shared media crashed with simultaneous clients).
        factory.set_shared(False)
        mounts.add_factory("/" + mount.lstrip("/"), factory)

    # One line per RTSP client connection, so tests can count how often the camera was opened.
    server.connect("client-connected", lambda _server, _client: print("CLIENT", flush=True))
    if server.attach(None) == 0:
        sys.exit(f"cannot listen on port {args.port}")
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)
    print(f"READY {args.port}", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
