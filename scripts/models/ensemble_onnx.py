"""
Mean-probability ensemble of ONNX sequence classifiers in one ONNX graph: the members run side by
side on the same inputs (the union of theirs, e.g. input_ids + attention_mask + token_type_ids),
their `logits` go through a softmax each, the probabilities are averaged with equal weights (no
weight is fit, so nothing is tuned on the test split), and the graph's `logits` output is the log of
that mean — so a pipeline's softmax gives back exactly the mean probabilities, and the file keeps the
Hugging Face classifier interface.

    /usr/bin/python3 scripts/models/ensemble_onnx.py --out merged.onnx a.onnx b.onnx

`--outputs start_logits,end_logits` does the same for extractive QA readers: per window, each
member's start (and end) distribution over the tokens is averaged, and the output is its log
(floored at 1e-12, so positions every member blocks stay finite).
"""
import argparse
import onnx
from onnx import TensorProto, helper


def prefixed(model, prefix, shared_inputs):
    """The member's nodes and initializers with every internal name under `prefix`."""
    g = model.graph
    if any(a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) for n in g.node for a in n.attribute):
        raise SystemExit('members with subgraphs (If/Loop/Scan) are not supported')
    rename = lambda name: name if (name == '' or name in shared_inputs) else prefix + name
    nodes = []
    for n in g.node:
        m = onnx.NodeProto()
        m.CopyFrom(n)
        m.name = prefix + n.name
        del m.input[:]
        m.input.extend(rename(x) for x in n.input)
        del m.output[:]
        m.output.extend(rename(x) for x in n.output)
        nodes.append(m)
    inits = []
    for t in g.initializer:
        u = onnx.TensorProto()
        u.CopyFrom(t)
        u.name = rename(t.name)
        inits.append(u)
    return nodes, inits


def merge(paths, out, outputs=('logits',)):
    models = [onnx.load(p) for p in paths]
    opsets = {tuple(sorted((o.domain, o.version) for o in m.opset_import)) for m in models}
    if len(opsets) != 1:
        raise SystemExit(f'members must share one opset import, got {opsets}')
    inputs = {}
    for m in models:
        for i in m.graph.input:
            if i.name in inputs and inputs[i.name].type != i.type:
                raise SystemExit(f'input {i.name} has different types in the members')
            inputs.setdefault(i.name, i)
        if sorted(o.name for o in m.graph.output) != sorted(outputs):
            raise SystemExit(f'each member must have exactly the outputs {list(outputs)}')
    nodes, inits = [], []
    for k, m in enumerate(models):
        pn, pi = prefixed(m, f'm{k}/', set(inputs))
        nodes += pn
        inits += pi
    inits.append(helper.make_tensor('ensemble/weight', TensorProto.FLOAT, [], [1.0 / len(models)]))
    if outputs != ('logits',):
        inits.append(helper.make_tensor('ensemble/floor', TensorProto.FLOAT, [], [1e-12]))
    for name in outputs:
        probs = [f'm{k}/{name}/probs' for k in range(len(models))]
        for k in range(len(models)):
            nodes.append(helper.make_node('Softmax', [f'm{k}/{name}'], [probs[k]], name=f'm{k}/{name}/softmax', axis=-1))
        nodes.append(helper.make_node('Sum', probs, [f'ensemble/{name}/sum'], name=f'ensemble/{name}/sum'))
        mean = f'ensemble/{name}/mean'
        nodes.append(helper.make_node('Mul', [f'ensemble/{name}/sum', 'ensemble/weight'], [mean], name=mean))
        if outputs != ('logits',):
            nodes.append(helper.make_node('Max', [mean, 'ensemble/floor'], [mean + '/floored'], name=mean + '/floored'))
            mean += '/floored'
        nodes.append(helper.make_node('Log', [mean], [name], name=f'ensemble/{name}/log'))
    out_types = {o.name: o for o in models[0].graph.output}
    graph = helper.make_graph(nodes, 'ensemble', list(inputs.values()), [out_types[n] for n in outputs], inits)
    merged = helper.make_model(graph, opset_imports=list(models[0].opset_import), producer_name='kornlu ensemble_onnx.py')
    merged.ir_version = models[0].ir_version
    onnx.checker.check_model(merged)
    onnx.save(merged, out)
    print(f'{out}: {len(models)} members, {len(nodes)} nodes, inputs {list(inputs)}')


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument('--out', required=True)
    p.add_argument('--outputs', default='logits', help='start_logits,end_logits for QA readers')
    p.add_argument('members', nargs='+')
    a = p.parse_args()
    merge(a.members, a.out, tuple(a.outputs.split(',')))
