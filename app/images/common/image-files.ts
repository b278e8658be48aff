/**
 * Which files an import looks at, by name alone. The decoder decides by content later; this list
 * only keeps a scan from opening every README and spreadsheet in a folder.
 */
export const imageExtensions = [
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.gif',
  '.bmp',
  '.tif',
  '.tiff',
  '.avif',
] as const;

export type ImageExtension = (typeof imageExtensions)[number];

/** The lowercase extension of a file name, with its dot, or '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

export function isImageFileName(name: string): boolean {
  return (imageExtensions as readonly string[]).includes(extensionOf(name));
}

/**
 * Files a person never meant to import and never wants to hear about: dotfiles (`.DS_Store`,
 * macOS `._*` resource forks) and Windows' thumbnail caches and folder settings.
 */
export function isHiddenFileName(name: string): boolean {
  if (name.startsWith('.')) return true;
  const lower = name.toLowerCase();
  return lower === 'thumbs.db' || lower === 'desktop.ini' || lower === 'ehthumbs.db';
}
