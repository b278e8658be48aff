/**
 * Names that become file or folder names in an export: whatever a class, dataset or original
 * file was called, the result is one harmless path segment on Windows, macOS and Linux.
 */

const reserved = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** One path segment: no separators, control or reserved characters, not `.`/`..`, ≤ 100 chars. */
export function safeSegment(raw: string, fallback = 'unnamed'): string {
  let name = raw
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (name.length > 100) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, 100 - extension.length) + extension;
  }
  if (name.length === 0) return fallback;
  return reserved.test(name) ? `_${name}` : name;
}

/** `name`, or `name-2`, `name-3`… (before the extension) when `taken` has it (case-insensitively). */
export function uniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let index = 2; taken.has(candidate.toLowerCase()); index++)
    candidate = `${stem}-${index}${extension}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
