"""PyTorch (CPU) mirror of the workload of bench/deep.ts.

It uses the same networks: the MADE-style masked autoregressive network
and the grid energy network, each with the source embedding in the first
layer. It stacks the K single-source models and the multi-source model the
same way, trains them with the same full-batch Adam (epsilon 1e-7) and
clipping to [-B, B] for the same fixed step count, and enumerates the same
domain for the exact TV. Random draws differ from the TensorFlow.js
run, so only timings are comparable. Prints one JSON line with the
fields of EngineResult in bench/deep.ts.

Usage: /usr/bin/python3 bench/deep_torch.py --steps 300 --repeats 3 --threads 1
"""
import argparse
import json
import math
import time

import torch

SOURCES = 5
PAIRS = 500
SEED = 3


def hidden_degrees(width, length):
    return [k % length for k in range(width)]


def autoregressive_masks(length, vocabulary, hidden):
    """Masks [inputs, outputs] as in autoregressive-architecture.ts."""
    previous = [t for t in range(1, length) for _ in range(vocabulary)]
    masks = []
    for width in hidden:
        degrees = hidden_degrees(width, length)
        mask = torch.tensor([[1.0 if p <= d else 0.0 for d in degrees] for p in previous])
        masks.append(mask.reshape(len(previous), width))
        previous = degrees
    outputs = [t for t in range(1, length + 1) for _ in range(vocabulary)]
    masks.append(torch.tensor([[1.0 if p < t else 0.0 for t in outputs] for p in previous]))
    return masks


class Stack:
    """Stacked parameters: weights [copies, inputs, outputs], biases [copies, 1, outputs]."""

    def __init__(self, widths, masks, sources, shared_layers, bound, activation):
        self.weights = []
        self.biases = []
        self.masks = masks
        self.activation = activation
        for index in range(len(widths) - 1):
            inputs, outputs = widths[index], widths[index + 1]
            shared = index < shared_layers
            weight_copies = 1 if shared else sources
            bias_copies = 1 if shared and index > 0 else sources
            fan_in = inputs if masks[index] is None else int(masks[index].sum(0).max().item())
            scale = min(bound, 1.0) if index == 0 else min(bound, math.sqrt(3 / max(1, fan_in)))
            weight = (torch.rand(weight_copies, inputs, outputs) * 2 - 1) * scale
            if masks[index] is not None:
                weight = weight * masks[index]
            self.weights.append(weight.requires_grad_())
            self.biases.append(((torch.rand(bias_copies, 1, outputs) * 2 - 1) * scale).requires_grad_())

    def parameters(self):
        return self.weights + self.biases

    def forward(self, x):
        h = x
        for index, (weight, bias) in enumerate(zip(self.weights, self.biases)):
            if self.masks[index] is not None:
                weight = weight * self.masks[index]
            if weight.shape[1] == 0:
                a = bias.expand(bias.shape[0], h.shape[1], bias.shape[2])
            else:
                a = torch.matmul(h, weight) + bias
            last = index == len(self.weights) - 1
            if last:
                h = a
            elif self.activation == 'tanh':
                h = torch.tanh(a)
            else:
                h = torch.relu(a)
        return h

    def clip(self, bound):
        with torch.no_grad():
            for parameter in self.parameters():
                parameter.clamp_(-bound, bound)


class Autoregressive:
    def __init__(self, length, vocabulary, hidden):
        self.length, self.vocabulary = length, vocabulary
        self.widths = [(length - 1) * vocabulary, *hidden, length * vocabulary]
        self.masks = autoregressive_masks(length, vocabulary, hidden)
        self.domain = vocabulary ** length

    def encode(self, indices):
        symbols = []
        rest = indices.clone()
        for _ in range(self.length):
            symbols.append(rest % self.vocabulary)
            rest = torch.div(rest, self.vocabulary, rounding_mode='floor')
        symbols = torch.stack(symbols[::-1], dim=1)
        targets = torch.nn.functional.one_hot(symbols, self.vocabulary).float()
        inputs = targets[:, : self.length - 1, :].reshape(len(indices), -1)
        return inputs, symbols

    def log_probabilities(self, stack, inputs, symbols):
        logits = stack.forward(inputs)
        copies, count = logits.shape[0], logits.shape[1]
        per_position = torch.log_softmax(logits.reshape(copies, count, self.length, self.vocabulary), dim=-1)
        index = symbols.expand(copies, *symbols.shape[-2:]) if symbols.dim() == 3 else symbols.unsqueeze(0).expand(copies, -1, -1)
        return per_position.gather(3, index.unsqueeze(-1)).squeeze(-1).sum(-1)

    def domain_table(self, stack, chunk=26214):
        parts = []
        with torch.no_grad():
            for start in range(0, self.domain, chunk):
                indices = torch.arange(start, min(self.domain, start + chunk))
                inputs, symbols = self.encode(indices)
                parts.append(self.log_probabilities(stack, inputs.unsqueeze(0), symbols))
        return torch.cat(parts, dim=1)

    def prepare(self, labels, elements, counts):
        largest = max(1, max(counts))
        if self.domain <= largest:
            weights = torch.zeros(SOURCES, self.domain)
            weights.index_put_((labels, elements), torch.ones(len(labels)), accumulate=True)
            inputs, symbols = self.encode(torch.arange(self.domain))
            return lambda stack: (self.log_probabilities(stack, inputs.unsqueeze(0), symbols) * weights).sum()
        raise NotImplementedError('the benchmark workload uses counts over the domain')


