"""How far a name is from a name the author meant: a typo, not another word.

difflib's ratio misses the commonest slip, two letters swapped (`tgas` is 0.75 from `tags`,
below any cutoff that does not also match unrelated words), so the edit distance with swaps
(optimal string alignment) is counted too.
"""

from __future__ import annotations


def slips(a: str, b: str) -> int:
    """Edits from `a` to `b`: a letter left out, added or changed, or two neighbours swapped."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def one_slip_away(typed: str, meant: str) -> bool:
    """One slip for a word of four letters or more (`tgas`, `titel`); a shorter word can turn
    into another by one slip (`url`, `uri`), so it never counts."""
    return len(meant) >= 4 and typed != meant and slips(typed, meant) == 1
