"""Rewrites an int8 QA graph into operators that onnxruntime-web's WASM kernels run fast.

Two rewrites, both numerical approximations of the same order as the graph's dynamic int8
quantization (measured on ko-qa: the same top answer for 5,702 of 5,774 KorQuAD dev questions and
1,245 of 1,249 held-out news cloze questions, EM/F1 no lower; see models/ko-qa/README.md):

- `Gelu` (erf form, com.microsoft) -> `FastGelu` (tanh form). The erf kernel is 4.9x slower in WASM
  than natively; the tanh one is faster in both runtimes.
- every `MatMul` / `FusedMatMul` whose two inputs are both computed (attention scores Q.K^T,
  softmax . V, the conv reader's passage-question products) -> per-tensor dynamic uint8
  quantization of both inputs, `MatMulInteger`, and a float rescale. onnxruntime fuses that into
  `DynamicQuantizeMatMul` / `MatMulIntegerToFloat` at load. WASM has no fast float GEMM (128-bit
  SIMD, no FMA: 4.6x native) but its int8 products are 2.6x native, so these products cost about
  half as much in the browser while natively they cost about the same.

A third rewrite, off unless asked for (`--rewrites convs`; ko-qa-small's recipe asks for it alone):

- every 1-D `Conv` / `FusedConv` (Relu) -> channels-last im2col (`Pad`, one shifted `Slice` per
  kernel tap, `Concat`) and one matrix product. With int8 weights (`DequantizeLinear` of an int8
  initializer, per output channel) the product is `DynamicQuantizeMatMul` on those same int8
  values, its activations quantized per tensor at run time; with float weights it is a float
  `MatMul` (exact). onnxruntime-web's WASM convolutions run 3.6-4.4x slower than native ones; on
  ko-qa-small this took Chromium's WASM p50 per question from 18.5 to 15.7 ms (1 thread) and from
  14.3 to 11.3 ms (2 threads), with the same top answer for 5,751 of 5,774 KorQuAD dev and 1,246 of
  1,249 held-out cloze questions (models/ko-qa-small/README.md). The layout changes are `Transpose`
  pairs that preoptimize cancels.

Run it on a graph whose GELUs are already fused (after scripts/models/preoptimize.ts), then run
preoptimize again so the new fusions are stored.

    /usr/bin/python3 scripts/models/fast_ops.py IN.onnx OUT.onnx [--rewrites gelu,products,convs]
"""
import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def fast_gelu(graph):
    n = 0
    for node in graph.node:
        if node.op_type == 'Gelu' and node.domain == 'com.microsoft':
            node.op_type = 'FastGelu'
            n += 1
    return n


# Operators whose output has the rank of their first input (onnx's shape inference stops at the
# com.microsoft ones, so the rank is walked back to a tensor whose shape it knows).
SAME_RANK = {'Relu', 'Add', 'Mul', 'Sub', 'Div', 'Cast', 'Gelu', 'FastGelu', 'Softmax', 'LayerNormalization',
             'DynamicQuantizeMatMul', 'MatMulIntegerToFloat', 'FusedMatMul', 'MatMul', 'DequantizeLinear'}


def rank_of(graph, name, depth=0):
    for vi in list(graph.value_info) + list(graph.input) + list(graph.output):
        if vi.name == name and vi.type.tensor_type.HasField('shape'):
            return len(vi.type.tensor_type.shape.dim)
    node = next((n for n in graph.node if name in n.output), None)
    if node is None or depth > 16 or node.op_type not in SAME_RANK:
        return None
    return rank_of(graph, node.input[0], depth + 1)


