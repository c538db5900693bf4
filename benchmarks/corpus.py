"""Deterministic blog corpora for the build benchmarks, as a project each generator can build.

The benchmark compares mlguide with Hugo and Pelican, so all three must build the same posts:
`write_corpus` lays one corpus out as an mlguide project (content/ + assets/ + mlguide.yml), a
Hugo site and a Pelican site. Page 0 is the real guide from this repository's content/, with
its pictures; pages 1..N-1 are synthetic posts shaped like real ones (front matter with title,
date, description and tags; headings, lists, tables, code in several languages, figures, links
to earlier posts). Page i depends only on (seed, i), so a 1,000-page corpus is the first 1,000
pages of the 10,000-page one.

Run: python benchmarks/corpus.py OUT --pages 1000 [--seed 1] [--ssg mlguide,hugo,pelican]
     python benchmarks/corpus.py edit FILE   (appends one sentence: the benchmark's edit)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "content" / "ten-steps-to-build-a-machine-learning-model.md"
IMAGES = ("*.png", "*.gif", "*.webp")  # the pictures in assets/, not its scenes or manifest
SSGS = ("mlguide", "hugo", "pelican")


def words(text: str) -> list[str]:
    return text.split("|")


TOPICS = words(
    "feature stores|data validation|drift monitoring|experiment tracking|label quality|"
    "batch scoring|online inference|A/B tests|vector search|demand forecasting|"
    "gradient boosting|data contracts|model cards|GPU budgets|training pipelines|"
    "schema changes|shadow deployments|evaluation sets|prompt testing|cost dashboards"
)
TITLES = words(
    "How we run {t}|{T} without a platform team|A field guide to {t}|Six lessons from {t}|"
    "{T} in a small team|What nobody tells you about {t}|{T}, one year later|"
    "Getting {t} right the second time|A checklist for {t}|Why {t} broke in production"
)
SECTIONS = words(
    "Why it matters|The setup we started with|What went wrong|Measuring it|A better design|"
    "Trade-offs|Rolling it out|Costs|Who owns it|What we would change|Testing it"
)
SUBSECTIONS = words("An example|Pitfalls|The numbers|Tooling|Edge cases|A quick check|Habits")
WHO = words(
    "the nightly job|our feature pipeline|the holdout set|the serving layer|each experiment|"
    "the data contract|the on-call engineer|the labeling vendor|the baseline model|"
    "the warehouse export|the evaluation harness|the retraining schedule|the model registry"
)
DOES = words(
    "hides|exposes|depends on|simplifies|amplifies|tracks|absorbs|documents|rarely catches|"
    "quietly changes|should own|has to survive|makes visible|breaks on"
)
WHAT = words(
    "schema drift|noisy labels|the latency budget|late events|a unit change|false positives|"
    "stale features|rare classes|duplicate rows|a leaky join|seasonal traffic|a costly rerun|"
    "the rollback path|review time|cold starts|skewed joins"
)
WHEN = words(
    "when the data shifts|before anyone opens a notebook|once traffic doubles|in a quiet week|"
    "in the first month|unless someone writes it down|on every pull request|after a retrain|"
    "at the worst moment|even on small data|during an incident"
)
LEAD = words("In practice, |Usually, |In our case, |Oddly, |On paper, |Over time, |||||")
INLINE_CODE = words(
    "fit()|df.dropna()|--dry-run|model.pkl|max_depth=6|GROUP BY user_id|pytest -x|git bisect"
)
TAGS = words(
    "mlops|data-quality|python|monitoring|features|deployment|evaluation|pipelines|"
    "experiments|infrastructure|testing|statistics|sql|llm|careers"
)
METRICS = words("Precision|Recall|F1|ROC AUC|p95 latency (ms)|MAE|Cost per 1k calls ($)")
TOOLS = words("cron and SQL|Airflow|Dagster|a feature store|a managed endpoint|dbt|Kubernetes")
STILLS = (  # repository pictures synthetic posts show as figures: (file, alt text)
    ("ml-model-gif-01-lifecycle-still.png", "Six stages of a model's lifecycle in a row"),
    ("ml-model-gif-03-data-prep-still.png", "Raw rows narrowing through cleaning into features"),
    ("ml-model-gif-06-evaluate-still.png", "Test metrics broken down by slice"),
)


@dataclass(frozen=True)
class Post:
    name: str  # file name in content/
    title: str
    date: str  # ISO
    description: str
    tags: tuple[str, ...]
    slug: str
    front: str  # front matter as written in content/ (YAML; the guide's verbatim)
    body: str  # Markdown after the front matter


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def title_and_slug(seed: int, i: int) -> tuple[str, str]:
    """Cheap on its own, so a post can link to earlier posts without generating them."""
    r = random.Random(f"{seed}:{i}:title")  # a str seed is hashed: stable on every machine
    topic = r.choice(TOPICS)
    title = r.choice(TITLES).format(t=topic, T=topic[0].upper() + topic[1:])
    return title, f"{slugify(title)}-{i}"


def sentence(r: random.Random, seed: int, i: int, plain: bool = False) -> str:
    what, k = r.choice(WHAT), r.random()
    if not plain and i > 1 and k < 0.08:  # a link to an earlier post
        title, slug = title_and_slug(seed, r.randrange(1, i))
        what = f"[{title.lower()}](../{slug}/)"
    elif not plain and k < 0.12:
        what = "[the guide](../ten-steps-to-build-a-machine-learning-model/)"
    elif not plain and k < 0.30:
        what = f"`{r.choice(INLINE_CODE)}`"
    elif not plain and k < 0.40:
        what = f"*{what}*" if k < 0.36 else f"**{what}**"
    text = f"{r.choice(LEAD)}{r.choice(WHO)} {r.choice(DOES)} {what} {r.choice(WHEN)}."
    return text[0].upper() + text[1:]


def paragraph(r: random.Random, seed: int, i: int, n: tuple[int, int] = (3, 5)) -> str:
    return " ".join(sentence(r, seed, i) for _ in range(r.randint(*n)))


def bullets(r: random.Random, seed: int, i: int, ordered: bool = False) -> str:
    items = (sentence(r, seed, i)[:-1] for _ in range(r.randint(3, 6)))
    return "\n".join(f"{f'{k}.' if ordered else '-'} {item}" for k, item in enumerate(items, 1))


def metrics_table(r: random.Random) -> str:
    rows = ["| Metric | Baseline | Candidate | Change |", "|---|---:|---:|---:|"]
    for name in r.sample(METRICS, r.randint(3, 6)):
        a = r.uniform(5, 400) if "(" in name else r.uniform(0.5, 0.95)
        b = a * r.uniform(0.85, 1.2)
        rows.append(f"| {name} | {a:.3f} | {b:.3f} | {100 * (b - a) / a:+.1f}% |")
    return "\n".join(rows)


def options_table(r: random.Random) -> str:
    rows = ["| Option | Good for | Watch out for |", "|---|---|---|"]
    rows += [f"| {t} | {r.choice(WHAT)} | {r.choice(WHAT)} |" for t in r.sample(TOOLS, 4)]
    return "\n".join(rows)


def code_block(r: random.Random) -> str:
    col, key, n = r.choice(words("score|latency_ms|spend")), r.choice(TAGS), r.randint(3, 50)
    snippets = {
        "python": f"def top_{key.replace('-', '_')}(df, threshold={r.random():.2f}):\n"
        f'    """Rows above the threshold, grouped."""\n'
        f'    mask = df["{col}"] >= threshold\n'
        f'    return df.loc[mask].groupby("region")["{col}"].agg(["mean", "count"]).head({n})',
        "bash": f"set -euo pipefail\nexport RUN_ID=$(date +%s)\n"
        f"python train.py --config configs/{key}.yaml --seed {n}\n"
        f"aws s3 cp model.pkl s3://models/{key}/$RUN_ID/",
        "sql": f"SELECT region, AVG({col}) AS mean_{col}, COUNT(*) AS n\nFROM events\n"
        f"WHERE day >= CURRENT_DATE - INTERVAL '{n} days'\nGROUP BY region\nORDER BY n DESC;",
        "yaml": f"model:\n  name: {key}\n  max_depth: {n % 12 + 2}\n"
        f"data:\n  split: time\n  holdout_days: {n}\nalerts:\n  - metric: {col}\n    above: 0.9",
        "json": json.dumps({"model": key, "cutoff": round(r.random(), 2), "days": n}, indent=2),
    }
    lang = r.choice(sorted(snippets))
    return f"```{lang}\n{snippets[lang]}\n```"


def synthetic_post(seed: int, i: int) -> Post:
    r = random.Random(f"{seed}:{i}")
    title, slug = title_and_slug(seed, i)
    date = dt.date(2019, 1, 1) + dt.timedelta(days=r.randrange(2400))
    description = sentence(r, seed, i, plain=True)
    while len(description) < 60:  # mlguide's checklist wants 50-160 characters
        description += " " + sentence(r, seed, i, plain=True)
    description = description[:158]
    tags = tuple(sorted(r.sample(TAGS, r.randint(2, 4))))
    extras: list[Callable[[], str]] = [
        lambda: metrics_table(r),
        lambda: code_block(r),
        lambda: options_table(r),
        lambda: code_block(r),
        lambda: bullets(r, seed, i, ordered=True),
        lambda: "> " + paragraph(r, seed, i, (2, 3)),
    ]
    r.shuffle(extras)
    out = [paragraph(r, seed, i), paragraph(r, seed, i)]
    if r.random() < 0.3:
        still, alt = r.choice(STILLS)
        out.append(f'![{alt}](../assets/{still} "{title}: the picture behind it")')
    headings = r.sample(SECTIONS, 5)
    for heading, extra in zip(headings, extras, strict=False):
        out += [f"## {heading}", paragraph(r, seed, i), paragraph(r, seed, i)]
        out += [f"### {r.choice(SUBSECTIONS)}", paragraph(r, seed, i, (2, 4))]
        out += [bullets(r, seed, i) if r.random() < 0.5 else paragraph(r, seed, i), extra()]
    back = f"Back to [{headings[0].lower()}](#{slugify(headings[0])})."
    out += ["## Wrapping up", paragraph(r, seed, i), back]
    q = json.dumps  # a JSON string is a YAML scalar
    front = (
        f"title: {q(title)}\ndate: {date.isoformat()}\ndescription: {q(description)}\n"
        f"tags: [{', '.join(tags)}]\nslug: {slug}\n"
    )
    body = "\n\n".join(out) + "\n"
    return Post(f"{i:05d}-{slug}.md", title, date.isoformat(), description, tags, slug, front, body)


def guide_post() -> Post:
    """Page 0: the repository's own guide, front matter and all."""
    _, front, body = GUIDE.read_text(encoding="utf-8").split("---\n", 2)
    import yaml  # only here: mlguide's venv has it, the generated pages do not need it

    m = yaml.safe_load(front)
    return Post(
        f"00000-{GUIDE.name}",
        m["title"],
        str(m["date"]),
        m["description"],
        tuple(m["tags"]),
        m["slug"],
        front,
        body,
    )


