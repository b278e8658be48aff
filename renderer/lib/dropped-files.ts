/**
 * What a person dropped or picked, as files with the relative paths they had (so `cats/` and
 * `dogs/` folders keep their names). Uses the DataTransfer entries API for dropped folders and
 * `webkitRelativePath` for the folder picker.
 */
export interface DroppedFile {
  /** Relative to the drop: `train/cat/cat_0001.jpg`, or just the name for a loose file. */
  readonly path: string;
  readonly file: File;
}

export async function filesFromDataTransfer(transfer: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return [...transfer.files].map((file) => ({ path: file.name, file }));
  const files: DroppedFile[] = [];
  for (const entry of entries) await collect(entry, entry.name, files);
  return files;
}

export function filesFromInput(list: FileList | null): DroppedFile[] {
  return [...(list ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

async function collect(entry: FileSystemEntry, path: string, into: DroppedFile[]): Promise<void> {
  if (isFile(entry)) {
    into.push({
      path,
      file: await new Promise<File>((resolve, reject) => entry.file(resolve, reject)),
    });
    return;
  }
  if (!isDirectory(entry)) return;
  const reader = entry.createReader();
  for (;;) {
    // readEntries returns at most ~100 entries per call; call until it returns none.
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return;
    for (const child of batch) await collect(child, `${path}/${child.name}`, into);
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}
