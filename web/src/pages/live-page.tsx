import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { api, type CameraView } from '../api.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ErrorLine } from '../ui.js';
import { LivePlayer } from './live.js';

/** One camera streaming for as long as the tile is on the page; unmounting closes its socket. */
function LiveTile(props: { camera: CameraView; stream: 'main' | 'sub' }): JSX.Element {
  const { camera, stream } = props;
  const tile = useRef<HTMLElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const v = video.current as HTMLVideoElement;
    v.muted = true; // the attribute alone does not mute for autoplay rules in every browser
    const player = new LivePlayer(camera, tile.current as HTMLElement, v, status.current as HTMLParagraphElement, stream);
    // The socket says why when it is refused; say it at once for a camera known to be paused.
    if (camera.paused) {
      player.fail(`Not shown: privacy pause (${camera.paused.reason})`);
      player.retryIn(10_000);
    } else player.start();
    return () => player.stop();
  }, [camera.id, stream]);
  return (
    <figure ref={tile} class="live-tile" data-camera={camera.id}>
      <video ref={video} muted autoplay playsInline aria-label={`Live video of ${camera.name}`} />
      <figcaption>
        {camera.name} <p ref={status} class="live-status" role="status" />
      </figcaption>
    </figure>
  );
}

/** Live: a tile per camera the user may watch, all streaming while the page is open (the Grid page pages through many). */
function LivePage(): JSX.Element {
  const cams = useLoad(() => api<{ cameras: CameraView[] }>('GET', '/api/cameras').then((r) => r.cameras.filter((c) => c.rights.live)));
  const watchable = cams.data;
  return (
    <>
      <h1>Live</h1>
      <ErrorLine error={cams.error} />
      {!watchable ? null : watchable.length === 0 ? (
        <p>You have no camera to watch live. An owner can give you the live right on a camera.</p>
      ) : (
        <>
          <p class="hint">Each view is written to the audit log with your name, the camera and the time.</p>
          <div class="live-grid">
            {watchable.map((c) => (
              // Several cameras at once are tiles (sub streams); one camera alone is shown from its main stream.
              <LiveTile key={c.id} camera={c} stream={watchable.length > 1 && c.subStream ? 'sub' : 'main'} />
            ))}
          </div>
        </>
      )}
    </>
  );
}

export const livePage = preactPage({ path: '/live', title: 'Live', needsUser: true, inMenu: (user) => user !== null }, LivePage);
