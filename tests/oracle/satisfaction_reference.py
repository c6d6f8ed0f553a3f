#!/usr/bin/env python3
"""Reference computation of the satisfaction indexes for the fixed responses of tests/core/survey_test.cpp,
written from the formulas in docs/satisfaction.md (not from the C++ code), python3 standard library only.

Run: python3 tests/oracle/satisfaction_reference.py   (prints the values the C++ test expects)
"""
from math import sqrt

Z = 1.959963984540054
SATISFIED_FROM = 4
SCALE = {1, 2, 3, 4, 5}
ELEMENTS = {"A": ["a1", "a2"], "B": ["b1", "b2"], "C": ["c1"]}
# None = blank; "x" = marked invalid; numbers as given (off-scale or fractional numbers are invalid answers).
RESPONSES = [
    {"a1": 5, "a2": 4, "b1": 3, "c1": 4},
    {"a1": 4, "a2": 2, "b1": 5, "c1": "x"},
    {"a1": 1, "b1": 4, "c1": 5},
    {"a1": 7, "a2": 5, "b1": 2, "c1": 2},
    {"a1": 3, "a2": 4, "b1": 4, "c1": 4.5},
    {},
]


def mark(r, c):
    """None when there is no valid answer, else 1 (satisfied) or 0."""
    v = r.get(c)
    if not isinstance(v, (int, float)) or v != int(v) or int(v) not in SCALE:
        return None
    return 1 if v >= SATISFIED_FROM else 0


def wilson(s, n):
    p = s / n
    d = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / d
    half = Z / d * sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return p, max(0.0, centre - half), min(1.0, centre + half)


def linearised(criteria):
    """Mean of the answered criteria's shares and each respondent's influence on it."""
    shares = {}
    for c in criteria:
        marks = [mark(r, c) for r in RESPONSES if mark(r, c) is not None]
        if marks:
            shares[c] = (sum(marks) / len(marks), len(marks))
    if not shares:
        return None
    k = len(shares)
    value = sum(p for p, _ in shares.values()) / k
    influence = []
    for r in RESPONSES:
        z = 0.0
        for c, (p, v) in shares.items():
            m = mark(r, c)
            if m is not None:
                z += (m - p) / v
        influence.append(z / k)
    n = sum(1 for r in RESPONSES if any(mark(r, c) is not None for c in shares))
    return value, influence, n


def interval(parts, n):
    value = sum(p[0] for p in parts) / len(parts)
    ss = 0.0
    for i in range(len(RESPONSES)):
        z = sum(p[1][i] for p in parts) / len(parts)
        ss += z * z
    se = sqrt(n / (n - 1) * ss)
    return value, max(0.0, value - Z * se), min(1.0, value + Z * se)


parts = []
for e, criteria in ELEMENTS.items():
    for c in criteria:
        marks = [mark(r, c) for r in RESPONSES if mark(r, c) is not None]
        if marks:
            print("criterion %s n=%d %.12f %.12f %.12f" % ((c, len(marks)) + tuple(100 * x for x in wilson(sum(marks), len(marks)))))
        else:
            print("criterion %s n=0" % c)
    lin = linearised(criteria)
    parts.append(lin)
    print("element %s n=%d %.12f %.12f %.12f" % ((e, lin[2]) + tuple(100 * x for x in interval([lin], lin[2]))))
n = sum(1 for r in RESPONSES if any(mark(r, c) is not None for cs in ELEMENTS.values() for c in cs))
print("overall n=%d %.12f %.12f %.12f" % ((n,) + tuple(100 * x for x in interval(parts, n))))
print("wilson 8/10 %.12f %.12f" % wilson(8, 10)[1:])
