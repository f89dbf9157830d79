"""Writes mine_kernels.pt, the TorchScript module behind MineKernels.java: B per-sample MINE statistics networks
(StatisticsNetworks.java's towers, head and parameter layout) evaluated in one call instead of some forty DJL
operations, each a JNI crossing with its Java-side bookkeeping.

Arguments: the parameters, the rows xs and ys ([B, K, p], or [B, K, H, W] for the conv variant), the marginal
permutations [B, K] and options, a float64 vector: [standardise, conv, bf16, -log K (rounded to float32), the
moving-average rate, first step] (flags as 0 or 1: DJL passes tensors, not scalars, to a method it runs in
training mode, the mode in which libtorch records a graph).

    estimate   the Donsker-Varadhan estimate of every sample on its K pairs, [B]; differentiable with respect to
               the inputs (the attack's delta step back-propagates through it)
    gradients  one MINE training step's estimates and the gradients of its loss with respect to every parameter
               (torch.autograd.grad: nothing is accumulated into the leaves); the caller's optimiser applies them

The operations, their order and their operands' layouts are those of the DJL code (StatisticsNetworks, MineEstimator,
DonskerVaradhan, RandomProjections.standardise), so in float32 the results are the same bits; MineKernelsTest
checks that. With bf16 = True each tower's large product (W1 W2 applied to the K rows) runs in bfloat16: the rows and
the float32 product W1 W2 are rounded once each, the result is float32, and the standardisation of the random
variant is folded into the product instead of materialised; the parameters, their gradients (the roundings are part
of the graph) and the head stay float32, so Adam's state does.

Parameters, in StatisticsNetworks' order: per tower (x, then y) [conv_weight, conv_bias,] in_weight_t [B, hidden,
in], in_bias [B, 1, hidden], out_weight [B, hidden, out], out_bias [B, 1, out]; then head [B, out, 1].

Regenerate after changing it:

    /usr/bin/python3 src/main/torchscript/mine_kernels.py src/main/resources/org/uaespark/mine/mine_kernels.pt

Scripted with Debian's python3-torch (1.13); the libtorch DJL loads (2.7.1) reads it. The module holds no
tensors, so it runs on whatever device its arguments are on.
"""
import sys
from typing import List

import torch


def standardised(projected: torch.Tensor) -> torch.Tensor:
    centred = projected.sub(projected.mean([2], True))
    return centred.div(centred.square().mean([2], True).sqrt())


