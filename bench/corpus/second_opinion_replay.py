#!/usr/bin/env python3
"""Replays the classifier's second opinion (src/planner/classifier.rs) over plans the built-in
planner made at first sight of each held-out set, training the classifier only on the sets
written before it: what the second opinion would have done to the plans users met.

Inputs:
- `--read DIR`: `apex bench plan --out` files of today's planner, `read-plan-<set>.jsonl`
  (their templates are what the classifier reads; see intent_classifier.py for the command);
- `--first-sight DIR`: `apex bench plan --out` files of the planner of the moment each set was
  committed (`first-<n>.jsonl`), made by building that commit:

      for n in $(seq 30 47); do
          c=$(git log --diff-filter=A --format=%h -1 -- bench/corpus/plan-heldout-$n.jsonl)
          git -C /tmp/wt checkout -q --detach $c && cargo build --manifest-path /tmp/wt/Cargo.toml
          /tmp/wt/target/debug/apex bench plan --corpus bench/corpus/plan-heldout-$n.jsonl \\
              --out /tmp/first/first-$n.jsonl
      done

A veto refuses a plan whose tools the classifier, sure from a threshold on, names otherwise;
a fill plans the classifier's tools (sure from 0.9) where the planner recognised nothing. A
fill is scored by its tools only (its values are not checked) and ignores the planner's check
that the goal names what the tools act on: an upper bound on what filling gets right and wrong.

    "$(scripts/stack.sh python)" bench/corpus/second_opinion_replay.py --model-dir "$(scripts/stack.sh model-dir)" \\
        --read /tmp --first-sight /tmp/first 30 47
"""

import argparse
import collections
import json

import numpy as np
from sentence_transformers import SentenceTransformer
from sklearn.linear_model import LogisticRegression

from intent_classifier import C, TOOLS

TOLD = 0.9
NOTHING = "the built-in planner recognises no task"


def set_names(last):
    return ["dev", "heldout"] + [f"heldout-{n}" for n in range(2, last + 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--read", required=True)
    parser.add_argument("--first-sight", required=True)
    parser.add_argument("first", type=int)
    parser.add_argument("last", type=int)
    args = parser.parse_args()
    order = set_names(args.last)
    read = {s: [json.loads(line) for line in open(f"{args.read}/read-plan-{s}.jsonl", encoding="utf-8")]
            for s in order}
    rows = {}
    for s in order:
        for goal in read[s]:
            rows.setdefault((s, goal["template"]), set(goal["label"]))
    keys = list(rows)
    model = SentenceTransformer(args.model_dir, device="cpu")
    x = model.encode([t for _, t in keys], batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    thresholds = [0.5, 0.6, 0.7, 0.8, 0.9]
    base, outcome = collections.Counter(), {th: collections.Counter() for th in thresholds}
    for n in range(args.first, args.last + 1):
        s = f"heldout-{n}"
        train = [i for i, (k, _) in enumerate(keys) if order.index(k) < order.index(s)]
        test = {keys[i][1]: i for i, (k, _) in enumerate(keys) if k == s}
        models = [LogisticRegression(C=C, max_iter=5000).fit(x[train], [tool in rows[keys[i]] for i in train])
                  for tool in TOOLS]
        proba = np.array([m.predict_proba(x[list(test.values())])[:, 1] for m in models]).T
        told = {t: ({tool for tool, p in zip(TOOLS, row) if p >= 0.5}, float(np.min(np.maximum(row, 1 - row))))
                for t, row in zip(test, proba)}
        first = [json.loads(line) for line in open(f"{args.first_sight}/first-{n}.jsonl", encoding="utf-8")]
        for now, then in zip(read[s], first):
            verdict = then["verdict"] if then["verdict"] in ("right", "refused") else "wrong"
            tools, (opinion, confidence) = set(then["tools"]), told[now["template"]]
            base[verdict] += 1
            for th in thresholds:
                if tools and confidence >= th and opinion != tools:
                    outcome[th]["refused"] += 1
                    outcome[th][f"vetoed {verdict}"] += 1
                elif (not tools and opinion and confidence >= TOLD
                      and (not then["why"] or then["why"].startswith(NOTHING))):
                    fill = "right" if opinion == set(now["label"]) else "wrong"
                    outcome[th][fill] += 1
                    outcome[th][f"filled {fill}"] += 1
                else:
                    outcome[th][verdict] += 1
    total = sum(base.values())
    share = lambda c: " / ".join(f"{c[v] * 100 / total:.2f}" for v in ("right", "wrong", "refused"))
    print(f"{total} goals, right / wrong / refused")
    print(f"planner alone: {share(base)}")
    for th in thresholds:
        detail = {k: v for k, v in sorted(outcome[th].items()) if " " in k}
        print(f"veto from {th}: {share(outcome[th])} {detail}")


if __name__ == "__main__":
    main()
