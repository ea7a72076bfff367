"""Argparse floor: the status screen with the standard library's parser and Rich."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from floor_screen import show


def main() -> None:
    parser = argparse.ArgumentParser(description="Show progress per area.")
    parser.add_argument("--register", "-r", type=Path, required=True)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today())
    options = parser.parse_args()
    show(options.register, options.as_of)


if __name__ == "__main__":
    main()
