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

describe('StepState on the article’s example', () => {
  it('opens on the article’s kernel and patch, reading Σ wᵢxᵢ + b = 5 at the first position', () => {
    const player = new StepState();
    expect(player.matrixId).toBe('article');
    expect(player.kernelChoice).toBe('article');
    expect(player.index).toBe(0);
    expect(player.step).toMatchObject({ sum: 5, bias: 0, output: 5 });
    player.setBias(1);
    expect(player.step.output).toBe(6);
    expect(player.output.data[0]).toBe(6);
    player.dispose();
  });

  it('takes typed numbers: a weight makes the kernel custom, a cell makes the matrix typed in', () => {
    const player = new StepState();
    player.chooseMatrix('numbers');
    player.chooseKernel('identity');
    expect(player.kernelChoice).toBe('identity');
    [2, 2, 0, 0, 2, 0, 0, 0, 1].forEach((weight, index) => player.setWeight(index, weight));
    expect(player.kernelChoice).toBe('article');
    player.setWeight(8, 3);
    expect(player.kernelChoice).toBe('custom');
    [0, 1, 0].forEach((value, column) => player.setInput(column, value));
    expect(player.matrixId).toBe('custom');
    expect(player.step.window.slice(0, 3)).toEqual([0, 1, 0]);
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
