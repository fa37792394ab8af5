/**
 * The sub stream of a camera added at run time by its RTSP address: its second, smaller stream (grid tiles and
 * thumbnails, docs/live.md), without credentials (the camera's stored credentials are used for both). A camera
 * added over ONVIF keeps its sub profile's address in camera_onvif.sub_rtsp_url (migration 4); config cameras
 * give theirs as `subRtsp` in the YAML. Never recorded.
 */
export const sql = `
ALTER TABLE cameras ADD COLUMN sub_rtsp_url TEXT;
`;
