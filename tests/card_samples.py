"""Twelve posts that make a card work hard: read by the card tests, `benchmarks/cards.py` and
`scripts/cards_sheet.py` (which draws them into docs/cards-sheet.png for review)."""

from __future__ import annotations

from mlguide.cards import CardText

SITE = "ML Guide"

SAMPLES: dict[str, CardText] = {
    "typical": CardText(
        SITE,
        "Feature stores: when a plain Postgres table is enough",
        "What a feature store buys you, what it costs, and a checklist for deciding whether "
        "your team needs one this year.",
        "26 November 2026",
        ("mlops", "feature-store", "postgres"),
    ),
    "tiny": CardText(SITE, "Hi!", "Three characters of title.", "1 January 2026", ("meta",)),
    "the-guide": CardText(
        SITE,
        "10 steps to build a machine learning model: the complete ML pipeline",
        "Ten steps to build a machine learning model, from framing the problem and preparing "
        "the data to deployment and monitoring, with a checklist for each.",
        "26 November 2026",
        ("machine-learning", "mlops", "tutorial"),
    ),
    "long-title": CardText(
        SITE,
        "A very long title about gradient boosting, early stopping, learning-rate schedules, "
        "shrinkage, subsampling and why your validation curve lies to you when the split "
        "leaks time, in 200 chars",
        "It goes on and on.",
        "3 March 2026",
        ("boosting", "validation"),
    ),
    "unbroken": CardText(
        SITE,
        "Pneumonoultramicroscopicsilicovolcanoconiosis and sklearn.model_selection."
        "HalvingRandomSearchCV",
        "Forty-character words and dotted names have to break somewhere.",
        "9 February 2026",
        ("naming",),
    ),
    "bare": CardText(SITE, "A post with nothing but a title", "", "", ()),
    "long-description": CardText(
        SITE,
        "Calibration, checked",
        " ".join(
            ["A reliability diagram shows whether predicted probabilities mean what they say."] * 6
        ),
        "14 April 2026",
        ("calibration", "evaluation"),
    ),
    "many-tags": CardText(
        SITE,
        "Twelve tags, most of them long",
        "Only those that fit are drawn; the rest are dropped, never squeezed.",
        "30 September 2026",
        tuple(
            f"{name}"
            for name in (
                "machine-learning-operations-at-scale",
                "feature-engineering",
                "data-validation",
                "monitoring",
                "drift",
                "retraining",
                "kubernetes",
                "python",
                "great-expectations",
                "evidently",
                "airflow",
                "a-tag-with-a-name-far-longer-than-any-pill-should-ever-be",
            )
        ),
    ),
    "greek": CardText(
        SITE,
        "Η εκπαίδευση ενός μοντέλου με λίγα δεδομένα",
        "Μικρά σύνολα δεδομένων, διασταυρωμένη επικύρωση και τι να προσέξετε.",
        "12 Μαΐου 2026",
        ("μηχανική-μάθηση",),
    ),
    "cyrillic": CardText(
        SITE,
        "Как мы ускорили обучение модели в три раза",
        "Профилирование, смешанная точность и кэширование признаков: что сработало.",
        "5 июня 2026",
        ("оптимизация", "pytorch"),
    ),
    "accents": CardText(
        "Le carnet d'apprentissage automatique de Zoë & Ångström Ærø",
        "Học máy: ÉTUDE DES ÅRSRAPPORTER ŒUVRES — Ǻ Ấ Ợ Ỹ gjpqy",
        "Stacked marks above capitals sit under descenders without touching them.",
        "7 juillet 2026",
        ("diacritics", "vietnamese"),
    ),
    "code": CardText(
        SITE,
        "Why pd.merge silently drops rows (and how to catch it in CI)",
        "An inner join, a type mismatch on the key, and a 3-line assertion that would have "
        "caught it.",
        "18 August 2026",
        ("pandas", "testing", "data-quality", "ci"),
    ),
}
