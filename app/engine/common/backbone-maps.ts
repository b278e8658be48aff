/**
 * What a pretrained network sees in one photo, for the Learn area: a few feature maps of a few
 * layers of the bundled MobileNetV2, from its first convolution to its deep blocks. The early
 * layers respond to edges and colours at every place; the later ones, after many layers of
 * combining, to parts of things over larger areas at lower resolution: the hierarchy the Learn
 * area first shows with hand-made edge and corner detectors.
 */

/** One layer's maps: the channels that vary most over the photo, each stretched to 0–255. */
export interface BackboneMapLayer {
  readonly name: string;
  /** Side of the layer's output (its maps are pooled to at most `maxMapSide`). */
  readonly layerSide: number;
  /** Side of each map sent. */
  readonly side: number;
  /** Channels the layer has in all. */
  readonly channels: number;
  /** The channels shown, most varied first. */
  readonly shown: readonly number[];
  /** uint8, shown.length × side × side. */
  readonly pixels: Uint8Array;
}

export interface BackboneMaps {
  /** The backbone's input side; the photo was squashed to it. */
  readonly inputSize: number;
  readonly layers: readonly BackboneMapLayer[];
}

/** The bundled MobileNetV2's layers the Learn area shows, from the first convolution on. */
export const hierarchyLayers: readonly string[] = [
  'Conv1_relu',
  'block_3_expand_relu',
  'block_6_expand_relu',
  'block_13_expand_relu',
];

export const hierarchyChannels = 6;

/** Maps larger than this are average-pooled down, so a reply stays small. */
export const maxMapSide = 56;
