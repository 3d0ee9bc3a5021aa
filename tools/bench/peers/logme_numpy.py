"""A numpy LogME written from the paper (You, Liu, Wang & Long 2021, "LogME: Practical Assessment of Pre-trained
Models for Transfer Learning", Algorithm 1): per target column, the evidence of the Bayesian linear model
y = F·w + ε, w ~ N(0, α⁻¹I), ε ~ N(0, β⁻¹I), maximised over α, β by the fixed-point updates
γ = Σ βσ_i/(α + βσ_i), α ← γ/mᵀm, β ← (n − γ)/‖Fm − y‖², on one eigendecomposition of FᵀF (of FFᵀ when D > n,
which has the same nonzero spectrum). Returns the mean over one-hot columns of the maximised evidence divided by n.
The convergence rule (relative change of α and β below 1e-6, at most 100 steps) is tlkit's, so values can be compared."""
import numpy as np

from common import emit, spec, times


def logme(F, Y, max_iterations=100):
    n, D = F.shape
    if n >= D:
        sigma, V = np.linalg.eigh(F.T @ F)
        sigma = np.maximum(sigma, 0)
        keep = sigma > 1e-12 * max(sigma[-1], 1e-300)
        z = np.zeros((len(sigma), Y.shape[1]))
        z[keep] = (V[:, keep].T @ (F.T @ Y)) / np.sqrt(sigma[keep])[:, None]
    else:
        sigma, U = np.linalg.eigh(F @ F.T)
        sigma = np.maximum(sigma, 0)
        keep = sigma > 1e-12 * max(sigma[-1], 1e-300)
        z = np.zeros((len(sigma), Y.shape[1]))
        z[keep] = U[:, keep].T @ Y
    total = 0.0
    for c in range(Y.shape[1]):
        y, zc = Y[:, c], z[:, c]
        outside = max(float(y @ y - zc @ zc), 0.0)
        alpha, beta = 1.0, 1.0
        for _ in range(max_iterations):
            denom = alpha + beta * sigma
            gamma = float(np.sum(beta * sigma / denom))
            m_norm = float(np.sum(beta * beta * sigma * zc * zc / denom**2))
            res = outside + float(np.sum((alpha * zc / denom) ** 2))
            next_alpha = gamma / max(m_norm, 1e-300)
            next_beta = (n - gamma) / max(res, 1e-300)
            done = abs(next_alpha - alpha) / alpha < 1e-6 and abs(next_beta - beta) / beta < 1e-6
            alpha, beta = next_alpha, next_beta
            if done:
                break
        denom = alpha + beta * sigma
        m_norm = float(np.sum(beta * beta * sigma * zc * zc / denom**2))
        res = outside + float(np.sum((alpha * zc / denom) ** 2))
        log_det = (D - len(sigma)) * np.log(alpha) + float(np.sum(np.log(denom)))
        evidence = (n / 2 * np.log(beta) + D / 2 * np.log(alpha) - n / 2 * np.log(2 * np.pi)
                    - beta / 2 * res - alpha / 2 * m_norm - log_det / 2)
        total += evidence / n
    return total / Y.shape[1]


def main():
    s = spec()
    n, d = s["n"], s["d"]
    F = np.fromfile(s["features"], dtype="<f8").reshape(n, d)
    labels = np.fromfile(s["labels"], dtype="<f8").astype(int)
    Y = np.eye(s["classes"])[labels]
    result = {}

    def run():
        result["logme"] = logme(F, Y)

    seconds = times(run, s["repeats"])
    emit({"numpy": np.__version__, "seconds": seconds, "logme": result["logme"]})


if __name__ == "__main__":
    main()