def int8_products(graph):
    produced = {o for node in graph.node for o in node.output}
    out = []
    n = 0
    for node in graph.node:
        if node.op_type not in ('MatMul', 'FusedMatMul') or not all(i in produced for i in node.input):
            out.append(node)
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if attrs.get('transA', 0) or attrs.get('transBatchA', 0) or attrs.get('transBatchB', 0):
            out.append(node)  # layouts this rewrite does not handle stay float
            continue
        n += 1
        p = f'{node.name or node.output[0]}/int8/'
        a, b = node.input
        out.append(helper.make_node('DynamicQuantizeLinear', [a], [p + 'a', p + 'a_scale', p + 'a_zero']))
        if b == a:
            bq, bs, bz = p + 'a', p + 'a_scale', p + 'a_zero'
        else:
            out.append(helper.make_node('DynamicQuantizeLinear', [b], [p + 'b', p + 'b_scale', p + 'b_zero']))
            bq, bs, bz = p + 'b', p + 'b_scale', p + 'b_zero'
        if attrs.get('transB', 0):
            rank = rank_of(graph, b)
            if rank is None:
                raise SystemExit(f'fast_ops: cannot tell the rank of {b}')
            perm = list(range(rank - 2)) + [rank - 1, rank - 2]
            out.append(helper.make_node('Transpose', [bq], [p + 'bT'], perm=perm))
            bq = p + 'bT'
        out.append(helper.make_node('MatMulInteger', [p + 'a', bq, p + 'a_zero', bz], [p + 'i32']))
        out.append(helper.make_node('Cast', [p + 'i32'], [p + 'f32'], to=TensorProto.FLOAT))
        scale = p + 'scale'
        out.append(helper.make_node('Mul', [p + 'a_scale', bs], [scale]))
        alpha = attrs.get('alpha', 1.0)
        if alpha != 1.0:
            graph.initializer.append(helper.make_tensor(p + 'alpha', TensorProto.FLOAT, [], [alpha]))
            out.append(helper.make_node('Mul', [scale, p + 'alpha'], [p + 'scale_alpha']))
            scale = p + 'scale_alpha'
        out.append(helper.make_node('Mul', [p + 'f32', scale], list(node.output)))
    del graph.node[:]
    graph.node.extend(out)
    return n


def conv_weight(node, inits, producers):
    """The conv's weight as rows k * Cin + c, columns Cout: ('int8', values, scale, zero point) or ('float', values)."""
    w = node.input[1]
    if w in inits:
        f = numpy_helper.to_array(inits[w])
        cout, cin, k = f.shape
        return ('float', f.transpose(2, 1, 0).reshape(k * cin, cout))
    dq = producers.get(w)
    if dq is None or dq.op_type != 'DequantizeLinear' or dq.input[0] not in inits:
        raise SystemExit(f'fast_ops: {node.name}: weight {w} is neither an initializer nor DequantizeLinear of one')
    q = numpy_helper.to_array(inits[dq.input[0]])
    scale = numpy_helper.to_array(inits[dq.input[1]]).astype(np.float32)
    zero = numpy_helper.to_array(inits[dq.input[2]]) if len(dq.input) > 2 and dq.input[2] else np.zeros(scale.shape, q.dtype)
    axis = next((helper.get_attribute_value(a) for a in dq.attribute if a.name == 'axis'), 1)
    cout, cin, k = q.shape
    if scale.shape != (cout,) or axis != 0:
        raise SystemExit(f'fast_ops: {node.name}: expected one weight scale per output channel')
    return ('int8', q.transpose(2, 1, 0).reshape(k * cin, cout), scale, zero.astype(q.dtype))