class Energy:
    def __init__(self, dim, resolution, hidden):
        self.widths = [dim, *hidden, 1]
        self.masks = [None] * (len(hidden) + 1)
        self.domain = resolution ** dim
        axes = [torch.arange(resolution, dtype=torch.float32) / (resolution - 1)] * dim
        self.grid = torch.stack(torch.meshgrid(*axes, indexing='ij'), dim=-1).reshape(-1, dim)

    def domain_table(self, stack):
        with torch.no_grad():
            f = stack.forward(self.grid.unsqueeze(0)).squeeze(-1)
            return f - torch.logsumexp(f, dim=1, keepdim=True)

    def prepare(self, labels, elements, counts):
        weights = torch.zeros(SOURCES, self.domain)
        weights.index_put_((labels, elements), torch.ones(len(labels)), accumulate=True)
        per_source = torch.tensor(counts, dtype=torch.float32).unsqueeze(1)
        grid = self.grid.unsqueeze(0)

        def log_likelihood(stack):
            f = stack.forward(grid).squeeze(-1)
            return (weights * f).sum() - (per_source * torch.logsumexp(f, dim=1, keepdim=True)).sum()

        return log_likelihood


def total_variation(table, truth):
    return (0.5 * (table.exp() - truth.exp()).abs().sum(1)).mean().item()


def timed_check(problem, shared_layers, steps, learning_rate=0.02, bound=1.0):
    started = time.perf_counter()
    cpu_started = time.process_time()
    truth = Stack(problem.widths, problem.masks, SOURCES, shared_layers, bound, 'tanh')
    log_truth = problem.domain_table(truth)
    labels = torch.randint(0, SOURCES, (PAIRS,))
    elements = torch.multinomial(log_truth.exp()[labels], 1).squeeze(1)
    counts = torch.bincount(labels, minlength=SOURCES).tolist()
    single = Stack(problem.widths, problem.masks, SOURCES, 0, bound, 'tanh')
    multi = Stack(problem.widths, problem.masks, SOURCES, shared_layers, bound, 'tanh')
    log_likelihood = problem.prepare(labels, elements, counts)
    optimizer = torch.optim.Adam(single.parameters() + multi.parameters(), lr=learning_rate, eps=1e-7)

    training_started = time.perf_counter()
    for _ in range(steps):
        optimizer.zero_grad()
        loss = -(log_likelihood(single) + log_likelihood(multi)) / PAIRS
        loss.backward()
        optimizer.step()
        single.clip(bound)
        multi.clip(bound)
    training_seconds = time.perf_counter() - training_started

    total_variation(problem.domain_table(single), log_truth)
    total_variation(problem.domain_table(multi), log_truth)
    return training_seconds, time.perf_counter() - started, time.process_time() - cpu_started


def timed_enumeration():
    problem = Autoregressive(8, 4, [16, 16])
    reference = Stack(problem.widths, problem.masks, SOURCES, 3, 1.0, 'tanh')
    other = Stack(problem.widths, problem.masks, SOURCES, 0, 1.0, 'tanh')
    table = problem.domain_table(reference)
    started = time.perf_counter()
    total_variation(problem.domain_table(other), table)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--steps', type=int, default=300)
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--threads', type=int, default=1)
    options = parser.parse_args()
    torch.set_num_threads(options.threads)
    torch.manual_seed(SEED)

    arm = Autoregressive(3, 4, [16, 16])
    ebm = Energy(2, 12, [16, 16])
    timed_check(arm, 3, 20)
    timed_check(ebm, 3, 20)
    timed_enumeration()

    arm_runs, ebm_runs, tv_runs = [], [], []
    for _ in range(options.repeats):
        arm_runs.append(timed_check(arm, 3, options.steps))
        ebm_runs.append(timed_check(ebm, 3, options.steps)[0])
        tv_runs.append(timed_enumeration())
    models = SOURCES + 1
    print(json.dumps({
        'engine': f'PyTorch {torch.__version__} CPU, {options.threads} thread(s)',
        'armModelStepsPerSecond': models * options.steps / min(run[0] for run in arm_runs),
        'ebmModelStepsPerSecond': models * options.steps / min(ebm_runs),
        'tvSeconds': min(tv_runs),
        'wholeCheckSeconds': min(run[1] for run in arm_runs),
        'wholeCheckCpuSeconds': min(run[2] for run in arm_runs),
    }))


if __name__ == '__main__':
    main()
