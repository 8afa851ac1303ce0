"""The Inner Mongolia policy-platform atlas generator.

Reads the YAML records under ``data/``, validates them, and writes Markdown
pages, map files and open-data exports for a static-site publisher.

    python -m generator validate data        # check the data
    python -m generator build --out build/docs  # write the docs tree
"""
