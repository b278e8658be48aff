import { describe, expect, it } from 'vitest';
import type { EventName } from '../../app/ipc/common/contract.js';
import { LatestOnlySender } from '../../app/ipc/common/latest-only.js';

function fakeSink() {
  const sent: { event: EventName; payload: unknown }[] = [];
  const pending: (() => void)[] = [];
  return {
    sent,
    pending,
    isOpen: true,
    sink: {
      isOpen: () => true,
      deliver: (event: EventName, payload: unknown, delivered: () => void) => {
        sent.push({ event, payload });
        pending.push(delivered);
      },
    },
  };
}

describe('LatestOnlySender', () => {
  it('keeps one droppable frame in flight and only the newest waiting', () => {
    const fake = fakeSink();
    const sender = new LatestOnlySender(fake.sink);
    for (let i = 1; i <= 100; i++) sender.send('training.visuals', i);
    expect(fake.sent.map((s) => s.payload)).toEqual([1]);
    expect(sender.dropped).toBe(98);
    fake.pending.shift()!();
    expect(fake.sent.map((s) => s.payload)).toEqual([1, 100]);
    fake.pending.shift()!();
    expect(fake.sent).toHaveLength(2);
    // A delivered callback called twice does not release a second frame.
    sender.send('training.visuals', 101);
    const delivered = fake.pending.shift()!;
    sender.send('training.visuals', 102);
    delivered();
    delivered();
    sender.send('training.visuals', 103);
    expect(fake.sent.map((s) => s.payload)).toEqual([1, 100, 101, 102]);
  });

  it('sends other events at once and in order, even while a frame is in flight', () => {
    const fake = fakeSink();
    const sender = new LatestOnlySender(fake.sink);
    sender.send('training.visuals', 'frame');
    sender.send('runs.changed', { datasetId: 1, runId: 1 });
    sender.send('runs.changed', { datasetId: 1, runId: 2 });
    expect(fake.sent.map((s) => s.event)).toEqual([
      'training.visuals',
      'runs.changed',
      'runs.changed',
    ]);
  });

  it('sends nothing to a closed sink', () => {
    const sent: unknown[] = [];
    const sender = new LatestOnlySender({ isOpen: () => false, deliver: (e, p) => sent.push(p) });
    sender.send('training.visuals', 1);
    sender.send('runs.changed', 1);
    expect(sent).toEqual([]);
  });
});
