"""``python -m kennan`` works like ``kennan``."""

from .cli import main

if __name__ == "__main__":
    main()
