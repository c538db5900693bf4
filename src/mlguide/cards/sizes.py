"""The two card sizes, apart from the drawing code: a build whose cards are all current names
their files without loading the engine (numpy and the rasteriser cost 60 ms of start-up)."""

HERO = (1200, 600)  # the post's picture, light and dark
OG = (1200, 630)  # the social card (og:image, twitter:image)
