/**
 * A folder → one ustar archive in memory, for downloading an export in web mode (no archive
 * package needed: a tar is 512-byte headers and zero-padded file data).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FoveaError } from '../../base/common/errors.js';

const block = 512;
const encoder = new TextEncoder();

function writeString(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length)
    throw new FoveaError('invalid_argument', `Tar field too long: ${value}`);
  header.set(bytes, offset);
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** ustar splits a long path into a prefix (≤155 bytes) and a name (≤100 bytes) at a slash. */
function splitPath(path: string): [string, string] {
  if (encoder.encode(path).length <= 100) return ['', path];
  for (let index = path.indexOf('/'); index !== -1; index = path.indexOf('/', index + 1)) {
    const [prefix, name] = [path.slice(0, index), path.slice(index + 1)];
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100)
      return [prefix, name];
  }
  throw new FoveaError('invalid_argument', `The path is too long for a tar archive: ${path}`);
}

function header(path: string, size: number, isDirectory: boolean, mtime: number): Uint8Array {
  const bytes = new Uint8Array(block);
  const [prefix, name] = splitPath(path);
  writeString(bytes, 0, 100, name);
  writeOctal(bytes, 100, 8, isDirectory ? 0o755 : 0o644);
  writeOctal(bytes, 108, 8, 0);
  writeOctal(bytes, 116, 8, 0);
  writeOctal(bytes, 124, 12, size);
  writeOctal(bytes, 136, 12, Math.floor(mtime / 1000));
  bytes.fill(0x20, 148, 156); // checksum counted as spaces
  bytes[156] = isDirectory ? 0x35 : 0x30;
  writeString(bytes, 257, 6, 'ustar\0');
  writeString(bytes, 263, 2, '00');
  writeString(bytes, 345, 155, prefix);
  const checksum = bytes.reduce((sum, value) => sum + value, 0);
  writeString(bytes, 148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  return bytes;
}

/** Every file under `dir`, as entries below `top/` in the archive. */
export async function tarFolder(dir: string, top: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const walk = async (folder: string, inArchive: string): Promise<void> => {
    const info = await stat(folder);
    parts.push(header(`${inArchive}/`, 0, true, info.mtimeMs));
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const name = `${inArchive}/${entry.name}`;
      if (entry.isDirectory()) await walk(path, name);
      else if (entry.isFile()) {
        const data = await readFile(path);
        parts.push(header(name, data.length, false, (await stat(path)).mtimeMs), data);
        const padding = (block - (data.length % block)) % block;
        if (padding > 0) parts.push(new Uint8Array(padding));
      }
    }
  };
  await walk(dir, top);
  parts.push(new Uint8Array(block * 2));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