def int8_convs(graph):
    """1-D convolutions [B, C, L] -> Transpose, channels-last im2col, matrix product, bias, Relu, Transpose back."""
    inits = {i.name: i for i in graph.initializer}
    producers = {o: n for n in graph.node for o in n.output}
    out = []
    replaced = set()  # the convolutions' weight tensors
    n = 0
    for node in graph.node:
        if node.op_type not in ('Conv', 'FusedConv'):
            out.append(node)
            continue
        a = {x.name: helper.get_attribute_value(x) for x in node.attribute}
        relu = node.op_type == 'FusedConv'
        if relu and a.get('activation') != b'Relu':
            raise SystemExit(f'fast_ops: {node.name}: FusedConv with {a.get("activation")} is not handled')
        k = a.get('kernel_shape', [])
        pads = a.get('pads', [0, 0])
        if len(k) != 1 or a.get('group', 1) != 1 or a.get('strides', [1]) != [1] or pads[0] != pads[1] or a.get('auto_pad', b'NOTSET') != b'NOTSET':
            out.append(node)  # 2-D, grouped, strided or asymmetric convolutions stay as they are
            continue
        n += 1
        k, d, pad = k[0], a.get('dilations', [1])[0], pads[0]
        p = f'{node.name or node.output[0]}/im2col/'
        weight = conv_weight(node, inits, producers)
        replaced.add(node.input[1])

        def const(name, value):
            graph.initializer.append(numpy_helper.from_array(np.asarray(value), p + name))
            return p + name

        out.append(helper.make_node('Transpose', [node.input[0]], [p + 'x'], perm=[0, 2, 1]))
        out.append(helper.make_node('Pad', [p + 'x', const('pads', np.array([0, pad, 0, 0, pad, 0], np.int64))], [p + 'xp']))
        # Tap j reads padded positions j*d ... j*d + L_out - 1, where L_out = L + 2*pad - d*(k - 1).
        axis = const('axis', np.array([1], np.int64))
        taps = []
        for j in range(k):
            end = j * d - d * (k - 1)
            out.append(helper.make_node('Slice', [p + 'xp', const(f'start{j}', np.array([j * d], np.int64)),
                                                  const(f'end{j}', np.array([end if end < 0 else 2 ** 62], np.int64)), axis], [p + f'tap{j}']))
            taps.append(p + f'tap{j}')
        out.append(helper.make_node('Concat', taps, [p + 'cols'], axis=2))
        if weight[0] == 'int8':
            _, q, scale, zero = weight
            out.append(helper.make_node('DynamicQuantizeMatMul', [p + 'cols', const('w', q), const('w_scale', scale), const('w_zero', zero)],
                                        [p + 'y'], domain='com.microsoft'))
        else:
            out.append(helper.make_node('MatMul', [p + 'cols', const('w', weight[1].astype(np.float32))], [p + 'y']))
        y = p + 'y'
        if len(node.input) > 2 and node.input[2]:
            out.append(helper.make_node('Add', [y, node.input[2]], [p + 'yb']))
            y = p + 'yb'
        if relu:
            out.append(helper.make_node('Relu', [y], [p + 'yr']))
            y = p + 'yr'
        out.append(helper.make_node('Transpose', [y], list(node.output), perm=[0, 2, 1]))
    del graph.node[:]
    graph.node.extend(out)
    # The original weights (and the DequantizeLinear nodes that made them) now feed nothing: drop
    # them where nothing else reads them.
    used = {i for x in graph.node for i in x.input} | {o.name for o in graph.output}
    dead = [x for x in graph.node if x.op_type == 'DequantizeLinear' and not any(o in used for o in x.output)]
    for x in dead:
        graph.node.remove(x)
    freed = replaced | {i for x in dead for i in x.input}
    used = {i for x in graph.node for i in x.input} | {o.name for o in graph.output}
    keep = [i for i in graph.initializer if i.name not in freed or i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    return n


REWRITES = ('gelu', 'products', 'convs')


def main():
    ap = argparse.ArgumentParser(description='Rewrites an int8 QA graph into operators WASM runs fast.')
    ap.add_argument('input')
    ap.add_argument('output')
    ap.add_argument('--rewrites', default='gelu,products', help=f'comma-separated, of {",".join(REWRITES)} (default gelu,products)')
    args = ap.parse_args()
    chosen = [r for r in args.rewrites.split(',') if r]
    unknown = [r for r in chosen if r not in REWRITES]
    if unknown or not chosen:
        raise SystemExit(f'fast_ops: --rewrites takes some of {",".join(REWRITES)}, got {args.rewrites!r}')
    model = onnx.shape_inference.infer_shapes(onnx.load(args.input))
    done = []
    if 'gelu' in chosen:
        done.append(f'{fast_gelu(model.graph)} Gelu -> FastGelu')
    if 'products' in chosen:
        done.append(f'{int8_products(model.graph)} float products of two activations -> int8')
    if 'convs' in chosen:
        done.append(f'{int8_convs(model.graph)} 1-D convolutions -> im2col + matrix product')
    if not model.opset_import or not any(o.domain == 'com.microsoft' for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid('com.microsoft', 1))
    # No onnx.checker: the graph already holds onnxruntime's own fused operators (LayerNormalization
    # in opset 14), which the checker does not know; preoptimize.ts loads it in both runtimes.
    onnx.save(model, args.output)
    print('fast_ops: ' + ', '.join(done))


if __name__ == '__main__':
    main()
