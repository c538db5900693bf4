"""Every bound mlguide puts on what an author gives it, in one place (docs/limits.md lists them).

A blog generator reads files anyone can send in a pull request. Without bounds, nine lines of
YAML aliases expand to 387 million values, a title of a million characters without a space
takes hours to set on a card, and `mlguide.yml` linked to `/dev/zero` eats all the memory.
Each bound is far above anything a real blog needs, and each is checked before the step it
protects, with an error at the file and line that passes it.
"""

from __future__ import annotations

MB = 1_000_000

# Files read whole.
CONFIG_BYTES = 1 * MB  # mlguide.yml, .authors.yml
POST_BYTES = 10 * MB  # a Markdown post (the guide's longest is under 100 KB)
# A notebook holds its plots as base64: a few MB is usual, 50 MB is a notebook to slim down.
NOTEBOOK_BYTES = 50 * MB
BIBLIOGRAPHY_BYTES = 10 * MB  # a .bib file (a BibTeX entry is a few hundred bytes)
TEMPLATE_BYTES = 1 * MB  # a template in templates/
# A picture, a font or a linked file, published as it is: GitHub Pages refuses larger files.
PUBLISHED_FILE_BYTES = 100 * MB
SCENE_BYTES = 1 * MB  # a scene file in assets/scenes/
DATA_BYTES = 10 * MB  # a file in data/ (talks, publications) that templates read

# Front matter and config: values YAML or TOML builds.
NESTING = 64  # lists and mappings inside each other
YAML_VALUES = 100_000  # values once every alias (`*name`) is expanded

# What a post says about itself.
TITLE_CHARS = 500
DESCRIPTION_CHARS = 1_000
TAGS = 100  # tags and categories of one post
TAG_CHARS = 100
SLUG_CHARS = 200  # a file name holds 255 bytes: the slug names the card files too

# Scenes.
SCENE_SIDE = 4_096  # pixels of a figure's width and height
SCENE_FPS = 60
# Width x height x frames of an animation: its frames are held in memory to share one
# palette (the guide's longest GIF is 100 million; this is about 1.2 GB of frames).
ANIMATION_PIXELS = 400_000_000
OUTPUT_NAME_CHARS = 200  # a figure's `file=`
