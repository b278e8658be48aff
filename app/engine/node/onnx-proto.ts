/**
 * Just enough of the protobuf wire format to write an ONNX ModelProto (onnx/onnx.proto, proto2):
 * varints, length-delimited fields and little-endian floats. Repeated scalars are written one tag
 * per element (proto2's unpacked default, which every parser accepts).
 */

const encoder = new TextEncoder();

export class ProtoWriter {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  #push(bytes: Uint8Array): void {
    this.#chunks.push(bytes);
    this.#length += bytes.length;
  }

  #varint(value: number | bigint): void {
    let rest = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    this.#push(Uint8Array.from(bytes));
  }

  #tag(field: number, wireType: 0 | 1 | 2 | 5): void {
    this.#varint((field << 3) | wireType);
  }

  int(field: number, value: number): this {
    this.#tag(field, 0);
    this.#varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.#tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.#push(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, 2);
    this.#varint(value.length);
    this.#push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/** TensorProto.DataType values used here. */
export const onnxType = { float: 1, int64: 7 } as const;

export type Attribute =
  | { readonly name: string; readonly int: number }
  | { readonly name: string; readonly float: number }
  | { readonly name: string; readonly ints: readonly number[] };

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly attributes?: readonly Attribute[];
}

export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  /** float32 values, or int64 values (as numbers) when `type` is int64. */
  readonly values: Float32Array | readonly number[];
  readonly type: 'float' | 'int64';
}

export interface OnnxValue {
  readonly name: string;
  /** A string is a symbolic dimension (e.g. the batch, `N`). */
  readonly dims: readonly (number | string)[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxInitializer[];
  readonly input: OnnxValue;
  readonly output: OnnxValue;
  readonly producerVersion: string;
  readonly docString: string;
  /** The ai.onnx opset the nodes are written for; 13 when left out. */
  readonly opset?: number;
}

/** AttributeProto.AttributeType values. */
const attributeType = { float: 1, int: 2, ints: 7 } as const;

function writeAttribute(writer: ProtoWriter, attribute: Attribute): void {
  writer.string(1, attribute.name);
  if ('int' in attribute) writer.int(3, attribute.int).int(20, attributeType.int);
  else if ('float' in attribute) writer.float(2, attribute.float).int(20, attributeType.float);
  else {
    for (const value of attribute.ints) writer.int(8, value);
    writer.int(20, attributeType.ints);
  }
}

function writeNode(writer: ProtoWriter, node: OnnxNode): void {
  for (const input of node.inputs) writer.string(1, input);
  for (const output of node.outputs) writer.string(2, output);
  writer.string(3, node.name).string(4, node.op);
  for (const attribute of node.attributes ?? [])
    writer.message(5, (inner) => writeAttribute(inner, attribute));
}

function writeInitializer(writer: ProtoWriter, tensor: OnnxInitializer): void {
  for (const dim of tensor.dims) writer.int(1, dim);
  writer.int(2, onnxType[tensor.type]).string(8, tensor.name);
  if (tensor.type === 'float') {
    const values = Float32Array.from(tensor.values);
    const raw = new Uint8Array(values.length * 4);
    const view = new DataView(raw.buffer);
    values.forEach((value, index) => view.setFloat32(index * 4, value, true));
    writer.bytes(9, raw);
  } else {
    const raw = new Uint8Array(tensor.values.length * 8);
    const view = new DataView(raw.buffer);
    Array.from(tensor.values).forEach((value, index) =>
      view.setBigInt64(index * 8, BigInt(value), true),
    );
    writer.bytes(9, raw);
  }
}

function writeValue(writer: ProtoWriter, value: OnnxValue): void {
  writer.string(1, value.name).message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.int(1, onnxType.float).message(2, (shape) => {
        for (const dim of value.dims)
          shape.message(1, (entry) =>
            typeof dim === 'number' ? entry.int(1, dim) : entry.string(2, dim),
          );
      }),
    ),
  );
}

/** A ModelProto (IR version 7, default opset `graph.opset`, else 13) holding one graph. */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const writer = new ProtoWriter();
  writer.int(1, 7).string(2, 'Fovea').string(3, graph.producerVersion).string(6, graph.docString);
  writer.message(7, (g) => {
    for (const node of graph.nodes) g.message(1, (inner) => writeNode(inner, node));
    g.string(2, graph.name);
    for (const tensor of graph.initializers)
      g.message(5, (inner) => writeInitializer(inner, tensor));
    g.message(11, (inner) => writeValue(inner, graph.input));
    g.message(12, (inner) => writeValue(inner, graph.output));
  });
  writer.message(8, (opset) => opset.string(1, '').int(2, graph.opset ?? 13));
  return writer.finish();
}
