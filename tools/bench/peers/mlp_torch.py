"""PyTorch side of tlkit's MLP benchmark: 784-256-128-10 (ReLU, softmax cross-entropy), Adam 1e-3, batch 128, the
same number of samples as the JS side, one thread or PyTorch's default threads ("threads": 0). Prints samples per
second of each repeat."""
import time

import torch

from common import emit, spec


def main():
    s = spec()
    if s.get("threads", 1) > 0:
        torch.set_num_threads(s["threads"])
    torch.manual_seed(0)
    n, epochs, batch = s["n"], s["epochs"], s["batchSize"]
    X = torch.rand(n, 784)
    y = torch.randint(0, 10, (n,))
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def epoch():
        perm = torch.randperm(n)
        for start in range(0, n, batch):
            idx = perm[start:start + batch]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            opt.step()

    epoch()  # warm-up
    rates = []
    for _ in range(s.get("repeats", 1)):
        start = time.perf_counter()
        for _ in range(epochs):
            epoch()
        rates.append(n * epochs / (time.perf_counter() - start))
    emit({"torch": torch.__version__, "threads": torch.get_num_threads(), "samplesPerSecond": rates})


if __name__ == "__main__":
    main()
