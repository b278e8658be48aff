/**
 * Where the person is, kept in the URL's hash so a reload (or a shared address) returns there:
 * `#/train/3/12` is the Train area on dataset 3 watching run 12; parts on the right may be left out.
 */
export const areas = ['datasets', 'train', 'evaluate', 'learn'] as const;
export type Area = (typeof areas)[number];

export interface Place {
  readonly area: Area;
  readonly datasetId: number | null;
  readonly runId: number | null;
}

function isArea(value: string | undefined): value is Area {
  return (areas as readonly string[]).includes(value ?? '');
}

function positiveId(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,9}$/.test(text)) return null;
  const value = Number(text);
  return value > 0 ? value : null;
}

/** The place a hash names; anything unreadable falls back to the Datasets area. */
export function parsePlace(hash: string): Place {
  const [area, dataset, run] = hash.replace(/^#\/?/, '').split('/');
  const datasetId = positiveId(dataset);
  return {
    area: isArea(area) ? area : 'datasets',
    datasetId,
    runId: datasetId === null ? null : positiveId(run),
  };
}

export function formatPlace(place: Place): string {
  const parts: (string | number)[] = [place.area];
  if (place.datasetId !== null) {
    parts.push(place.datasetId);
    if (place.runId !== null) parts.push(place.runId);
  }
  return `#/${parts.join('/')}`;
}