def posts(pages: int, seed: int) -> Iterable[Post]:
    for i in range(pages):
        yield guide_post() if i == 0 else synthetic_post(seed, i)


HUGO_CONFIG = """baseURL = "https://bench.mlguide.dev/"
title = "Bench blog"
languageCode = "en"
buildFuture = true
[taxonomies]
tag = "tags"
"""
HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description | default .Site.Title }}">
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
· {{ .ReadingTime }} min read</p>
<ul>{{ range .Params.tags }}
<li><a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
<nav>{{ .TableOfContents }}</nav>
{{ .Content }}</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Description }}</p></li>{{ end }}</ul>{{ end }}
"""
PELICAN_CONFIG = """AUTHOR = "bench"
SITENAME = "Bench blog"
SITEURL = ""
PATH = "content"
STATIC_PATHS = ["assets"]
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
"""


def write_corpus(
    out: Path,
    pages: int,
    seed: int = 1,
    ssgs: Iterable[str] = SSGS,
    config: dict[str, object] | None = None,
    tags: bool = True,
) -> dict[str, Path]:
    """Write the corpus as one site per generator; returns {ssg: site folder}.

    `config` adds keys to mlguide.yml (a feature switch such as `search: false`); `tags=False`
    writes every post without tags, to measure what tag pages and feeds cost.
    """
    sites = {ssg: out / ssg for ssg in ssgs}
    content = {ssg: site / "content" for ssg, site in sites.items()}
    images = {"mlguide": "assets", "hugo": "static/assets", "pelican": "content/assets"}
    for ssg, site in sites.items():
        content[ssg].mkdir(parents=True, exist_ok=True)
        (site / images[ssg]).mkdir(parents=True, exist_ok=True)
        for pattern in IMAGES:
            for picture in (REPO / "assets").glob(pattern):
                shutil.copyfile(picture, site / images[ssg] / picture.name)
    for post in posts(pages, seed):
        front = post.front if tags else re.sub(r"(?m)^tags:.*\n", "", post.front)
        markdown = f"---\n{front}---\n\n{post.body}"
        for ssg in ("mlguide", "hugo"):
            if ssg in sites:
                (content[ssg] / post.name).write_text(markdown, encoding="utf-8")
        if "pelican" in sites:  # Pelican reads "Key: value" metadata, not YAML
            head = (
                f"Title: {post.title}\nDate: {post.date}\nSlug: {post.slug}\n"
                f"Tags: {', '.join(post.tags)}\nSummary: {post.description}\n\n"
            )
            (content["pelican"] / post.name).write_text(head + post.body, encoding="utf-8")
    if "mlguide" in sites:
        settings = {
            "title": "Bench blog",
            "base_url": "https://bench.mlguide.dev/",
            "description": "A synthetic blog for mlguide's build benchmark.",
            **(config or {}),
        }
        (sites["mlguide"] / "mlguide.yml").write_text(
            "".join(f"{k}: {json.dumps(v)}\n" for k, v in settings.items()), encoding="utf-8"
        )
    if "hugo" in sites:
        layouts = sites["hugo"] / "layouts" / "_default"
        layouts.mkdir(parents=True, exist_ok=True)
        (sites["hugo"] / "config.toml").write_text(HUGO_CONFIG)
        for name, text in (("baseof", HUGO_BASEOF), ("single", HUGO_SINGLE), ("list", HUGO_LIST)):
            (layouts / f"{name}.html").write_text(text)
    if "pelican" in sites:
        (sites["pelican"] / "pelicanconf.py").write_text(PELICAN_CONFIG)
    return sites


def edit(path: Path) -> None:
    """One more sentence at the end of a post: the benchmark's "author saved a change"."""
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\nOne more sentence, added by the benchmark's edit.\n")


def main(argv: list[str]) -> None:
    if argv[:1] == ["edit"] and len(argv) == 2:
        edit(Path(argv[1]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ssg", default=",".join(SSGS), help="comma-separated: " + ",".join(SSGS))
    args = parser.parse_args(argv)
    unknown = set(args.ssg.split(",")) - set(SSGS)
    if unknown:
        parser.error(f"unknown generator {', '.join(sorted(unknown))}")
    for ssg, site in write_corpus(args.out, args.pages, args.seed, args.ssg.split(",")).items():
        print(f"{ssg}: {site}")


if __name__ == "__main__":
    main(sys.argv[1:])
