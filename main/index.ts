/** The Electron main process entry (dist/main/index.js). Everything it does is in desktop-app.ts. */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDesktopApp } from './desktop-app.js';

startDesktopApp({ mainDir: dirname(fileURLToPath(import.meta.url)), env: process.env });
