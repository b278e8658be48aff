/**
 * The web transport's frame format. Binary payloads (thumbnails, feature maps) must not become
 * JSON arrays, so a frame is: a 4-byte little-endian header length, a UTF-8 JSON header in which
 * every ArrayBuffer or typed array was replaced by `{"$binary": i, "type": name}`, then the buffers
 * back to back, each prefixed by its 4-byte length.
 */
const typedArrays = {
  Uint8Array,
  Uint8ClampedArray,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedArrayName = keyof typeof typedArrays;
type BinaryRef = { $binary: number; type: TypedArrayName | 'ArrayBuffer' };

function isBinaryRef(value: unknown): value is BinaryRef {
  return (
    typeof value === 'object' && value !== null && typeof (value as BinaryRef).$binary === 'number'
  );
}

function typedArrayName(value: ArrayBufferView): TypedArrayName | undefined {
  const name = value.constructor.name;
  return name in typedArrays ? (name as TypedArrayName) : undefined;
}

export function encodeFrame(message: unknown): Uint8Array<ArrayBuffer> {
  const buffers: Uint8Array[] = [];
  const header = JSON.stringify(message, (_key, value: unknown) => {
    if (value instanceof ArrayBuffer) {
      buffers.push(new Uint8Array(value));
      return { $binary: buffers.length - 1, type: 'ArrayBuffer' };
    }
    if (ArrayBuffer.isView(value)) {
      const type = typedArrayName(value) ?? 'Uint8Array';
      buffers.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return { $binary: buffers.length - 1, type };
    }
    return value;
  });
  const headerBytes = new TextEncoder().encode(header);
  const total = 4 + headerBytes.length + buffers.reduce((sum, b) => sum + 4 + b.length, 0);
  const frame = new Uint8Array(total);
  const view = new DataView(frame.buffer);
  view.setUint32(0, headerBytes.length, true);
  frame.set(headerBytes, 4);
  let offset = 4 + headerBytes.length;
  for (const buffer of buffers) {
    view.setUint32(offset, buffer.length, true);
    frame.set(buffer, offset + 4);
    offset += 4 + buffer.length;
  }
  return frame;
}

export function decodeFrame(frame: Uint8Array): unknown {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame.length < 4) throw new Error('Frame too short.');
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > frame.length) throw new Error('Frame header overruns the frame.');
  const header = new TextDecoder().decode(frame.subarray(4, 4 + headerLength));
  const buffers: ArrayBuffer[] = [];
  let offset = 4 + headerLength;
  while (offset < frame.length) {
    if (offset + 4 > frame.length) throw new Error('Frame buffer length is cut off.');
    const length = view.getUint32(offset, true);
    if (offset + 4 + length > frame.length) throw new Error('Frame buffer overruns the frame.');
    buffers.push(frame.slice(offset + 4, offset + 4 + length).buffer);
    offset += 4 + length;
  }
  return JSON.parse(header, (_key, value: unknown) => {
    if (!isBinaryRef(value)) return value;
    const buffer = buffers[value.$binary];
    if (!buffer) throw new Error(`Frame refers to a missing buffer ${value.$binary}.`);
    if (value.type === 'ArrayBuffer') return buffer;
    const Constructor = typedArrays[value.type];
    if (!Constructor) throw new Error(`Frame has an unknown binary type ${String(value.type)}.`);
    return new Constructor(buffer);
  }) as unknown;
}
