#!/usr/bin/env python3
"""Trains the built-in planner's second opinion (src/planner/classifier.rs): per demo tool, a
logistic regression from the all-MiniLM-L6-v2 embedding of a goal's template to whether its
plan must use that tool (one model per tool, so any combination of tools can be told).

It learns from what `apex bench plan --out` writes for the labelled corpora (each line: the
template the planner read and the labelled tools), so it sees goals the way the planner does,
with places, dates, amounts and addresses already replaced by slots:

    for c in bench/corpus/plan-*.jsonl; do
        ./target/debug/apex bench plan --corpus "$c" --out "/tmp/read-$(basename "$c")" > /dev/null
    done
    "$(scripts/stack.sh python)" bench/corpus/intent_classifier.py \\
        --model-dir "$(scripts/stack.sh model-dir)" /tmp/read-plan-*.jsonl > src/planner/classifier.json

Deterministic (lbfgs, fixed data order). Beside the weights it writes a few `checks` (templates
and what this script's embedding and model say about them): the Rust side, which embeds with
candle rather than PyTorch, must reach the same verdicts (tests/flows/minilm.rs).
"""

import argparse
import collections
import json
import sys

import numpy as np
from sentence_transformers import SentenceTransformer
from sklearn.linear_model import LogisticRegression

MODEL = "all-MiniLM-L6-v2"
TOOLS = ["search_flights", "book_flight", "cancel_flight", "book_hotel", "cancel_hotel", "charge_payment",
         "refund_payment", "send_email"]
# Inverse regularisation strength, chosen leaving each held-out set out of training in turn
# (BENCHMARKS.md, the planner's second opinion).
C = 10.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("read", nargs="+", help="`apex bench plan --out` files")
    args = parser.parse_args()
    labels = collections.defaultdict(collections.Counter)
    for path in sorted(args.read):
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            labels[row["template"]][" ".join(sorted(row["label"]))] += 1
    templates = sorted(labels)
    targets = [set(labels[t].most_common(1)[0][0].split()) for t in templates]
    model = SentenceTransformer(args.model_dir, device="cpu")
    x = model.encode(templates, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    models = [LogisticRegression(C=C, max_iter=5000).fit(x, [tool in t for t in targets]) for tool in TOOLS]
    proba = np.array([m.predict_proba(x)[:, 1] for m in models]).T
    told = [{tool for tool, p in zip(TOOLS, row) if p >= 0.5} for row in proba]
    rng = np.random.default_rng(20261203)
    checks = [{"template": templates[i], "tools": sorted(told[i]),
               "confidence": round(float(np.min(np.maximum(proba[i], 1 - proba[i]))), 4)}
              for i in rng.choice(len(templates), size=12, replace=False)]
    json.dump({
        "model": MODEL,
        "templates": len(templates),
        "fitted": round(float(np.mean([a == b for a, b in zip(told, targets)])), 4),
        "tools": TOOLS,
        "weights": [[round(float(w), 5) for w in m.coef_[0]] for m in models],
        "bias": [round(float(m.intercept_[0]), 5) for m in models],
        "checks": checks,
    }, sys.stdout, separators=(",", ":"))

if __name__ == "__main__":
    main()
