import './find.css';
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type CameraView } from '../api.js';
import type { App } from '../app.js';
import { cameraLabel } from '../camera-label.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ErrorLine } from '../ui.js';
import { LivePlayer } from './live.js';

/**
 * Live grid: every camera the user may watch live, 1, 4, 9 or 16 to a
 * screen, a click (or Enter) enlarges one, a button fills the screen. Tiles
 * play the cameras' sub streams (small, cheap to decode 16 at once); an
 * enlarged camera, or one per screen, plays its main stream. The
 * players are the Live page's; a tile streams only while it is on screen
 * (IntersectionObserver), so a long grid scrolled past does not keep a
 * stream, a live ffmpeg and an audit entry per hidden camera.
 */
const LAYOUTS = [1, 4, 9, 16] as const;
type Layout = (typeof LAYOUTS)[number];
const LAYOUT_KEY = 'premises.grid.layout';

function savedLayout(): Layout {
  const n = Number(localStorage.getItem(LAYOUT_KEY));
  return (LAYOUTS as readonly number[]).includes(n) ? (n as Layout) : 4;
}

/** `stream`: `sub` for a tile among several, `main` for a camera shown on its own (enlarged, or one per screen). */
function Tile(props: { camera: CameraView; stream: 'main' | 'sub'; onEnlarge?: () => void }): JSX.Element {
  const { camera, stream } = props;
  const tile = useRef<HTMLElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const el = tile.current as HTMLElement;
    const v = video.current as HTMLVideoElement;
    // Held here: on unmount the refs are already cleared when the cleanup pauses the tile.
    const line = status.current as HTMLParagraphElement;
    v.muted = true; // the attribute alone does not mute for autoplay rules in every browser
    let player: LivePlayer | undefined;
    const play = () => {
      if (player) return;
      player = new LivePlayer(camera, el, v, line, stream);
      el.dataset['streaming'] = 'yes';
      // The socket says why when it is refused; say it at once for a camera known to be paused.
      if (camera.paused) {
        player.fail(`Not shown: privacy pause (${camera.paused.reason})`);
        player.retryIn(10_000);
      } else player.start();
    };
    const pause = () => {
      if (!player) return;
      player.stop();
      player = undefined;
      // The player closes its socket; emptying the video as well frees the decoder and drops what was buffered.
      v.pause();
      v.removeAttribute('src');
      v.load();
      el.dataset['streaming'] = 'no';
      line.textContent = 'Paused while off screen';
    };
    const seen = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (e.isIntersecting) play();
        else pause();
      }
    });
    seen.observe(el);
    return () => {
      seen.disconnect();
      pause();
    };
  }, [camera.id, stream]);
  const name = cameraLabel(camera.name, camera.id);
  return (
    <figure ref={tile} class="live-tile grid-tile" data-camera={camera.id} data-stream={stream}>
      <video ref={video} muted autoplay playsInline aria-label={`Live video of ${name}`} onClick={props.onEnlarge} />
      <figcaption>
        {props.onEnlarge ? (
          <button type="button" class="link grid-name" onClick={props.onEnlarge} aria-label={`Enlarge ${name}`}>
            {name}
          </button>
        ) : (
          name
        )}{' '}
        <p ref={status} class="live-status" role="status" />
      </figcaption>
    </figure>
  );
}

function GridBody(_props: { app: App }): JSX.Element {
  const cams = useLoad(() => api<{ cameras: CameraView[] }>('GET', '/api/cameras').then((r) => r.cameras.filter((c) => c.rights.live)));
  const [layout, setLayout] = useState<Layout>(savedLayout);
  const [screen, setScreen] = useState(0);
  const [enlarged, setEnlarged] = useState<string | null>(null);
  const area = useRef<HTMLDivElement>(null);
  const cameras = cams.data ?? [];
  const pages = Math.max(1, Math.ceil(cameras.length / layout));
  const shownScreen = Math.min(screen, pages - 1);
  const big = enlarged ? cameras.find((c) => c.id === enlarged) : undefined;
  const shown = big ? [big] : cameras.slice(shownScreen * layout, shownScreen * layout + layout);
  useEffect(() => {
    if (!big) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && document.fullscreenElement === null && setEnlarged(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [big?.id]);
  const choose = (n: Layout) => {
    setLayout(n);
    setScreen(0);
    setEnlarged(null);
    localStorage.setItem(LAYOUT_KEY, String(n));
  };
  return (
    <>
      <h1>Grid</h1>
      <p class="hint">Each view is written to the audit log with your name, the camera and the time. A tile streams only while it is on screen.</p>
      <ErrorLine error={cams.error} />
      {cams.data && cameras.length === 0 ? <p>You have no camera to watch live. An owner can give you the live right on a camera.</p> : null}
      {cameras.length ? (
        <div class="pb-controls" role="group" aria-label="Grid">
          <span>Cameras per screen:</span>
          {LAYOUTS.map((n) => (
            <button key={n} type="button" aria-pressed={layout === n && !big} onClick={() => choose(n)}>
              {String(n)}
            </button>
          ))}
          {pages > 1 && !big ? (
            <>
              <button type="button" disabled={shownScreen === 0} onClick={() => setScreen(shownScreen - 1)}>
                Previous cameras
              </button>
              <span>{`Screen ${shownScreen + 1} of ${pages}`}</span>
              <button type="button" disabled={shownScreen >= pages - 1} onClick={() => setScreen(shownScreen + 1)}>
                Next cameras
              </button>
            </>
          ) : null}
          {big ? (
            <button type="button" onClick={() => setEnlarged(null)}>
              Back to the grid
            </button>
          ) : null}
          <button type="button" onClick={() => void area.current?.requestFullscreen().catch(() => undefined)}>
            Full screen
          </button>
        </div>
      ) : null}
      <div ref={area} class={`grid-tiles layout-${big ? 1 : layout}`}>
        {shown.map((c) => (
          <Tile key={c.id} camera={c} stream={c.subStream && !big && layout > 1 ? 'sub' : 'main'} onEnlarge={big ? undefined : () => setEnlarged(c.id)} />
        ))}
      </div>
    </>
  );
}

export const gridPage = preactPage({ path: '/grid', title: 'Grid', needsUser: true, inMenu: (user) => user !== null }, GridBody);
