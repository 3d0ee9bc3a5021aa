import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

type Info = tf.TensorInfo;
interface KernelBackend {
  disposeData(dataId: object): boolean;
}

interface BackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

function run(name: string, backend: KernelBackend, inputs: tf.NamedTensorInfoMap | Info[], attrs: object): Info {
  const kernel = tf.getKernel(name, 'wasm').kernelFunc as unknown as (args: {
    inputs: unknown;
    backend: KernelBackend;
    attrs: object;
  }) => Info;
  return kernel({ inputs, backend, attrs });
}

/**
 * The filter gradient of a 2-D convolution, dW[kh, kw, ci, co] = Σ_{b,i,j} x[b, i·s + kh − pad, j·s + kw − pad, ci] ·
 * dy[b, i, j, co], for tfjs' wasm backend, which lacks this kernel in 4.22 (tfjs issue #8474). It is composed from
 * the backend's own kernels: x is padded and turned channels-first once, each filter offset is one (strided) slice,
 * the slices are stacked into a (KH·KW·Cin)×N patch matrix and multiplied with dy (N×Cout) in a single matMul.
 */
export function conv2DBackpropFilterWasm(args: { inputs: tf.NamedTensorInfoMap; backend: KernelBackend; attrs?: tf.NamedAttrMap }): Info {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as BackpropFilterAttrs;
  const { x, dy } = inputs as { x: Info; dy: Info };
  if (attrs.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const [KH, KW, CIn, COut] = attrs.filterShape;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const [B] = x.shape;
  const { outHeight: OH, outWidth: OW, strideHeight: SH, strideWidth: SW } = info;
  const { top, bottom, left, right } = info.padInfo;
  const N = B * OH * OW;
  const temps: Info[] = [];
  const keep = (t: Info): Info => {
    temps.push(t);
    return t;
  };
  try {
    const padded =
      top || bottom || left || right
        ? keep(
            run(
              'PadV2',
              backend,
              { x },
              {
                paddings: [
                  [0, 0],
                  [top, bottom],
                  [left, right],
                  [0, 0],
                ],
                constantValue: 0,
              },
            ),
          )
        : x;
    // Channels first: [Cin, B, H, W], so each offset's slice reshapes to Cin×N without a copy per row.
    const xT = keep(run('Transpose', backend, { x: padded }, { perm: [3, 0, 1, 2] }));
    const rows: Info[] = [];
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++) {
        const slice =
          SH === 1 && SW === 1
            ? run('Slice', backend, { x: xT }, { begin: [0, 0, kh, kw], size: [CIn, B, OH, OW] })
            : run(
                'StridedSlice',
                backend,
                { x: xT },
                {
                  begin: [0, 0, kh, kw],
                  end: [CIn, B, kh + (OH - 1) * SH + 1, kw + (OW - 1) * SW + 1],
                  strides: [1, 1, SH, SW],
                  beginMask: 0,
                  endMask: 0,
                  ellipsisMask: 0,
                  newAxisMask: 0,
                  shrinkAxisMask: 0,
                },
              );
        keep(slice);
        rows.push(keep(run('Reshape', backend, { x: slice }, { shape: [CIn, N] })));
      }
    }
    const patches = rows.length === 1 ? rows[0] : keep(run('Concat', backend, rows, { axis: 0 }));
    const a = keep(run('Reshape', backend, { x: patches }, { shape: [1, KH * KW * CIn, N] }));
    const b = keep(run('Reshape', backend, { x: dy }, { shape: [1, N, COut] }));
    const product = keep(run('BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false }));
    return run('Reshape', backend, { x: product }, { shape: [KH, KW, CIn, COut] });
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/**
 * Registers the wasm Conv2DBackpropFilter kernel if the wasm backend has none. Idempotent; called by `train`
 * so that convolutional networks train on wasm with no setup.
 */
export function registerWasmConvBackpropFilter(): void {
  const present = tf.getKernelsForBackend('wasm').some((k) => k.kernelName === 'Conv2DBackpropFilter');
  if (!present) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
    });
  }
}
