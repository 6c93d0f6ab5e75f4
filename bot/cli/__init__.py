"""The privacy-bot command line (one module per command group)."""

from __future__ import annotations


def main() -> int:
    """Run the command line (imported lazily: `privacy-bot ask` loads only what it needs)."""
    from bot.cli.main import main as run

    return run()
