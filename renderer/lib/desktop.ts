/** What the desktop app's preload adds beside the service client; absent in web mode. */
export interface DesktopBridge {
  /** The real path of a dropped or picked file (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
  /** The native folder dialog; resolves with the chosen folders, empty when cancelled. */
  chooseFolders(): Promise<string[]>;
  /** The native save dialog for an export: a new folder's path, null when cancelled. */
  chooseExportFolder(suggested: string): Promise<string | null>;
  /** Commands from the application menu ('import-folder'); returns the unsubscribe function. */
  onMenuCommand(listener: (command: string) => void): () => void;
}

declare global {
  interface Window {
    foveaDesktop?: DesktopBridge;
  }
}

/** Real paths for dropped files where the desktop app can give them, else undefined. */
export function desktopPaths(files: readonly File[]): string[] | undefined {
  const bridge = window.foveaDesktop;
  if (!bridge) return undefined;
  const paths = files.map((file) => bridge.pathForFile(file));
  return paths.every((path) => path !== '') ? paths : undefined;
}

export function desktopBridge(): DesktopBridge | undefined {
  return window.foveaDesktop;
}
