"""PyTorch side of tlkit's MLP benchmark: 784-256-128-10 (ReLU, softmax cross-entropy), Adam 1e-3, batch 128,
one thread, the same number of samples as the JS side. Prints JSON with samples per second."""
import json
import sys
import time

import torch


def main():
    spec = json.loads(sys.argv[1])
    torch.set_num_threads(1)
    torch.manual_seed(0)
    n, epochs, batch = spec["n"], spec["epochs"], spec["batchSize"]
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
    start = time.perf_counter()
    for _ in range(epochs):
        epoch()
    seconds = time.perf_counter() - start
    print(json.dumps({"torch": torch.__version__, "samplesPerSecond": n * epochs / seconds}))


if __name__ == "__main__":
    main()
