"""Makes the fixture of ExtraTreesParityTest: scikit-learn's ExtraTreesClassifier accuracy over many seeds.

    /usr/bin/python3 make_extra_trees_fixture.py OUT_DIR        (Debian 12: apt-get install python3-sklearn)

Data: scikit-learn's digits (the file jobs/fetch-data extracts from the same Debian package,
data/sklearn/digits.csv.gz: 1,797 rows of 64 pixel features and a label), rows in file order, the first 1,000 for
training and the other 797 for testing. For each column set (all 64 pixels: 8 features visited per node; the first
30: 5 visited, and many columns constant in a node), 50 trees with scikit-learn's defaults (max_features="sqrt", no
bootstrap, fully grown), random_state 0..39, one job. Writes OUT_DIR/extra_trees_digits.json with the test accuracy
of each seed.
"""
import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.ensemble import ExtraTreesClassifier

TRAIN = 1000
SEEDS = 40
TREES = 50
COLUMN_SETS = {"all64": list(range(64)), "first30": list(range(30))}


def main(out_dir):
    digits = load_digits()
    x = digits.data.astype(np.float32)
    y = digits.target
    out = {"sklearn": sklearn.__version__, "train": TRAIN, "trees": TREES, "columnSets": {}}
    for name, columns in COLUMN_SETS.items():
        accuracies = []
        for seed in range(SEEDS):
            forest = ExtraTreesClassifier(n_estimators=TREES, max_features="sqrt", random_state=seed, n_jobs=1)
            forest.fit(x[:TRAIN, columns], y[:TRAIN])
            accuracies.append(float(forest.score(x[TRAIN:, columns], y[TRAIN:])))
        out["columnSets"][name] = {"columns": columns, "accuracy": accuracies}
    Path(out_dir, "extra_trees_digits.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
