"""Makes the TorchScript fixtures of the user-model tests, and the values PyTorch computes for them.

    python3 make_fixtures.py OUT_DIR        (Debian: apt-get install python3-torch)

Writes, for samples of shape [6, 5, 1] (the tests' tiny image dataset):
  tiny_ae.pt         a dense autoencoder 30 -> 8 -> 30 with sigmoids, scripted (torch.jit.script), seeded weights
  wrong_output.pt    maps a sample to 10 numbers: its output does not match its input
  wrong_input.pt     takes 7 features per sample: fails on the data's shape
  not_torchscript.pt tiny_ae's weights saved with torch.save: a PyTorch file that is not TorchScript
  reference.json     inputs x and x' and, computed here by PyTorch, each sample's MSE and BCE of tiny_ae(x') against
                     x and the gradients of their sum with respect to x', for the Java side to match
"""
import json
import sys
from pathlib import Path

import torch
from torch import nn


class TinyAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(30, 8)
        self.decoder = nn.Linear(8, 30)

    def forward(self, x):
        flat = x.reshape(x.shape[0], 30)
        return torch.sigmoid(self.decoder(torch.sigmoid(self.encoder(flat)))).reshape(x.shape)


class WrongOutput(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(30, 10)

    def forward(self, x):
        return self.head(x.reshape(x.shape[0], 30))


class WrongInput(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(7, 7)

    def forward(self, x):
        return torch.sigmoid(self.layer(x))


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(20261202)
    model = TinyAutoencoder()
    torch.jit.script(model).save(str(out / "tiny_ae.pt"))
    torch.jit.script(WrongOutput()).save(str(out / "wrong_output.pt"))
    torch.jit.script(WrongInput()).save(str(out / "wrong_input.pt"))
    torch.save(model.state_dict(), str(out / "not_torchscript.pt"))

    generator = torch.Generator().manual_seed(7)
    x = torch.rand(4, 6, 5, 1, generator=generator)
    x_prime = (x + 0.05 * torch.randn(4, 6, 5, 1, generator=generator)).clamp(0, 1)
    reference = {"x": x.reshape(4, 30).tolist(), "xPrime": x_prime.reshape(4, 30).tolist()}
    for criterion in ("mse", "bce"):
        xp = x_prime.clone().requires_grad_(True)
        y = model(xp).reshape(4, 30)
        target = x.reshape(4, 30)
        if criterion == "mse":
            per_sample = ((y - target) ** 2).mean(dim=1)
        else:
            eps = 1e-7
            clamped = y.clamp(eps, 1 - eps)
            per_sample = -(target * clamped.log() + (1 - target) * (1 - clamped).log()).mean(dim=1)
        per_sample.sum().backward()
        reference[criterion] = {"perSample": per_sample.tolist(), "gradient": xp.grad.reshape(4, 30).tolist()}
    (out / "reference.json").write_text(json.dumps(reference, indent=1) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
