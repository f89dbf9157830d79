"""Writes torch_kernels.pt, the TorchScript module behind TorchKernels.java: libtorch kernels DJL 0.36 has no
binding for, which a scripted module is the only way to reach from Java through DJL.

    forward    aten::_fused_adam_: PyTorch's Adam update of every parameter in place, in one call and one pass
               over p, g, m and v per element (DJL's own adamUpdate makes five temporaries)
    gradients  torch.autograd.grad: the gradients of a loss with respect to given leaves, without accumulating
               them into the leaves' .grad (DJL's backward adds each gradient into a zeroed .grad: two more passes)

Regenerate after changing it:

    /usr/bin/python3 src/main/torchscript/torch_kernels.py \
        src/main/resources/org/uaespark/models/optim/torch_kernels.pt

Scripted with Debian's python3-torch (1.13); the libtorch DJL loads (2.7.1) reads it and runs its CPU kernels.
The module holds no tensors, so it runs on whatever device its arguments are on.
"""
import sys
from typing import List

import torch


class TorchKernels(torch.nn.Module):

    def forward(self, params: List[torch.Tensor], grads: List[torch.Tensor], exp_avgs: List[torch.Tensor],
                exp_avg_sqs: List[torch.Tensor], lr: float, beta1: float, beta2: float, eps: float,
                step: float) -> int:
        step_tensor = torch.full([], step, dtype=torch.float32, device=params[0].device)
        steps: List[torch.Tensor] = []
        for _ in range(len(params)):
            steps.append(step_tensor)
        no_max_exp_avg_sqs: List[torch.Tensor] = []
        torch._fused_adam_(params, grads, exp_avgs, exp_avg_sqs, no_max_exp_avg_sqs, steps, lr=lr, beta1=beta1,
                           beta2=beta2, weight_decay=0.0, eps=eps, amsgrad=False, maximize=False)
        return len(params)

    @torch.jit.export
    def gradients(self, loss: torch.Tensor, leaves: List[torch.Tensor]) -> List[torch.Tensor]:
        out: List[torch.Tensor] = []
        for g in torch.autograd.grad([loss], leaves):
            assert g is not None
            out.append(g)
        return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: torch_kernels.py OUTPUT.pt")
    torch.jit.script(TorchKernels()).save(sys.argv[1])