def conv_front(maps: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
    batch = maps.size(0)
    k = maps.size(1)
    grouped = maps.permute([1, 0, 2, 3])
    out = torch.conv2d(grouped, weight, bias, [1, 1], [0, 0], [1, 1], batch)
    return out.reshape([k, batch, -1]).permute([1, 0, 2])


def tower(params: List[torch.Tensor], first: int, conv: bool, inputs: torch.Tensor) -> torch.Tensor:
    """(W1 W2)^T rows^T + (b1 W2 + b2)^T: the tower's two dense layers as one affine map, [B, out, K]."""
    rows = inputs
    if conv:
        rows = conv_front(inputs, params[first], params[first + 1])
        first += 2
    in_weight_t = params[first]
    in_bias = params[first + 1]
    out_t = params[first + 2].permute([0, 2, 1])
    product_t = out_t.bmm(in_weight_t)
    bias_t = out_t.mul(in_bias).sum([2], True).add(params[first + 3].permute([0, 2, 1]))
    return product_t.bmm(rows.permute([0, 2, 1])).add(bias_t)


def bf16_tower(params: List[torch.Tensor], first: int, conv: bool, standardise: bool,
               inputs: torch.Tensor) -> torch.Tensor:
    """The tower with its large product in bfloat16, [B, out, K] float32. W1 W2 is formed in float32 (for the conv
    variant W1 is 12 M values per sample: it is read once, never converted), then rounded; the rows are rounded
    once. With standardise, the standardisation is folded into the product: W^T (x - mean)/sd =
    (W^T x - (W^T 1) mean)/sd, so no standardised copy of the rows is made."""
    if conv:
        maps = inputs.to(torch.bfloat16)
        rows = conv_front(maps, params[first].to(torch.bfloat16), params[first + 1].to(torch.bfloat16))
        first += 2
    else:
        rows = inputs.to(torch.bfloat16)
    in_weight_t = params[first]
    in_bias = params[first + 1]
    out_t = params[first + 2].permute([0, 2, 1])
    product_t = out_t.bmm(in_weight_t)
    bias_t = out_t.mul(in_bias).sum([2], True).add(params[first + 3].permute([0, 2, 1]))
    applied = product_t.to(torch.bfloat16).bmm(rows.permute([0, 2, 1])).to(torch.float32)
    if standardise:
        # var = E[x^2] - mean^2: one pass each (torch.var_mean's Welford pass is ten times slower); the rows are
        # random projections, whose mean is about sd/sqrt(p), so the subtraction cancels little.
        mean = inputs.mean([2], True)
        mean_square = torch.linalg.vector_norm(inputs, 2, [2], True).square().div(inputs.size(2))
        deviation = mean_square.sub(mean.square()).sqrt()
        applied = applied.sub(product_t.sum([2], True).mul(mean.permute([0, 2, 1])))
        applied = applied.div(deviation.permute([0, 2, 1]))
    return applied.add(bias_t)


def score(head: torch.Tensor, fx: torch.Tensor, fy: torch.Tensor) -> torch.Tensor:
    return head.permute([0, 2, 1]).bmm(torch.relu(fx.add(fy))).squeeze(1)


def scores(params: List[torch.Tensor], xs: torch.Tensor, ys: torch.Tensor, permutations: torch.Tensor,
           standardise: bool, conv: bool, bf16: bool) -> List[torch.Tensor]:
    """T on the joint pairs and on the shuffled pairs, [B, K] each (float32)."""
    per_tower = 6 if conv else 4
    if bf16:
        fx = bf16_tower(params, 0, conv, standardise, xs)
        fy = bf16_tower(params, per_tower, conv, standardise, ys)
    else:
        if standardise:
            xs = standardised(xs)
            ys = standardised(ys)
        fx = tower(params, 0, conv, xs)
        fy = tower(params, per_tower, conv, ys)
    head = params[2 * per_tower]
    index = permutations.unsqueeze(1).repeat_interleave(fy.size(1), 1)
    return [score(head, fx, fy), score(head, fx, fy.gather(2, index))]


def donsker_varadhan(joint: torch.Tensor, marginal: torch.Tensor, minus_log_k: float) -> torch.Tensor:
    peak = marginal.amax([1], True).detach()
    log_mean_exp = marginal.sub(peak).exp().sum([1]).log().add(peak.squeeze(1))
    log_mean_exp = log_mean_exp.add(torch.full([], minus_log_k, dtype=log_mean_exp.dtype, device=joint.device))
    return joint.mean([1]).sub(log_mean_exp)


class MineKernels(torch.nn.Module):

    def forward(self, params: List[torch.Tensor], xs: torch.Tensor, ys: torch.Tensor, permutations: torch.Tensor,
                options: torch.Tensor) -> torch.Tensor:
        return self.estimate(params, xs, ys, permutations, options)

    @torch.jit.export
    def estimate(self, params: List[torch.Tensor], xs: torch.Tensor, ys: torch.Tensor, permutations: torch.Tensor,
                 options: torch.Tensor) -> torch.Tensor:
        pair = scores(params, xs, ys, permutations, float(options[0]) != 0.0, float(options[1]) != 0.0,
                      float(options[2]) != 0.0)
        return donsker_varadhan(pair[0], pair[1], float(options[3]))

    @torch.jit.export
    def gradients(self, params: List[torch.Tensor], xs: torch.Tensor, ys: torch.Tensor, permutations: torch.Tensor,
                  options: torch.Tensor, moving: torch.Tensor) -> List[torch.Tensor]:
        """[estimates before the step, [B]; one gradient per parameter]. With moving_rate > 0 the loss is MINE's
        bias-corrected one and moving (float64, [B]) is updated in place: the moving average of mean exp(T_marg).
        The caller runs it in training mode with grad mode on (TorchScript here has no enable_grad)."""
        pair = scores(params, xs, ys, permutations, float(options[0]) != 0.0, float(options[1]) != 0.0,
                      float(options[2]) != 0.0)
        joint = pair[0]
        marginal = pair[1]
        estimates = donsker_varadhan(joint, marginal, float(options[3]))
        moving_rate = float(options[4])
        if moving_rate == 0.0:
            loss = estimates.sum().neg()
        else:
            mean_exp = marginal.exp().mean([1])
            current = mean_exp.detach().to(torch.float64)
            if float(options[5]) == 0.0:
                current = moving.mul(1 - moving_rate).add(current.mul(moving_rate))
            moving.copy_(current)
            denominator = current.to(joint.dtype)
            loss = joint.mean([1]).sub(mean_exp.div(denominator)).sum().neg()
        out: List[torch.Tensor] = [estimates.detach()]
        for g in torch.autograd.grad([loss], params):
            assert g is not None
            out.append(g)
        return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: mine_kernels.py OUTPUT.pt")
    torch.jit.script(MineKernels()).save(sys.argv[1])
