"""Entry point: ``python -m generator`` runs :func:`generator.cli.main`."""
import sys

from generator.cli import main

sys.exit(main())
