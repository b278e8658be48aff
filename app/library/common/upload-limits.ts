/**
 * Limits of web-mode uploads, shared by the renderer (which sends files in chunks), the upload
 * store (which refuses what is over them) and the web server (whose frame cap follows from them).
 */
const mebibyte = 1024 * 1024;

/** The renderer closes a chunk of `uploads.add` once it holds this many bytes. */
export const uploadChunkBytes = 8 * mebibyte;

/**
 * The largest single file an upload takes. A chunk closes after the file that crosses
 * `uploadChunkBytes`, so one frame carries at most a chunk plus one such file. Photos worth
 * training on are far smaller; a larger file is refused rather than stretching every frame.
 */
export const maxUploadFileBytes = 64 * mebibyte;

/** One upload (one drop) holds at most this much; a larger collection is imported in parts. */
export const maxUploadBytes = 16 * 1024 * mebibyte;

/** An upload no import started from within this time is removed. */
export const uploadIdleMs = 30 * 60 * 1000;

/** Uploads stop before the disk holding the library would have less than this left. */
export const uploadDiskReserveBytes = 256 * mebibyte;
