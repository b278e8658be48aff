import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinImage } from '../../app/teach/common/images.js';
import { planeToRows } from '../../app/teach/common/image.js';
import { LabState } from '../../renderer/areas/learn/lab-state.svelte.js';
import { messages } from '../../renderer/areas/learn/messages.js';
import { StepState } from '../../renderer/areas/learn/step-state.svelte.js';
import { LocaleState } from '../../renderer/lib/i18n.svelte.js';

describe('LabState', () => {
  it('lights the edge columns when the vertical Sobel meets the vertical edge', () => {
    const lab = new LabState();
    lab.setImage(builtinImage('vertical-edge'), { kind: 'builtin', id: 'vertical-edge' });
    lab.choosePreset('sobel-vertical');
    const row = planeToRows(lab.grayMap)[40] ?? [];
    expect(row.flatMap((value, x) => (value > 0 ? [x] : []))).toEqual([62, 63]);
    expect(lab.maps).toHaveLength(1);
    lab.setColorMode('channels');
    expect(lab.maps).toHaveLength(3);
  });

  it('calls an edited kernel custom, and a preset chosen again by its name', () => {
    const lab = new LabState();
    lab.choosePreset('box');
    lab.setWeight(4, 3);
    expect(lab.preset).toBe('custom');
    lab.setKernelSize(5);
    expect(lab.kernel.size).toBe(5);
    lab.choosePreset('laplacian');
    expect(lab.preset).toBe('laplacian');
    expect(lab.kernel.weights[12]).toBe(-16);
  });

  it('keeps padding within the kernel and sizes the map by the rule', () => {
    const lab = new LabState();
    lab.setPadding(9);
    expect(lab.padding).toBe(2);
    lab.setPadding(1);
    lab.setStride(2);
    // (128 + 2 − 3)/2 + 1 = 64.5 → 64
    expect(lab.grayMap.width).toBe(64);
    expect(lab.pooled.map((plane) => plane.width)).toEqual([32, 16]);
    lab.reset();
    expect(lab.grayMap.width).toBe(126);
  });
});

describe('StepState', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('plays through the 16 positions and stops at the last', () => {
    vi.useFakeTimers();
    const player = new StepState();
    expect(player.count).toBe(16);
    player.setSpeed(4);
    player.play();
    vi.advanceTimersByTime(1000);
    expect(player.index).toBe(4);
    expect(player.step.sum).toBe(player.output.data[4]);
    vi.advanceTimersByTime(10_000);
    expect(player.index).toBe(15);
    expect(player.isPlaying).toBe(false);
    player.setPadding(1);
    expect(player.count).toBe(36);
    expect(player.index).toBe(0);
    player.dispose();
  });
});

describe('messages', () => {
  const placeholders = (text: string): string[] =>
    [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

  it('has every key in both languages, with the same placeholders', () => {
    const keys = Object.keys(messages.en) as (keyof typeof messages.en)[];
    expect(Object.keys(messages.zh).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(messages.zh[key].trim(), key).not.toBe('');
      expect(placeholders(messages.zh[key]), key).toEqual(placeholders(messages.en[key]));
    }
  });

  it('switches language through the locale state', () => {
    const locale = new LocaleState();
    const t = locale.translator(messages);
    locale.setLocale('en');
    expect(t('image.vertical-edge')).toBe('Vertical edge');
    locale.setLocale('zh');
    expect(t('image.vertical-edge')).toBe('垂直边缘');
    expect(t('step.progress', { n: 2, total: 16 })).toBe('第 2 个位置，共 16 个');
  });
});
