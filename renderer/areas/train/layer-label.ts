/**
 * Layer names in the person's language. The engine's `describeLayer` is English (logs, exports,
 * the CLI); the Train area names layers with these words instead, from the spec being edited, so a
 * label follows the value typed. Keras' names stay as they are in both languages where they are
 * the terms a person looks up (relu, same).
 */
import type { LayerSpec, LayerType } from '../../../app/engine/common/spec.js';
import type { Locale } from '../../lib/i18n.svelte.js';

interface LayerWords {
  readonly names: Record<LayerType, string>;
  readonly filters: (n: number) => string;
  readonly stride: (n: number) => string;
  readonly separator: string;
}

const words: Record<Locale, LayerWords> = {
  en: {
    names: {
      conv2d: 'conv2d',
      maxPool2d: 'maxPool2d',
      avgPool2d: 'avgPool2d',
      flatten: 'flatten',
      dense: 'dense',
      dropout: 'dropout',
      batchNorm: 'batchNorm',
    },
    filters: (n) => `${n} filters`,
    stride: (n) => `stride ${n}`,
    separator: ', ',
  },
  zh: {
    names: {
      conv2d: '卷积',
      maxPool2d: '最大池化',
      avgPool2d: '平均池化',
      flatten: '展平',
      dense: '全连接',
      dropout: '随机失活',
      batchNorm: '批归一化',
    },
    filters: (n) => `${n} 个滤波器`,
    stride: (n) => `步幅 ${n}`,
    separator: '，',
  },
};

/** The name of a layer type, for the "Add layer…" menu. */
export function layerTypeName(type: LayerType, locale: Locale): string {
  return words[locale].names[type];
}

/** A layer as the table shows it: `conv2d 3×3, 16 filters, same, relu` / `卷积 3×3，16 个滤波器，…`. */
export function layerLabel(layer: LayerSpec, locale: Locale): string {
  const w = words[locale];
  const name = w.names[layer.type];
  switch (layer.type) {
    case 'conv2d': {
      const stride =
        layer.strides !== undefined && layer.strides !== 1 ? [w.stride(layer.strides)] : [];
      const size = `${name} ${layer.kernelSize}×${layer.kernelSize}`;
      return [size, w.filters(layer.filters), ...stride, layer.padding, layer.activation].join(
        w.separator,
      );
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const stride =
        layer.strides !== undefined && layer.strides !== layer.poolSize
          ? [w.stride(layer.strides)]
          : [];
      return [`${name} ${layer.poolSize}×${layer.poolSize}`, ...stride].join(w.separator);
    }
    case 'dense':
      return [`${name} ${layer.units}`, layer.activation].join(w.separator);
    case 'dropout':
      return `${name} ${layer.rate}`;
    case 'flatten':
    case 'batchNorm':
      return name;
  }
}
