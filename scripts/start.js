// `npm start` (after the build): the desktop app where Electron can run — downloading its binary
// on first start — else web mode. The logic lives in app/cli/node/desktop-start.ts.
await import('../dist/start.js');
