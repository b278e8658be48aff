import { describe, expect, it } from 'vitest';
import { hierarchyChannels, hierarchyLayers } from '../../app/engine/common/backbone-maps.js';
import { BackboneMapsService } from '../../app/services/node/backbone-maps-service.js';
import { FakeEngineHost } from './fakes.js';

describe('BackboneMapsService', () => {
  it('asks the engine for the hierarchy layers of the bundled backbone on the image sent', async () => {
    const host = new FakeEngineHost();
    host.answer = () => ({ inputSize: 224, layers: [] });
    const service = new BackboneMapsService({
      host: () => host,
      backboneDir: (id) => `/backbones/${id}`,
    });
    const png = new Uint8Array([137, 80, 78, 71]);
    expect(await service.maps(png)).toEqual({ inputSize: 224, layers: [] });
    expect(host.tasks).toHaveLength(1);
    const task = host.tasks[0]!;
    expect(task).toMatchObject({
      op: 'backboneMaps',
      backbone: '/backbones/mobilenet-v2',
      layers: hierarchyLayers,
      channels: hierarchyChannels,
    });
    if (task.op === 'backboneMaps') expect([...new Uint8Array(task.image)]).toEqual([...png]);
  });

  it('says plainly when no backbone is bundled here', async () => {
    const service = new BackboneMapsService({ host: () => new FakeEngineHost() });
    await expect(service.maps(new Uint8Array(4))).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('MobileNetV2'),
    });
  });
});
