import { describe, expect, it } from 'vitest';
import type { EventPayloads, FoveaClient } from '../../app/ipc/common/contract.js';
import type { VisualFrame } from '../../app/engine/common/visuals.js';
import { WatchState } from '../../renderer/lib/state/watch.svelte.js';

type VisualsListener = (payload: EventPayloads['training.visuals']) => void;

/** Just enough of a client for a training run in view: no snapshots yet, events on demand. */
function fakeClient(): { client: FoveaClient; emit: VisualsListener } {
  let listener: VisualsListener = () => undefined;
  const client = {
    on: (_event: string, next: VisualsListener) => {
      listener = next;
      return () => undefined;
    },
    watch: { snapshots: () => Promise.resolve([]), probe: () => Promise.resolve(null) },
    images: {
      index: () => Promise.resolve({ ids: new Int32Array([4, 9]) }),
      names: (ids: number[]) => Promise.resolve(ids.map((id) => (id === 4 ? 'cat_004.jpg' : ''))),
    },
  } as unknown as FoveaClient;
  return { client, emit: (payload) => listener(payload) };
}

const frame = (step: number, kind: VisualFrame['kind']): VisualFrame => ({
  step,
  epoch: 1,
  kind,
  filters: [],
  maps: null,
});

describe('WatchState', () => {
  it('offers dataset images as probes by their file names', async () => {
    const watch = new WatchState(fakeClient().client);
    await watch.follow(7, 1, [], false);
    expect(watch.probeChoices).toEqual([
      { id: 4, name: 'cat_004.jpg' },
      { id: 9, name: '#9' },
    ]);
  });

  it("keeps the server's snapshot numbers when a stored frame was dropped on the way", async () => {
    const { client, emit } = fakeClient();
    const watch = new WatchState(client);
    const stop = watch.listen();
    await watch.follow(7, 1, [], true);
    emit({ runId: 7, datasetId: 1, frame: frame(0, 'start'), seq: 1 });
    emit({ runId: 7, datasetId: 1, frame: frame(3, 'live'), seq: null });
    // seq 2 (step 5) was replaced by a newer frame before the window took it.
    emit({ runId: 7, datasetId: 1, frame: frame(10, 'step'), seq: 3 });
    emit({ runId: 8, datasetId: 1, frame: frame(1, 'step'), seq: 1 });
    expect(watch.snapshots.map((snapshot) => [snapshot.seq, snapshot.step])).toEqual([
      [1, 0],
      [3, 10],
    ]);
    expect(watch.framesSeen).toBe(3);
    stop();
  });
});
