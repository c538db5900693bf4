"""The project's figures: scene files found in `assets/scenes/`, loaded, and drawn to files.

The package holds the engine and the kit; the scenes, and every word they show, belong to
the project.
"""
